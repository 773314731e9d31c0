import { DEFAULT_THRESHOLDS } from '../../domain/health/types.js';
import { deferredEngine } from '../../services/engine/deferred.js';
import { createStores } from '../../store/index.js';
import type { CommandModule } from '../command.js';
import { runConsole, uiSettings } from '../console-runner.js';
import { DEMO_CONFIG, parseConsoleFlags, runModeOf } from '../console-flags.js';
import { createInkHandover } from '../../ui/terminal-handover.js';

export const DEMO_CONTEXT = 'homelab';
export const DEMO_REPO_NAME = 'ops/homelab';

const USAGE = `usage: homelab-console demo [--focus LAYER|ID,...] [--read-only] [--dry-run]

Starts the console against a simulated homelab on loopback, with no configuration: a Gitea holding
maintenance issue #42 and six Renovate PRs, a Kubernetes API server with ArgoCD and ten nodes, and a
degraded Ceph cluster behind rook-ceph-tools. The world reacts to what you do. Nothing of yours is
read or written (no kubeconfig, no Gitea login, no config file).
`;

const command: CommandModule = {
  summary: 'the console against a simulated homelab (no configuration needed)',
  usage: USAGE,
  async run(argv) {
    const flags = parseConsoleFlags('demo', argv);
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
      const demo = await buildDemoSession({ stores, mode, issue: flags.issue, thresholds: DEFAULT_THRESHOLDS, terminal: terminal.handover });
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
