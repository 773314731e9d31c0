// The heavy half of `console` and `demo`: loaded with import() after the first frame is painted.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { HealthThresholds } from '../domain/health/types.js';
import type { RenovateRule } from '../domain/renovate/rules.js';
import { registerSecret } from '../domain/redact.js';
import { createKubeCephExecutor, type PodExec } from '../services/ceph/kube-executor.js';
import type { CephExecutor } from '../services/ceph/executor.js';
import { createLocalCephExecutor } from '../services/ceph/local-executor.js';
import type { ConsoleConfig } from '../services/config/schema.js';
import type { ConsoleSession } from '../services/engine/console-session.js';
import { composeSession } from '../services/engine/compose.js';
import { GiteaClient } from '../services/gitea/client.js';
import { Journal, journalPath } from '../services/journal/journal.js';
import { issueCopyPath } from '../services/journal/issue-copy.js';
import type { KubeTarget } from '../services/kube/kubeconfig.js';
import type { TerminalHandover } from '../services/terminal/handover.js';
import { DEMO_ALERTMANAGER, DEMO_REPO, DemoWorld, type DemoWorldOptions } from '../sim/demo/world.js';
import type { Stores } from '../store/index.js';
import { pushMessage, type RunMode } from '../store/session-store.js';

export interface LiveSessionOptions {
  stores: Stores;
  mode: RunMode;
  config: ConsoleConfig;
  context: string | null;
  /** KUBECONFIG and HOME as the CLI context resolved them (config kube.kubeconfig as the fallback). */
  kubeEnv: NodeJS.ProcessEnv;
  gitea: GiteaClient | null;
  issue: number | null;
  thresholds: HealthThresholds;
  rules: RenovateRule[];
  /** The UI's terminal hand-over for interactive commands. */
  terminal?: TerminalHandover;
}

/** `host[:port]` of a URL, for the journal. */
function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/** One kube target per session, loaded on first use, and an exec into pods through it. */
function lazyKube(load: () => Promise<KubeTarget>): { target: () => Promise<KubeTarget>; exec: PodExec; context(): string | null } {
  let target: Promise<KubeTarget> | null = null;
  let loaded: KubeTarget | null = null;
  const get = () =>
    (target ??= load().then((t) => {
      loaded = t;
      return t;
    }));
  let exec: Promise<PodExec> | null = null;
  return {
    target: get,
    context: () => loaded?.context ?? null,
    async exec(request) {
      // Reads only here: the Ceph service gates writes (read-only, dry-run) before they get this far.
      exec ??= Promise.all([get(), import('../services/kube/actions/index.js')]).then(
        ([t, m]) => m.createKubeActions(t, { readOnly: false, dryRun: false }).execInPod,
      );
      return (await exec)(request);
    },
  };
}

/** The console against the operator's homelab, as configured. */
export function buildLiveSession(o: LiveSessionOptions): ConsoleSession {
  const { config, context } = o;
  const kube = lazyKube(async () => (await import('../services/kube/kubeconfig.js')).loadKubeTarget({ ...(context ? { context } : {}), env: o.kubeEnv }));
  const journal = new Journal(journalPath(), () => ({ kubeContext: kube.context() ?? context, giteaHost: hostOf(o.gitea?.http.baseUrl) }));
  return composeSession({
    stores: o.stores,
    mode: o.mode,
    gitea: o.gitea ? { client: o.gitea, label: config.gitea.maintenanceLabel, issue: o.issue, pollMs: config.gitea.pollSeconds * 1000, rules: o.rules } : null,
    kube: { target: kube.target, flushMs: config.kube.batchMs },
    ceph:
      config.ceph.executor === 'ssh'
        ? null
        : {
            intervalMs: config.ceph.intervalSeconds * 1000,
            executor: () =>
              config.ceph.executor === 'local'
                ? createLocalCephExecutor(config.ceph.conf ? { conf: config.ceph.conf } : {})
                : createKubeCephExecutor({ exec: kube.exec, namespace: config.ceph.namespace, deployment: config.ceph.deployment }),
          },
    thresholds: o.thresholds,
    alerts: config.alerts.enabled
      ? {
          url: config.alerts.url,
          namespace: config.alerts.namespace,
          service: config.alerts.service,
          port: config.alerts.port,
          intervalMs: config.alerts.intervalSeconds * 1000,
        }
      : null,
    journal,
    // Gitea runs in the cluster being repaired: keep a copy of the issue and queue edits while it is down.
    offline: { copyFile: issueCopyPath() },
    ...(o.terminal ? { terminal: o.terminal } : {}),
    merge: {
      rules: o.rules,
      syncTimeoutMs: config.renovate.syncTimeoutSeconds * 1000,
      upgrade: {
        stabiliseMs: config.upgrade.stabiliseMinutes * 60_000,
        ...(config.upgrade.backupDir ? { backupDir: config.upgrade.backupDir } : {}),
        scratch: {
          ...(config.upgrade.scratch.postgresql ? { postgresql: { engine: 'postgresql' as const, ...config.upgrade.scratch.postgresql } } : {}),
          ...(config.upgrade.scratch.redis ? { redis: { engine: 'redis' as const, server: config.upgrade.scratch.redis.server } } : {}),
        },
      },
    },
  });
}

