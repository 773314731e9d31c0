import { gradeCluster } from '../../domain/health/grade.js';
import type { AlertsInput, GradeInput } from '../../domain/health/grade-input.js';
import type { AlertsStore } from '../../store/alerts-store.js';
import { DEFAULT_THRESHOLDS, type CephHealthInput, type GateResult, type HealthThresholds } from '../../domain/health/types.js';
import type { CephState, CephStore } from '../../store/ceph-store.js';
import type { ClusterState, ClusterStore } from '../../store/cluster-store.js';
import type { HealthStore } from '../../store/health-store.js';
import { sourcesOf } from './sources.js';

export interface GraderOptions {
  cluster: ClusterStore;
  ceph: CephStore;
  health: HealthStore;
  thresholds?: HealthThresholds;
  /** CephState → the System layer's input (the Ceph service's cephHealthInputOf). */
  cephInput: (state: CephState) => CephHealthInput | null;
  /** Alertmanager's alerts (Platform); absent when alerts are not read. */
  alerts?: AlertsStore;
  /** Re-grade this often even without changes: "Pending for longer than" depends on the clock. */
  tickMs?: number;
  now?: () => number;
}

/** Alerts read but not answered yet are UNKNOWN (never GREEN for want of an answer). */
export const ALERTS_NOT_READ: AlertsInput = { source: { state: 'unknown', reason: 'no data yet' }, items: [] };

export function gradeInputOf(
  cluster: ClusterState,
  ceph: CephHealthInput | null,
  thresholds: HealthThresholds,
  now: number,
  alerts?: AlertsInput | null,
): GradeInput {
  return {
    ...(alerts !== undefined ? { alerts: alerts ?? ALERTS_NOT_READ } : {}),
    now,
    sources: sourcesOf(cluster),
    nodes: cluster.nodes,
    pods: cluster.pods,
    applications: cluster.applications,
    certificates: cluster.certificates,
    externalSecrets: cluster.externalSecrets,
    clusterSecretStores: cluster.clusterSecretStores,
    ceph,
    thresholds,
  };
}

/**
 * Serialised without gradedAt and the offenders' ageSeconds, which move with the clock on every
 * grade: a write that only ages an offender would repaint the console (and nothing shows those
 * seconds); anything that shows an age ("Pending for 12m") is in a reason and still counts.
 */
const fingerprint = (g: GateResult) => JSON.stringify(g, (key: string, value: unknown) => (key === 'gradedAt' || key === 'ageSeconds' ? undefined : value));

/**
 * Keeps the health store graded: re-grades when the cluster or Ceph store changes (both already
 * batched) and on a slow tick, and writes only when the grade actually changed (so the gate in the
 * store carries the ages and gradedAt of its last change).
 */
export function startHealthGrader(o: GraderOptions): { stop(): void; gradeNow(): GateResult } {
  const thresholds = o.thresholds ?? DEFAULT_THRESHOLDS;
  const now = o.now ?? Date.now;
  let last = '';
  const gradeNow = () => {
    const result = gradeCluster(
      gradeInputOf(o.cluster.getState(), o.cephInput(o.ceph.getState()), thresholds, now(), o.alerts ? o.alerts.getState().alerts : undefined),
    );
    const fp = fingerprint(result);
    if (fp !== last) {
      last = fp;
      o.health.setState({ gate: result });
    }
    return result;
  };
  const unsubs = [o.cluster.subscribe(gradeNow), o.ceph.subscribe(gradeNow), ...(o.alerts ? [o.alerts.subscribe(gradeNow)] : [])];
  const tick = setInterval(gradeNow, o.tickMs ?? 5000);
  tick.unref();
  gradeNow();
  return {
    gradeNow,
    stop() {
      clearInterval(tick);
      for (const u of unsubs) u();
    },
  };
}
