import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gradeApps } from '../../../src/domain/health/grade-apps.js';
import type { GradeInput, SourceKind, SourceState } from '../../../src/domain/health/grade-input.js';
import { gradeSystem, SYSTEM_NAMESPACE } from '../../../src/domain/health/grade-system.js';
import { ageSeconds, humanDuration, percent, sortOffenders, tally, worst } from '../../../src/domain/health/layer.js';
import { podOffender, reasonWord } from '../../../src/domain/health/pod-health.js';
import { type HealthThresholds, type LayerStatus, type Offender, type PodView } from '../../../src/domain/health/types.js';

// The pod grading as first written (clear, but it parsed every pod's dates and built several
// 10,000-element arrays per grade). The faster code must give exactly the same results.
const STARTING = /^(Pending|ContainerCreating|PodInitializing|Init:\d+\/\d+|SchedulingGated)$/;
function referencePodOffender(pod: PodView, now: number, th: HealthThresholds): Offender | null {
  const age = ageSeconds(pod.createdAt, now);
  const base = { kind: 'Pod', namespace: pod.namespace, name: pod.name, restarts: pod.restarts, ageSeconds: age };
  const make = (status: LayerStatus, reason: string): Offender => ({ ...base, status, reason });
  const s = pod.displayStatus;
  if (s === 'Completed') return null;
  if (s === 'Running') {
    const [ready, total] = pod.ready.split('/').map(Number);
    if (ready !== undefined && total !== undefined && ready < total) return make('YELLOW', `NotReady ${pod.ready}`);
    const window = th.podRestartWindowSeconds ?? 3600;
    const last = pod.lastRestartAt ? Date.parse(pod.lastRestartAt) : NaN;
    if (pod.restarts >= th.podRestartsWarn && !Number.isNaN(last) && now - last <= window * 1000) {
      return make('YELLOW', `Restarting (last ${humanDuration(Math.max(0, Math.round((now - last) / 1000)))} ago)`);
    }
    return null;
  }
  if (s === 'Terminating') return make('YELLOW', s);
  if (STARTING.test(s)) {
    if (age !== undefined && age > th.podPendingSecondsWarn) return make('RED', `${s} for ${humanDuration(age)}`);
    return make('YELLOW', s);
  }
  return make('RED', s);
}

function referenceApps(input: GradeInput) {
  const excluded = new Set([SYSTEM_NAMESPACE, ...input.thresholds.excludeNamespaces]);
  const pods = input.pods.filter((p) => !excluded.has(p.namespace));
  const offenders = pods.map((p) => referencePodOffender(p, input.now, input.thresholds)).filter((o): o is Offender => o !== null);
  return {
    status: worst(offenders.map((o) => o.status)),
    healthyPercent: percent(pods.length - offenders.length, pods.length) ?? 100,
    reasons: offenders.length
      ? [`${offenders.length} of ${pods.length} pods unhealthy: ${tally(offenders.map((o) => ({ ...o, reason: reasonWord(o.reason) })))}`]
      : [`${pods.length} pods Running or Completed`],
    offenders: sortOffenders(offenders),
  };
}