export interface DemoSessionOptions {
  stores: Stores;
  mode: RunMode;
  issue: number | null;
  thresholds: HealthThresholds;
  world?: DemoWorldOptions;
  pollMs?: number;
  /** The merge loop's sync limit; unset keeps the 300 s default. */
  syncTimeoutMs?: number;
  /** The demo's Gate 3 window (default 90 s). */
  stabiliseMs?: number;
  /** The UI's terminal hand-over for interactive commands. */
  terminal?: TerminalHandover;
}

/** How to reach a running demo world (in this process or another). */
export interface DemoConnection {
  giteaUrl: string;
  token: string;
  /** The kube simulator's own kubeconfig; null when the world runs without Kubernetes. */
  kubeconfigPath: string | null;
  /** In-process fallback for Ceph when there is no kube simulator. */
  cephExecutor?: () => CephExecutor;
}

/**
 * A session on a demo world, wired exactly like a live one: Gitea over HTTP, Kubernetes through
 * the simulator's own kubeconfig (never the operator's), Ceph by exec into deploy/rook-ceph-tools,
 * the step journal in a temporary directory.
 */
/** What the demo runbook's commands need: `kubectl` on the simulated API server, `$GITEA_URL`/`$GITEA_TOKEN` on the simulated Gitea. */
export function demoCommandEnv(world: { kubeconfigPath: string | null; giteaUrl: string; token: string }): Record<string, string> {
  return {
    ...(world.kubeconfigPath ? { KUBECONFIG: world.kubeconfigPath } : {}),
    GITEA_URL: world.giteaUrl,
    GITEA_TOKEN: world.token,
  };
}

export function connectDemoSession(world: DemoConnection, o: DemoSessionOptions): { session: ConsoleSession; journal: Journal; close(): Promise<void> } {
  registerSecret(world.token);
  const [owner, name] = DEMO_REPO.split('/') as [string, string];
  const client = new GiteaClient({ baseUrl: world.giteaUrl, token: world.token, repo: { owner, name } });
  pushMessage(o.stores.session, 'info', `DEMO: simulated homelab on ${world.giteaUrl} (loopback only); nothing real is touched`);

  const kubeEnv = { KUBECONFIG: world.kubeconfigPath ?? '', HOME: os.tmpdir() };
  const kube = lazyKube(async () => (await import('../services/kube/kubeconfig.js')).loadKubeTarget({ env: kubeEnv }));
  const journalDir = mkdtempSync(path.join(os.tmpdir(), 'homelab-console-demo-'));
  const journal = new Journal(path.join(journalDir, 'journal.jsonl'), () => ({ kubeContext: kube.context(), giteaHost: hostOf(world.giteaUrl) }));
  const pollMs = o.pollMs ?? 3000;
  const fallbackCeph = world.cephExecutor;
  const session = composeSession({
    stores: o.stores,
    mode: o.mode,
    gitea: { client, label: 'maintenance', issue: o.issue, pollMs, rules: [] },
    kube: world.kubeconfigPath ? { target: kube.target, flushMs: 150 } : null,
    ceph: { executor: () => (world.kubeconfigPath || !fallbackCeph ? createKubeCephExecutor({ exec: kube.exec }) : fallbackCeph()), intervalMs: pollMs },
    thresholds: o.thresholds,
    // The demo cluster's Alertmanager, through the simulated API server's service proxy as the
    // live console reaches the real one.
    alerts: world.kubeconfigPath
      ? { namespace: DEMO_ALERTMANAGER.namespace, service: DEMO_ALERTMANAGER.service, port: DEMO_ALERTMANAGER.port, intervalMs: pollMs }
      : null,
    // Runbook commands run with bash: in the demo, kubectl and curl must reach the simulators
    // (never the operator's cluster or Gitea), without changing this process's own environment.
    journal,
    ...(o.terminal ? { terminal: o.terminal } : {}),
    commandEnv: { ...process.env, ...demoCommandEnv(world) },
    // The workflow's 5-minute sync limit, as in the live console (the simulators sync in seconds).
    // The demo's stabilisation window is short (the workflow's 30 min would stall a demo); backups,
    // CRD snapshots and the journal stay in the demo's temporary directory.
    merge: {
      syncTimeoutMs: o.syncTimeoutMs,
      upgrade: {
        stabiliseMs: o.stabiliseMs ?? 90_000,
        backupDir: path.join(journalDir, 'backups'),
        crdDir: path.join(journalDir, 'crd-snapshots'),
        journalFile: path.join(journalDir, 'journal.jsonl'),
        windowPollMs: 1_000,
      },
    },
  });
  return {
    session,
    journal,
    async close() {
      await session.close();
      rmSync(journalDir, { recursive: true, force: true });
    },
  };
}

/** Starts the simulated homelab in this process and a session on it. */
export async function buildDemoSession(
  o: DemoSessionOptions,
): Promise<{ session: ConsoleSession; world: DemoWorld; journal: Journal; close(): Promise<void> }> {
  const world = await DemoWorld.start(o.world);
  const connected = connectDemoSession(
    { giteaUrl: world.giteaUrl, token: world.token, kubeconfigPath: world.kubeconfigPath, cephExecutor: () => world.ceph.executor() },
    o,
  );
  return {
    session: connected.session,
    journal: connected.journal,
    world,
    async close() {
      await connected.close();
      await world.close();
    },
  };
}
