import { DEFAULT_THRESHOLDS } from '../../domain/health/types.js';
import { deferredEngine } from '../../services/engine/deferred.js';
import { createStores } from '../../store/index.js';
import type { CommandModule } from '../command.js';
import { runConsole, uiSettings } from '../console-runner.js';
import { DEMO_CONFIG, parseDemoFlags, runModeOf } from '../console-flags.js';
import { createInkHandover } from '../../ui/terminal-handover.js';

export const DEMO_CONTEXT = 'homelab';
export const DEMO_REPO_NAME = 'ops/homelab';

const USAGE = `usage: homelab-console demo [--focus LAYER|ID,...] [--read-only] [--dry-run] [--healthy] [--stabilise SECONDS]

Starts the console against a simulated homelab on loopback, with no configuration: a Gitea holding
maintenance issue #42 and six Renovate PRs, a Kubernetes API server with ArgoCD and ten nodes, and a
degraded Ceph cluster behind rook-ceph-tools. The world reacts to what you do. Nothing of yours is
read or written (no kubeconfig, no Gitea login, no config file).

  --healthy            start with the homelab GREEN (Ceph HEALTH_OK, nothing degraded, no latent
                       problems) and PRs that upgrade cleanly: to walk a major's or a database's
                       upgrade protocol (PR #47, postgres 18) without working the runbook first
  --stabilise SECONDS  the stabilisation window (Gate 3) after a major or database merge
                       (default 90; the workflow's is 30 minutes)
`;

const command: CommandModule = {
  summary: 'the console against a simulated homelab (no configuration needed)',
  usage: USAGE,
  async run(argv) {
    const flags = parseDemoFlags(argv);
    // The demo ignores the operator's config file on purpose: defaults only (and no schema before the first frame).
    const config = DEMO_CONFIG;
    const settings = uiSettings(config, '(demo defaults)');
    const mode = runModeOf(flags, config, DEMO_CONTEXT);
    const stores = createStores();
    stores.session.setState({ mode, demo: true, context: DEMO_CONTEXT, repo: DEMO_REPO_NAME, focus: flags.focus });
    const running: { close?: () => Promise<void> } = {};
    // Interactive steps, the editor and Ctrl-Z get the terminal through Ink's suspend, as in the live console.
    const terminal = createInkHandover();
    // Paint first; the simulators and the services start behind the first frame.
    const engine = deferredEngine(stores, { steps: true, mergeLoop: true, write: mode !== 'READ-ONLY' }, async () => {
      const { buildDemoSession } = await import('../session-factory.js');
      const demo = await buildDemoSession({
        stores,
        mode,
        issue: flags.issue,
        thresholds: DEFAULT_THRESHOLDS,
        terminal: terminal.handover,
        // Healthy: the runbook's problems and the latent ones are absent, and no PR breaks its app on merge.
        ...(flags.healthy ? { world: { cephState: 'healthy' as const, kubeState: 'healthy' as const, latent: false, breaks: false } } : {}),
        ...(flags.stabiliseMs !== null ? { stabiliseMs: flags.stabiliseMs } : {}),
      });
      running.close = demo.close;
      return demo.session;
    });
    try {
      return await runConsole({ engine, settings, terminal: terminal.ui });
    } finally {
      await running.close?.();
    }
  },
};
export default command;
