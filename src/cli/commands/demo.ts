import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_THRESHOLDS } from '../../domain/health/types.js';
import { registerSecret } from '../../domain/redact.js';
import { defaultConfig } from '../../services/config/schema.js';
import { createKubeCephExecutor, type PodExec } from '../../services/ceph/kube-executor.js';
import { ConsoleSession } from '../../services/engine/session.js';
import type { KubeTarget } from '../../services/kube/kubeconfig.js';
import { mergeLoopFor } from '../../services/renovate/session-port.js';
import { createSessionSteps } from '../../services/steps/session-steps.js';
import { GiteaClient } from '../../services/gitea/client.js';
import { DEMO_CONTEXT, DEMO_REPO, DemoWorld } from '../../sim/demo/world.js';
import { createStores } from '../../store/index.js';
import { pushMessage } from '../../store/session-store.js';
import type { CommandModule } from '../command.js';
import { runConsole, uiSettings } from '../console-runner.js';
import { parseConsoleFlags, runModeOf } from './console.js';

const USAGE = `usage: homelab-console demo [--focus LAYER|ID,...] [--read-only] [--dry-run]

Starts the console against a simulated homelab on loopback, with no configuration: a Gitea holding
maintenance issue #42 and six Renovate PRs, a Kubernetes API server with ArgoCD and ten nodes, and a
degraded Ceph cluster behind rook-ceph-tools. The world reacts to what
you do. Nothing of yours is read or written (no kubeconfig, no Gitea login, no config file).
`;

const command: CommandModule = {
  summary: 'the console against a simulated homelab (no configuration needed)',
  usage: USAGE,
  async run(argv) {
    const flags = parseConsoleFlags('demo', argv);
    // The demo ignores the operator's config file on purpose: defaults only.
    const config = defaultConfig();
    const settings = uiSettings(config, '(demo defaults)');
    const mode = runModeOf(flags, config, DEMO_CONTEXT);
    const world = await DemoWorld.start();
    registerSecret(world.token);
    const [owner, name] = DEMO_REPO.split('/') as [string, string];
    const client = new GiteaClient({ baseUrl: world.giteaUrl, token: world.token, repo: { owner, name } });

    const stores = createStores();
    stores.session.setState({ mode, demo: true, context: DEMO_CONTEXT, repo: DEMO_REPO, focus: flags.focus });
    pushMessage(stores.session, 'info', `DEMO: simulated homelab on ${world.giteaUrl} (loopback only); nothing real is touched`);
    // The simulator's own kubeconfig, passed as an environment of our own: the operator's
    // KUBECONFIG and ~/.kube/config are never read.
    const kubeEnv = { KUBECONFIG: world.kubeconfigPath ?? '', HOME: os.tmpdir() };
    let target: Promise<KubeTarget> | null = null;
    const kubeTarget = () => (target ??= import('../../services/kube/kubeconfig.js').then((m) => m.loadKubeTarget({ env: kubeEnv })));
    let exec: Promise<PodExec> | null = null;
    const podExec: PodExec = async (request) => {
      exec ??= Promise.all([kubeTarget(), import('../../services/kube/actions/index.js')]).then(
        ([t, m]) => m.createKubeActions(t, { readOnly: false, dryRun: false }).execInPod,
      );
      return (await exec)(request);
    };
    const journalDir = mkdtempSync(path.join(os.tmpdir(), 'homelab-console-demo-'));
    const engine = new ConsoleSession({
      stores,
      mode,
      gitea: { client, label: 'maintenance', issue: flags.issue, pollMs: 3000, rules: [] },
      kube: { target: kubeTarget, flushMs: 150 },
      // Ceph is read the way a real homelab reads it: exec into deploy/rook-ceph-tools.
      ceph: { executor: () => createKubeCephExecutor({ exec: podExec }), intervalMs: 3000 },
      thresholds: DEFAULT_THRESHOLDS,
      steps: (session) => createSessionSteps(session, { journalFile: path.join(journalDir, 'journal.jsonl') }),
      mergeLoop: mergeLoopFor({ syncTimeoutMs: 60_000 }),
    });
    try {
      return await runConsole({ engine, settings });
    } finally {
      await world.close();
      rmSync(journalDir, { recursive: true, force: true });
    }
  },
};
export default command;
