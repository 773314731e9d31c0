import { readFile } from 'node:fs/promises';
import type { ApplicationView } from '../../domain/health/types.js';
import { findDashboardIssue, openDashboardItems, parseDependencyDashboard, type DashboardEntry } from '../../domain/renovate/dashboard.js';
import { formatDashboard, formatQueueTable } from '../../domain/renovate/format.js';
import { prsFromJson } from '../../domain/renovate/pr-input.js';
import { buildQueue } from '../../domain/renovate/queue.js';
import { ruleProblems, type RenovateRule } from '../../domain/renovate/rules.js';
import type { QueueEntry } from '../../domain/renovate/types.js';
import type { ConsoleConfig } from '../../services/config/schema.js';
import type { GiteaClient } from '../../services/gitea/client.js';
import { kubeAppControl } from '../../services/renovate/adapters.js';
import { findLiveDashboard } from '../../services/renovate/dashboard-source.js';
import { loadLiveQueue } from '../../services/renovate/live-queue.js';
import { parseCommandArgs } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { writeErr, writeJson, writeOut } from '../output.js';
import { CONFIG_OPTIONS, CONFIG_USAGE, GITEA_OPTIONS, openContext, type CliContext, type GiteaFlags, type KubeChoice } from '../context.js';
import { giteaFailure } from '../gitea-live.js';

const USAGE = `usage: homelab-console queue [--json] [--prs-file FILE] [--repo owner/name] [--context NAME] [--config FILE]

Lists open pull requests in Renovate merge order (1 non-major bundles, 2 platform, 3 monitoring,
4 core, 5 apps, 6 databases) with risk, update type, packages, mergeable, CI, age, affected apps,
and the Dependency Dashboard's open items. Read-only: nothing is merged, ticked or edited.

  --json             print { "prs": [ … ], "dashboard": … } instead of the table
  --prs-file FILE    read a saved Gitea PR list (GET /pulls) or /issues list instead of the server
  --repo owner/name  the homelab repository (default: config gitea.repo, else the git remote)
  --context NAME     kube context whose ArgoCD Applications name the affected apps (live mode)
  --url, --token, --login NAME   which Gitea, as for 'plan --issue'
${CONFIG_USAGE}
`;

interface QueueDoc {
  prs: QueueEntry[];
  dashboard: { number: number; title: string; items: DashboardEntry[] } | null;
}

function configuredRules(config: ConsoleConfig): RenovateRule[] {
  const rules = config.renovate.extraRules;
  const problems = ruleProblems(rules);
  if (problems.length) throw new UserError(`config: ${problems[0]}`, 2);
  return rules;
}

async function giteaClient(ctx: CliContext, flags: GiteaFlags): Promise<GiteaClient> {
  try {
    const { client, creds } = await ctx.gitea(flags);
    for (const w of creds.warnings) writeErr(`homelab-console: warning: ${w}\n`);
    return client;
  } catch (err) {
    return giteaFailure('queue', err);
  }
}

/** ArgoCD Applications for the affected-apps column; without a reachable cluster the column stays empty. */
async function applications(kube: KubeChoice): Promise<ApplicationView[]> {
  try {
    const { loadKubeTarget } = await import('../../services/kube/kubeconfig.js');
    const { KubeHttp } = await import('../../services/kube/http.js');
    const { createKubeWriter } = await import('../../services/kube/writer.js');
    const target = await loadKubeTarget({ context: kube.context, env: kube.env });
    const http = new KubeHttp(target, 10_000);
    return await kubeAppControl({ http, writer: createKubeWriter(http, { readOnly: true, dryRun: false }) }).list();
  } catch (err) {
    writeErr(`homelab-console: warning: no ArgoCD Applications (affected apps unknown): ${(err as Error).message.split('\n')[0] ?? ''}\n`);
    return [];
  }
}

async function liveQueue(ctx: CliContext, rules: RenovateRule[], flags: GiteaFlags, context: string | undefined): Promise<QueueDoc> {
  const client = await giteaClient(ctx, flags);
  try {
    // Gitea first: a bad token fails here, before the cluster is contacted.
    const dashboardIssue = await findLiveDashboard(client);
    const prs = await loadLiveQueue(client, { rules, apps: await applications(ctx.kube(context)) });
    const dashboard = dashboardIssue
      ? { number: dashboardIssue.number, title: dashboardIssue.title, items: openDashboardItems(parseDependencyDashboard(dashboardIssue.body)) }
      : null;
    return { prs, dashboard };
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(`queue: ${(err as Error).message}`, 1);
  } finally {
    await client.close();
  }
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
      context: { type: 'string' },
      ...GITEA_OPTIONS,
      ...CONFIG_OPTIONS,
    });
    const repo = values.repo;
    if (repo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(repo)) throw new UsageError(`queue: --repo takes owner/name, got '${repo}'`);
    const ctx = openContext('queue', values);
    const rules = configuredRules(ctx.config);
    const file = values['prs-file'];
    const doc = file === undefined ? await liveQueue(ctx, rules, values, values.context) : queueFromDocument(await readJsonFile(file), rules);
    if (values.json) {
      writeJson(doc);
      return 0;
    }
    let out = formatQueueTable(doc.prs);
    if (doc.dashboard) out += '\n' + formatDashboard(doc.dashboard);
    writeOut(out);
    return 0;
  },
};
export default command;
