import { readFile } from 'node:fs/promises';
import { findDashboardIssue, openDashboardItems, parseDependencyDashboard, type DashboardEntry } from '../../domain/renovate/dashboard.js';
import { formatDashboard, formatQueueTable } from '../../domain/renovate/format.js';
import { prsFromJson } from '../../domain/renovate/pr-input.js';
import { buildQueue } from '../../domain/renovate/queue.js';
import { ruleProblems, type RenovateRule } from '../../domain/renovate/rules.js';
import type { QueueEntry } from '../../domain/renovate/types.js';
import { redactSecrets } from '../../domain/redact.js';
import { ConfigError, loadConfig } from '../../services/config/load.js';
import { parseCommandArgs } from '../args.js';
import type { CommandModule } from '../command.js';
import { UserError } from '../errors.js';

const USAGE = `usage: homelab-console queue [--json] [--prs-file FILE]

Lists open pull requests in Renovate merge order (1 non-major bundles, 2 platform, 3 monitoring,
4 core, 5 apps, 6 databases) with risk, update type, packages, mergeable, CI, age, affected apps.

  --json           print { "prs": [ … ], "dashboard": … } instead of the table
  --prs-file FILE  read a saved Gitea PR list (GET /pulls) or /issues list instead of the server
`;

interface QueueDoc {
  prs: QueueEntry[];
  dashboard: { number: number; title: string; items: DashboardEntry[] } | null;
}

function configuredRules(): RenovateRule[] {
  let rules: RenovateRule[];
  try {
    rules = loadConfig().config.renovate.extraRules;
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message, 2);
    throw err;
  }
  const problems = ruleProblems(rules);
  if (problems.length) throw new UserError(`config: ${problems[0]}`, 2);
  return rules;
}

async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(`queue: cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`, 2);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new UserError(`queue: ${file} is not JSON: ${(err as Error).message.split('\n')[0]}`, 2);
  }
}

/** The queue from a saved list; an /issues list may also carry the Dependency Dashboard. */
export function queueFromDocument(doc: unknown, rules: readonly RenovateRule[], now = new Date()): QueueDoc {
  if (typeof doc !== 'object' || doc === null) throw new UserError('queue: expected a JSON list of pull requests or issues', 2);
  const prs = buildQueue(prsFromJson(doc), { rules, now });
  const list = Array.isArray(doc) ? (doc as Array<{ number?: unknown; title?: unknown; body?: unknown; state?: unknown; pull_request?: unknown }>) : [];
  const issue = findDashboardIssue(list);
  const dashboard =
    issue && typeof issue.number === 'number' && typeof issue.body === 'string'
      ? { number: issue.number, title: String(issue.title), items: openDashboardItems(parseDependencyDashboard(issue.body)) }
      : null;
  return { prs, dashboard };
}

const command: CommandModule = {
  summary: 'Renovate PRs in merge order with category, risk and CI',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('queue', argv, {
      json: { type: 'boolean', default: false },
      'prs-file': { type: 'string' },
    });
    const rules = configuredRules();
    const file = values['prs-file'];
    if (file === undefined) {
      throw new UserError('queue: live mode needs the Gitea client, which is not wired yet; pass --prs-file FILE', 2);
    }
    const doc = queueFromDocument(await readJsonFile(file), rules);
    if (values.json) {
      process.stdout.write(redactSecrets(JSON.stringify(doc, null, 2)) + '\n');
      return 0;
    }
    let out = formatQueueTable(doc.prs);
    if (doc.dashboard) out += '\n' + formatDashboard(doc.dashboard);
    process.stdout.write(redactSecrets(out));
    return 0;
  },
};
export default command;
