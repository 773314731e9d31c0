import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { redactSecrets, registerSecret } from '../../domain/redact.js';
import { DEFAULT_THRESHOLDS } from '../../domain/health/types.js';
import { ConfigError, expandHome, loadConfig } from '../../services/config/load.js';
import type { ConsoleConfig } from '../../services/config/schema.js';
import { DeferredEngine } from '../../services/engine/deferred.js';
import { createStores } from '../../store/index.js';
import { pushMessage } from '../../store/session-store.js';
import type { CommandModule } from '../command.js';
import { runConsole, uiSettings } from '../console-runner.js';
import { UserError } from '../errors.js';
import { parseConsoleFlags, runModeOf } from '../console-flags.js';

const USAGE = `usage: homelab-console [console] [--issue N] [--focus LAYER|ID,...] [--context NAME]
                       [--repo owner/name] [--read-only] [--dry-run] [--config FILE]

Opens the full-screen console on the newest open issue labelled maintenance (or issue N), with
the Action items, Layer health, Ceph and Renovate queue panes. Press ? inside for every key.

  --issue N          work on issue N instead of the newest maintenance issue
  --focus LIST       items to take first: IDs (A3), layers (Metal, Apps) or priorities (P0), comma-separated
  --context NAME     kube context (default: the config's kube.context, else the kubeconfig's current one)
  --repo owner/name  the homelab repository (default: config gitea.repo, else the git remote)
  --read-only        nothing is written anywhere (also per context: kube.contexts.NAME.readOnly)
  --dry-run          show what would be sent or run, send nothing
  --config FILE      config file (default: $XDG_CONFIG_HOME/homelab-console/config.yaml)

Try it without a homelab: homelab-console demo
`;

export { parseConsoleFlags, runModeOf, type ConsoleFlags } from '../console-flags.js';

export function loadConsoleConfig(file: string | undefined): { config: ConsoleConfig; file: string } {
  try {
    const r = file ? loadConfig(file) : loadConfig();
    if (file && !r.found) throw new UserError(`config file ${file} does not exist`, 2);
    return r;
  } catch (err) {
    if (err instanceof ConfigError) throw new UserError(err.message, 2);
    throw err;
  }
}

async function giteaClient(config: ConsoleConfig, repo: string | null) {
  const { resolveGiteaCredentials } = await import('../../services/gitea/credentials.js');
  const { GiteaClient } = await import('../../services/gitea/client.js');
  let token: string | undefined;
  if (config.gitea.tokenFile && !process.env.GITEA_TOKEN) {
    token = (
      await readFile(expandHome(config.gitea.tokenFile), 'utf8').catch(() => {
        throw new UserError(`cannot read gitea.tokenFile ${config.gitea.tokenFile}`, 2);
      })
    ).trim();
    registerSecret(token);
  }
  const creds = await resolveGiteaCredentials(
    { url: config.gitea.url, token, repo: repo ?? config.gitea.repo },
    { env: process.env, home: os.homedir(), cwd: process.cwd() },
  );
  if (!creds.repo) throw new UserError('no repository: pass --repo owner/name or set gitea.repo in the config file', 2);
  return { client: new GiteaClient({ baseUrl: creds.url, token: creds.token, repo: creds.repo }), warnings: creds.warnings };
}

const command: CommandModule = {
  summary: 'open the full-screen console (the default command)',
  usage: USAGE,
  async run(argv) {
    const flags = parseConsoleFlags('console', argv);
    const { config, file } = loadConsoleConfig(flags.config);
    const settings = uiSettings(config, file);
    const context = flags.context ?? config.kube.context ?? null;
    const mode = runModeOf(flags, config, context);

    const stores = createStores();
    const warnings: string[] = [];
    let gitea: Awaited<ReturnType<typeof giteaClient>> | null = null;
    try {
      gitea = await giteaClient(config, flags.repo);
      warnings.push(...gitea.warnings);
    } catch (err) {
      if (err instanceof UserError && err.exitCode === 2) throw err;
      warnings.push(`gitea: ${redactSecrets((err as Error).message)}`);
    }
    stores.session.setState({ mode, demo: false, context, repo: gitea?.client.repoName ?? flags.repo, focus: flags.focus });

    const rules = config.renovate.extraRules;
    const thresholds = { ...DEFAULT_THRESHOLDS, ...config.health };
    const client = gitea?.client ?? null;
    const engine = new DeferredEngine(stores, { steps: true, mergeLoop: client !== null, write: mode !== 'READ-ONLY' }, async () =>
      (await import('../session-factory.js')).buildLiveSession({ stores, mode, config, context, gitea: client, issue: flags.issue, thresholds, rules }),
    );
    for (const w of warnings) pushMessage(stores.session, 'warn', w);
    return runConsole({ engine, settings });
  },
};

export default command;
