import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EXIT_CODES, gradeCluster } from '../../../src/domain/health/grade.js';
import type { GradeInput, SourceKind, SourceState } from '../../../src/domain/health/grade-input.js';
import { DEFAULT_THRESHOLDS, type NodeView, type PodView } from '../../../src/domain/health/types.js';

const KINDS: SourceKind[] = ['nodes', 'pods', 'applications', 'certificates', 'externalSecrets', 'clusterSecretStores'];
const node: NodeView = {
  name: 'granite',
  uid: 'u1',
  ready: true,
  pressures: [],
  unschedulable: false,
  kubeletVersion: 'v1.33.6+k3s1',
  internalIP: '127.0.20.11',
  roles: ['control-plane'],
  cpuPercent: 10,
  memoryPercent: 20,
  createdAt: '2026-01-01T00:00:00Z',
};
const pod = (namespace: string, name: string, displayStatus = 'Running'): PodView => ({
  namespace,
  name,
  uid: name,
  phase: 'Running',
  displayStatus,
  ready: '1/1',
  restarts: 0,
  nodeName: 'granite',
  createdAt: '2026-01-01T00:00:00Z',
  ownerKind: null,
  ownerName: null,
});

function healthy(sources: Partial<Record<SourceKind, SourceState>> = {}): GradeInput {
  return {
    now: Date.parse('2026-02-01T00:00:00Z'),
    sources: { ...Object.fromEntries(KINDS.map((k) => [k, { state: 'live' }])), ...sources } as Record<SourceKind, SourceState>,
    nodes: [node],
    pods: [pod('kube-system', 'coredns'), pod('paperless', 'paperless-ngx')],
    applications: [
      {
        namespace: 'argocd',
        name: 'paperless',
        syncStatus: 'Synced',
        healthStatus: 'Healthy',
        revision: 'abc',
        sourcePaths: [],
        repoURL: null,
        operationPhase: null,
      },
    ],
    certificates: [],
    externalSecrets: [],
    clusterSecretStores: [],
    ceph: { health: 'HEALTH_OK', checks: [] },
    thresholds: DEFAULT_THRESHOLDS,
  };
}

describe('UNKNOWN is never GREEN', () => {
  it('a fully live, healthy cluster is GREEN with exit code 0', () => {
    const r = gradeCluster(healthy());
    expect(r.overall).toBe('GREEN');
    expect(EXIT_CODES[r.overall]).toBe(0);
  });

  it('no data yet, a lost watch or an unreachable server on any kind makes overall UNKNOWN (unless something is RED)', () => {
    const sourceState = fc.oneof(
      fc.constant<SourceState>({ state: 'live' }),
      fc.constant<SourceState>({ state: 'not-installed', what: 'CRD' }),
      fc.string({ minLength: 1 }).map<SourceState>((reason) => ({ state: 'unknown', reason })),
    );
    fc.assert(
      fc.property(
        fc.record(Object.fromEntries(KINDS.map((k) => [k, sourceState])) as Record<SourceKind, fc.Arbitrary<SourceState>>),
        fc.boolean(),
        (sources, cephKnown) => {
          const input = { ...healthy(sources), ceph: cephKnown ? healthy().ceph : null };
          const r = gradeCluster(input);
          const anyUnknown = KINDS.some((k) => sources[k].state === 'unknown' && k !== 'nodes') || !cephKnown || sources.nodes.state === 'unknown';
          if (anyUnknown) expect(r.overall).not.toBe('GREEN');
          if (anyUnknown && r.overall !== 'RED') expect(r.overall).toBe('UNKNOWN');
        },
      ),
    );
  });

  it('an unreachable server: every layer UNKNOWN with the reason, no percentage, no offenders', () => {
    const reason = 'reconnecting (attempt 3): connect ECONNREFUSED 127.0.0.1:6443';
    const r = gradeCluster({ ...healthy(Object.fromEntries(KINDS.map((k) => [k, { state: 'unknown', reason }]))), ceph: null });
    expect(r.overall).toBe('UNKNOWN');
    expect(EXIT_CODES[r.overall]).toBe(3);
    for (const layer of Object.values(r.layers)) {
      expect(layer.status).toBe('UNKNOWN');
      expect(layer.healthyPercent).toBeNull();
      expect(layer.reasons.join(' ')).toContain('ECONNREFUSED');
    }
  });

  it('Ceph not read keeps System UNKNOWN with "ceph not read", but a RED kube-system pod still shows RED', () => {
    const noCeph = gradeCluster({ ...healthy(), ceph: null }).layers.system;
    expect(noCeph.status).toBe('UNKNOWN');
    expect(noCeph.reasons).toContain('ceph: ceph not read');
    const crashing = healthy();
    crashing.ceph = null;
    crashing.pods = [pod('kube-system', 'coredns', 'CrashLoopBackOff')];
    expect(gradeCluster(crashing).layers.system.status).toBe('RED');
  });

  it('Ceph HEALTH_WARN / HEALTH_ERR map to YELLOW / RED with each check as an offender', () => {
    const warn = gradeCluster({
      ...healthy(),
      ceph: { health: 'HEALTH_WARN', checks: [{ code: 'OSDMAP_FLAGS', severity: 'HEALTH_WARN', summary: 'noout flag(s) set' }] },
    });
    expect(warn.layers.system.status).toBe('YELLOW');
    expect(warn.layers.system.offenders).toEqual([{ kind: 'CephCheck', name: 'OSDMAP_FLAGS', status: 'YELLOW', reason: 'noout flag(s) set' }]);
    const err = gradeCluster({
      ...healthy(),
      ceph: {
        health: 'HEALTH_ERR',
        checks: [
          { code: 'OSDMAP_FLAGS', severity: 'HEALTH_WARN', summary: 'noout' },
          { code: 'RECENT_MGR_MODULE_CRASH', severity: 'HEALTH_ERR', summary: 'mgr module crashed' },
        ],
      },
    });
    expect(err.layers.system.status).toBe('RED');
    expect(err.layers.system.offenders[0]?.name).toBe('RECENT_MGR_MODULE_CRASH');
  });

  it('a CRD that is not installed is said so and does not make Platform UNKNOWN', () => {
    const r = gradeCluster(healthy({ certificates: { state: 'not-installed', what: 'certificates.cert-manager.io' } }));
    expect(r.layers.platform.status).toBe('GREEN');
    expect(r.layers.platform.reasons).toContain('Certificates: cert-manager not installed');
  });

  it('Pending past the threshold is RED, young Pending is YELLOW, listed with restarts and age', () => {
    const i = healthy();
    const now = i.now;
    i.pods = [
      { ...pod('paperless', 'young', 'Pending'), createdAt: new Date(now - 60_000).toISOString() },
      { ...pod('paperless', 'stuck', 'ContainerCreating'), createdAt: new Date(now - 900_000).toISOString(), restarts: 0 },
      { ...pod('paperless', 'crash', 'CrashLoopBackOff'), restarts: 12 },
      { ...pod('paperless', 'pull', 'ImagePullBackOff') },
    ];
    const apps = gradeCluster(i).layers.apps;
    expect(apps.offenders.map((o) => [o.name, o.status, o.reason])).toEqual([
      ['crash', 'RED', 'CrashLoopBackOff'],
      ['pull', 'RED', 'ImagePullBackOff'],
      ['stuck', 'RED', 'ContainerCreating for 15m'],
      ['young', 'YELLOW', 'Pending'],
    ]);
    expect(apps.offenders[0]?.restarts).toBe(12);
    expect(apps.offenders[2]?.ageSeconds).toBe(900);
  });
});
