import { cephHealthInputOf } from '../ceph/ceph-service.js';
import type { SessionContext } from '../session-context.js';
import type { GiteaClient } from '../gitea/client.js';
import { Journal, journalPath } from '../journal/journal.js';
import type { ActionContext } from '../kube/actions/context.js';
import type { AppControl } from '../renovate/ports.js';
import type { ScratchConfig } from './backup.js';
import { protocolRecorder } from './recorder.js';
import { UpgradeRunner } from './runner.js';
import { backupDir, crdSnapshotDir } from './state-dir.js';

export interface UpgradeWiring {
  /** Gate 3's window for HIGH/CRITICAL (default 30 min; the demo shortens it). */
  stabiliseMs?: number;
  backupDir?: string;
  crdDir?: string;
  journalFile?: string;
  /** The session's journal (stamps each intent with the kube context and Gitea host); else one on journalFile. */
  journal?: Journal;
  scratch?: { postgresql?: ScratchConfig; redis?: ScratchConfig };
  /** How often the window is looked at (restarts, alerts, the countdown). */
  windowPollMs?: number;
}

/** The session's upgrade runner over its stores and kube target, and the window's poll. */
export function upgradeRunnerFor(
  context: Pick<SessionContext, 'stores' | 'alerts'>,
  client: GiteaClient,
  apps: AppControl,
  kube: () => ActionContext,
  w: UpgradeWiring = {},
): { runner: UpgradeRunner; close(): void } {
  const { stores } = context;
  const journal = w.journal ?? new Journal(w.journalFile ?? journalPath());
  const runner = new UpgradeRunner({
    gitea: client,
    apps,
    kube,
    store: stores.upgrade,
    recorder: protocolRecorder(client, stores.issue, journal),
    functional: {
      applications: () => stores.cluster.getState().applications,
      externalSecrets: () => stores.cluster.getState().externalSecrets,
      ceph: () => cephHealthInputOf(stores.ceph.getState()),
      // Gate 3 watches the alerts Alertmanager fires (as last read by the session); null when none is read.
      alerts: async () => {
        const a = context.alerts?.() ?? null;
        if (!a || a.source.state !== 'live') return null;
        return a.items
          .filter((i) => i.state === 'active' && !i.silenced && !i.inhibited)
          .map((i) => `${i.name} (${i.severity}${i.namespace ? `, ${i.namespace}` : ''})${i.summary ? `: ${i.summary}` : ''}`);
      },
    },
    backupDir: w.backupDir ?? backupDir(),
    crdDir: w.crdDir ?? crdSnapshotDir(),
    ...(w.scratch ? { scratch: w.scratch } : {}),
    protocol: { ...(w.stabiliseMs !== undefined ? { stabiliseMs: w.stabiliseMs } : {}) },
  });
  // The window is looked at only while one is open; the timer never keeps the process alive.
  let busy = false;
  const timer = setInterval(() => {
    if (busy || !stores.upgrade.getState().window) return;
    busy = true;
    void runner.checkWindow().finally(() => (busy = false));
  }, w.windowPollMs ?? 5_000);
  timer.unref();
  return {
    runner,
    close: () => {
      clearInterval(timer);
      runner.close();
    },
  };
}