const NOW = Date.parse('2026-11-26T12:00:00Z');
const isoNear = fc.oneof(fc.integer({ min: -400 * 86_400, max: 600 }), fc.integer({ min: -7200, max: 60 })).map((s) => new Date(NOW + s * 1000).toISOString());
const podArb: fc.Arbitrary<PodView> = fc.record({
  namespace: fc.constantFrom('kube-system', 'paperless', 'media', 'monitoring'),
  name: fc.string({ minLength: 1, maxLength: 12 }),
  uid: fc.uuid(),
  phase: fc.constantFrom('Running', 'Pending', 'Succeeded', 'Failed', 'Unknown'),
  displayStatus: fc.constantFrom(
    'Running',
    'Completed',
    'CrashLoopBackOff',
    'ImagePullBackOff',
    'Error',
    'Pending',
    'ContainerCreating',
    'PodInitializing',
    'Init:0/2',
    'Init:Error',
    'SchedulingGated',
    'Terminating',
    'Evicted',
    'Unknown',
    'ExitCode:1',
  ),
  ready: fc.oneof(
    fc.tuple(fc.nat(4), fc.nat(4)).map(([a, b]) => `${a}/${b}`),
    fc.constantFrom('', '1', '/', '1/', '/2', '1/2/3', '2/1/0', 'a/b', ' 1/2', '1/ 2'),
    fc.string({ maxLength: 6 }),
  ),
  restarts: fc.nat(40),
  nodeName: fc.option(fc.constantFrom('granite', 'basalt'), { nil: null }),
  createdAt: fc.option(fc.oneof(isoNear, fc.constantFrom('', 'not a date')), { nil: null }),
  ownerKind: fc.constant(null),
  ownerName: fc.constant(null),
  lastRestartAt: fc.option(fc.oneof(isoNear, fc.constantFrom('', 'garbage')), { nil: undefined }),
  message: fc.constant(null),
});
const thresholdsArb: fc.Arbitrary<HealthThresholds> = fc.record({
  nodeCpuPercentWarn: fc.constant(90),
  nodeMemoryPercentWarn: fc.constant(85),
  podPendingSecondsWarn: fc.integer({ min: 0, max: 3600 }),
  podRestartsWarn: fc.integer({ min: 0, max: 10 }),
  kubeletMinorSkew: fc.constant(0),
  podRestartWindowSeconds: fc.option(fc.integer({ min: 0, max: 7200 }), { nil: undefined }),
  excludeNamespaces: fc.subarray(['media', 'monitoring']),
});

const live = Object.fromEntries(
  (['nodes', 'pods', 'applications', 'certificates', 'externalSecrets', 'clusterSecretStores'] as SourceKind[]).map((k) => [k, { state: 'live' }]),
) as Record<SourceKind, SourceState>;
const inputOf = (pods: PodView[], thresholds: HealthThresholds): GradeInput => ({
  now: NOW,
  sources: live,
  nodes: [],
  pods,
  applications: [],
  certificates: [],
  externalSecrets: [],
  clusterSecretStores: [],
  ceph: { health: 'HEALTH_OK', checks: [] },
  thresholds,
});

describe('pod grading gives exactly what the straightforward version gave', () => {
  it('podOffender: same verdict, reason, age and field order for any pod and thresholds', () => {
    fc.assert(
      fc.property(podArb, thresholdsArb, (pod, th) => {
        const got = podOffender(pod, NOW, th);
        const want = referencePodOffender(pod, NOW, th);
        expect(got).toStrictEqual(want);
        expect(JSON.stringify(got)).toBe(JSON.stringify(want));
      }),
      { numRuns: 3000 },
    );
  });

  it('Apps and the kube-system half of System: same status, percent, reasons and offenders', () => {
    fc.assert(
      fc.property(fc.array(podArb, { maxLength: 60 }), thresholdsArb, (pods, th) => {
        const input = inputOf(pods, th);
        expect(JSON.stringify(gradeApps(input))).toBe(JSON.stringify(referenceApps(input)));
        const system = gradeSystem(input);
        const kube = pods.filter((p) => p.namespace === SYSTEM_NAMESPACE);
        const bad = kube.map((p) => referencePodOffender(p, NOW, th)).filter((o): o is Offender => o !== null);
        expect(system.offenders).toStrictEqual(sortOffenders(bad));
        expect(system.healthyPercent).toBe(percent(kube.length - bad.length + 1, kube.length + 1));
        expect(system.reasons[0]).toBe(
          bad.length
            ? `${bad.length} of ${kube.length} kube-system pods unhealthy: ${tally(bad.map((o) => ({ ...o, reason: reasonWord(o.reason) })))}`
            : `${kube.length} kube-system pods Running or Completed`,
        );
      }),
      { numRuns: 500 },
    );
  });
});
