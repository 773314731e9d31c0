import { describe, expect, it } from 'vitest';
import { startHealthGrader } from '../../../src/services/health/grader.js';
import type { PodView } from '../../../src/domain/health/types.js';
import { createCephStore } from '../../../src/store/ceph-store.js';
import { createClusterStore, type ClusterState } from '../../../src/store/cluster-store.js';
import { createHealthStore } from '../../../src/store/health-store.js';

const T0 = Date.parse('2026-11-26T12:00:00Z');
const live = { state: 'live', updatedAt: T0 } as const;
const pod = (name: string, displayStatus: string, createdAt = '2026-11-26T11:59:00Z'): PodView => ({
  namespace: 'paperless',
  name,
  uid: name,
  phase: 'Running',
  displayStatus,
  ready: '1/1',
  restarts: 3,
  nodeName: 'granite',
  createdAt,
  ownerKind: null,
  ownerName: null,
});

function setup(pods: PodView[]) {
  const cluster = createClusterStore();
  const ceph = createCephStore();
  const health = createHealthStore();
  const liveness = Object.fromEntries(Object.keys(cluster.getState().liveness).map((k) => [k, live])) as ClusterState['liveness'];
  cluster.setState({ liveness, pods, nodes: [] });
  let now = T0;
  let writes = 0;
  health.subscribe(() => writes++);
  const grader = startHealthGrader({ cluster, ceph, health, cephInput: () => ({ health: 'HEALTH_OK', checks: [] }), tickMs: 60_000, now: () => now });
  return { cluster, health, grader, setNow: (t: number) => (now = t), writes: () => writes };
}

describe('health grader store writes', () => {
  it('does not write again when only an offender ages; the next real change carries fresh ages', () => {
    const g = setup([pod('crashy', 'CrashLoopBackOff')]);
    expect(g.writes()).toBe(1);
    expect(g.health.getState().gate?.layers.apps.offenders[0]?.ageSeconds).toBe(60);

    g.setNow(T0 + 5_000);
    expect(g.grader.gradeNow().layers.apps.offenders[0]?.ageSeconds).toBe(65);
    expect(g.writes()).toBe(1);

    g.setNow(T0 + 9_000);
    g.cluster.setState({ pods: [pod('crashy', 'CrashLoopBackOff'), pod('broken', 'Error')] });
    expect(g.writes()).toBe(2);
    const offenders = g.health.getState().gate?.layers.apps.offenders ?? [];
    expect(offenders.map((o) => [o.name, o.ageSeconds])).toEqual([
      ['broken', 69],
      ['crashy', 69],
    ]);
    g.grader.stop();
  });

  it('writes when an age shows in a reason (Pending for 6m -> 7m)', () => {
    const g = setup([pod('stuck', 'Pending', '2026-11-26T11:54:00Z')]);
    expect(g.health.getState().gate?.layers.apps.offenders[0]?.reason).toBe('Pending for 6m');
    g.setNow(T0 + 30_000);
    g.grader.gradeNow();
    expect(g.writes()).toBe(1);
    g.setNow(T0 + 60_000);
    g.grader.gradeNow();
    expect(g.writes()).toBe(2);
    expect(g.health.getState().gate?.layers.apps.offenders[0]?.reason).toBe('Pending for 7m');
    g.grader.stop();
  });
});
