import { redactSecrets } from '../../domain/redact.js';
import { deferredEngine } from '../../services/engine/deferred.js';
import { createStores } from '../../store/index.js';
import { pushMessage } from '../../store/session-store.js';
import type { CommandModule } from '../command.js';
import { runConsole, uiSettings } from '../console-runner.js';
import { UsageError } from '../errors.js';
import { writeErr } from '../output.js';
import { CONFIG_USAGE, openContext, type GiteaAccess } from '../context.js';
import { thresholdsOf } from './gate.js';
import { createInkHandover } from '../../ui/terminal-handover.js';
import { parseConsoleFlags, runModeOf } from '../console-flags.js';

const USAGE = `usage: homelab-console [console] [--issue N|#N|URL] [--focus LAYER|ID,...] [--context NAME]
                       [--repo owner/name] [--login NAME] [--read-only] [--dry-run] [--config FILE]

Opens the full-screen console on the newest open issue labelled maintenance (or issue N), with
the Action items, Layer health, Ceph and Renovate queue panes. Press ? inside for every key.

  --issue N|#N|URL   work on issue N instead of the newest maintenance issue; its URL also names
                     the Gitea and the repository
  --focus LIST       items to take first: IDs (A3), layers (Metal, Apps) or priorities (P0), comma-separated
  --context NAME     kube context (default: the config's kube.context, else the kubeconfig's current one)
  --repo owner/name  the homelab repository (default: config gitea.repo, else the git remote)
  --url, --token, --login NAME   which Gitea (default: GITEA_URL/GITEA_TOKEN, config, ~/.config/gitea/.env, tea)
  --read-only        nothing is written anywhere (also per context: kube.contexts.NAME.readOnly)
  --dry-run          show what would be sent or run, send nothing
${CONFIG_USAGE}

Try it without a homelab: homelab-console demo
`;

export { parseConsoleFlags, runModeOf, type ConsoleFlags } from '../console-flags.js';

/** TERM=dumb or stdout not a terminal: nothing that needs cursor addressing can be drawn. */
export function plainTerminal(env: NodeJS.ProcessEnv, stdoutIsTty: boolean): boolean {
  return !stdoutIsTty || env.TERM === 'dumb';
}

const command: CommandModule = {
  summary: 'open the full-screen console (the default command)',
  usage: USAGE,
  async run(argv) {
    const flags = parseConsoleFlags('console', argv);
    const ctx = openContext('console', flags);
    const { config } = ctx;
    if (plainTerminal(process.env, process.stdout.isTTY === true)) {
      // No screen to draw on (a pipe, a CI log, TERM=dumb, an Emacs shell): the line-based view of
      // `status --watch` instead of escape sequences nobody can read. Ctrl-C ends it.
      writeErr('homelab-console: no full-screen terminal (TERM=dumb or not a TTY): following the layers line by line, as status --watch; Ctrl-C ends\n');
      const { watch } = await import('./status.js');
      return watch(ctx, { ...(flags.context ? { context: flags.context } : {}) });
    }
    const settings = uiSettings(config, ctx.configFile);
    const context = flags.context ?? config.kube.context ?? null;
    const mode = runModeOf(flags, config, context);

    const stores = createStores();
    const warnings: string[] = [];
    let gitea: GiteaAccess | null = null;
    try {
      gitea = await ctx.gitea({ ...flags, issue: flags.issueRef });
      warnings.push(...gitea.creds.warnings);
    } catch (err) {
      // A mistake in what was asked for stops here; missing credentials leave a console without Gitea.
      if (err instanceof UsageError) throw err;
      warnings.push(`gitea: ${redactSecrets((err as Error).message)}`);
    }
    stores.session.setState({ mode, demo: false, context, repo: gitea?.client.repoName ?? flags.repo, focus: flags.focus });

    const rules = config.renovate.extraRules;
    const thresholds = thresholdsOf(config);
    const client = gitea?.client ?? null;
    const terminal = createInkHandover();
    const engine = deferredEngine(stores, { steps: true, mergeLoop: client !== null, write: mode !== 'READ-ONLY' }, async () =>
      (await import('../session-factory.js')).buildLiveSession({
        stores,
        mode,
        config,
        context,
        kubeEnv: ctx.kube(context).env,
        gitea: client,
        issue: flags.issue,
        thresholds,
        rules,
        terminal: terminal.handover,
      }),
    );
    for (const w of warnings) pushMessage(stores.session, 'warn', w);
    return runConsole({ engine, settings, terminal: terminal.ui });
  },
};

export default command;
