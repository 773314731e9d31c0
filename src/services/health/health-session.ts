import { gradeCluster } from '../../domain/health/grade.js';
import { DEFAULT_THRESHOLDS, type CephHealthInput, type GateResult, type HealthThresholds } from '../../domain/health/types.js';
import { createCephStore, type CephState, type CephStore } from '../../store/ceph-store.js';
import { createClusterStore, type ClusterState, type ClusterStore } from '../../store/cluster-store.js';
import type { AlertsInput } from '../../domain/health/grade-input.js';
import { createHealthStore, type HealthStore } from '../../store/health-store.js';
import { createAlertsStore, type AlertsStore } from '../../store/alerts-store.js';
import type { AlertSource } from './alert-source.js';
import { startClusterWatcher, type ClusterWatcher } from '../kube/cluster-watcher.js';
import { loadKubeTarget, type KubeTarget } from '../kube/kubeconfig.js';
import { gradeInputOf, startHealthGrader } from './grader.js';

/** Where System's Ceph half comes from (the Ceph service); absent → Ceph is UNKNOWN "ceph not read". */
export interface CephSource {
  /** Starts reading into the store: once (gate) or on an interval (watch). */
  start(store: CephStore, target: KubeTarget | null, opts: { watch: boolean }): void;
  /** Resolves when the first read has finished (either way). */
  firstRead(): Promise<void>;
  stop(): Promise<void>;
  input(state: CephState): CephHealthInput | null;
}

export interface HealthSessionOptions {
  context?: string;
  env?: NodeJS.ProcessEnv;
  thresholds?: HealthThresholds;
  ceph?: CephSource | null;
  /** Alertmanager (Platform's alerts); absent or null → alerts are not graded. */
  alerts?: AlertSource | null;
  /** Per API request. */
  requestTimeoutMs?: number;
  flushMs?: number;
  /** Between node-metrics polls and /version probes of a live session (the watcher's default when absent). */
  metricsIntervalMs?: number;
}

export interface HealthSession {
  target: KubeTarget;
  cluster: ClusterStore;
  ceph: CephStore;
  health: HealthStore;
  alerts: AlertsStore;
  watcher: ClusterWatcher;
  close(): Promise<void>;
}

const NOT_READ = 'ceph not read';

function cephInputFor(source: CephSource | null | undefined) {
  return (state: CephState): CephHealthInput | null => (source ? source.input(state) : null);
}

/**
 * One grading of the cluster as it is now (the `gate`): lists every kind once (no watches), reads
 * Ceph once, and grades. Whatever has not answered by `deadlineMs` is graded UNKNOWN.
 */
export interface GradedOnce {
  result: GateResult;
  target: KubeTarget;
  /** What was graded (recon and closure read the figures behind the grade). */
  cluster: ClusterState;
  ceph: CephState;
  alerts: AlertsInput | null;
}

export async function gradeOnce(o: HealthSessionOptions & { deadlineMs?: number }): Promise<GradedOnce> {
  const target = await loadKubeTarget({ context: o.context, env: o.env });
  const cluster = createClusterStore();
  const cephStore = createCephStore();
  const watcher = await startClusterWatcher({ target, store: cluster, watch: false, requestTimeoutMs: o.requestTimeoutMs ?? o.deadlineMs });
  o.ceph?.start(cephStore, target, { watch: false });
  const alertsStore = createAlertsStore();
  o.alerts?.start(alertsStore, target, { watch: false });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, o.deadlineMs ?? 20_000);
  });
  try {
    await Promise.race([Promise.all([watcher.settled(), o.ceph?.firstRead(), o.alerts?.firstRead()]), deadline]);
    watcher.flush();
    const state = cluster.getState();
    const alerts = o.alerts ? alertsStore.getState().alerts : undefined;
    const input = gradeInputOf(state, cephInputFor(o.ceph)(cephStore.getState()), o.thresholds ?? DEFAULT_THRESHOLDS, Date.now(), alerts);
    if (!o.ceph) input.cephUnknownReason = NOT_READ;
    return { result: gradeCluster(input), target, cluster: state, ceph: cephStore.getState(), alerts: alerts ?? null };
  } finally {
    clearTimeout(timer);
    watcher.stop();
    o.alerts?.stop();
    await o.ceph?.stop();
  }
}

/** A live session (`status --watch`, the console): watches, polls Ceph, and keeps the health store graded. */
export async function openHealthSession(o: HealthSessionOptions): Promise<HealthSession> {
  const target = await loadKubeTarget({ context: o.context, env: o.env });
  const cluster = createClusterStore();
  const ceph = createCephStore();
  const health = createHealthStore();
  const watcher = await startClusterWatcher({
    target,
    store: cluster,
    watch: true,
    flushMs: o.flushMs,
    requestTimeoutMs: o.requestTimeoutMs,
    metricsIntervalMs: o.metricsIntervalMs,
  });
  o.ceph?.start(ceph, target, { watch: true });
  const alerts = createAlertsStore();
  o.alerts?.start(alerts, target, { watch: true });
  const grader = startHealthGrader({ cluster, ceph, health, thresholds: o.thresholds, cephInput: cephInputFor(o.ceph), ...(o.alerts ? { alerts } : {}) });
  return {
    target,
    cluster,
    ceph,
    health,
    alerts,
    watcher,
    async close() {
      grader.stop();
      watcher.stop();
      o.alerts?.stop();
      await o.ceph?.stop();
    },
  };
}
