import type { CephSummary } from '../../src/domain/ceph/types.js';
import type { GateResult, LayerGrade } from '../../src/domain/health/types.js';
import { parseIssue } from '../../src/domain/issue/index.js';
import type { QueueEntry } from '../../src/domain/renovate/types.js';
import type { Stores } from '../../src/store/index.js';

/** A small maintenance body in the real format, parsed by the real issue model. */
export const BODY = `# [Maintenance] 2026-11-26 - Homelab

**Overall Status**: RED
**Last Updated**: 2026-11-26 06:00 UTC

## Action Items

### Critical (P0)

- [ ] **A1 P0 Metal**: Purge dead osd.8
  - **Goal**: remove the dead disk from the cluster
  - **Commands**: \`ceph osd purge 8 --yes-i-really-mean-it\`
  - **Expected**: osd.8 no longer listed
  - **If fails**: escalate
  - **Rollback**: none

### High (P1)

- [ ] **B1 P1 Apps**: Restart paperless-ngx
  - **Goal**: clear the CrashLoopBackOff
  - **Commands**: \`kubectl -n paperless rollout restart deploy/paperless-ngx\`
  - **Expected**: pods Running
- [x] **B2 P1 Platform**: Sync home-assistant
- [ ] **B3 P1 System**: Archive Ceph crashes

### Low (P3)

- [ ] **C1 P3 Apps**: Tidy dashboards
`;

export function fillIssue(stores: Stores, body = BODY, at = 999_000) {
  stores.issue.setState({
    liveness: { state: 'live', updatedAt: at },
    repo: 'ops/homelab',
    number: 42,
    title: '[Maintenance] 2026-11-26 - Homelab',
    body,
    contentVersion: 7,
    document: parseIssue(body),
    editMode: 'content-version',
  });
  stores.session.setState({ context: 'homelab', repo: 'ops/homelab' });
}

const grade = (status: LayerGrade['status'], pct: number, reasons: string[] = [], offenders: LayerGrade['offenders'] = []): LayerGrade => ({
  status,
  healthyPercent: pct,
  reasons,
  offenders,
});

export const GATE: GateResult = {
  overall: 'RED',
  gradedAt: '2026-11-26T06:00:00Z',
  layers: {
    metal: grade('GREEN', 100),
    system: grade('RED', 80, ['Ceph HEALTH_ERR'], [{ kind: 'CephCheck', name: 'RECENT_CRASH', status: 'RED', reason: 'HEALTH_ERR' }]),
    platform: grade(
      'YELLOW',
      95,
      ['1 Application OutOfSync'],
      [{ kind: 'Application', namespace: 'argocd', name: 'home-assistant', status: 'YELLOW', reason: 'OutOfSync' }],
    ),
    apps: grade(
      'RED',
      97,
      ['1 pod CrashLoopBackOff'],
      [{ kind: 'Pod', namespace: 'paperless', name: 'paperless-ngx-7d9f', status: 'RED', reason: 'CrashLoopBackOff', restarts: 12 }],
    ),
  },
};

export function fillHealth(stores: Stores, at = 999_000) {
  const live = { state: 'live' as const, updatedAt: at };
  stores.cluster.setState({ liveness: { nodes: live, pods: live, applications: live, certificates: live, externalSecrets: live, clusterSecretStores: live } });
  stores.health.setState({ gate: GATE });
}

export const CEPH: CephSummary = {
  health: 'HEALTH_ERR',
  checks: [
    { code: 'RECENT_CRASH', severity: 'HEALTH_WARN', summary: '2 daemons have recently crashed', details: [], muted: false },
    { code: 'OSDMAP_FLAGS', severity: 'HEALTH_WARN', summary: 'noout flag(s) set', details: [], muted: false },
  ],
  osds: {
    total: 9,
    up: 8,
    in: 8,
    list: Array.from({ length: 9 }, (_, id) => ({
      id,
      host: ['onyx', 'jasper', 'opal'][Math.floor(id / 3)]!,
      up: id !== 8,
      in: id !== 8,
      weight: 1,
      reweight: id === 5 ? 0 : 1,
      utilization: 40 + id,
      pgs: 30,
      deviceClass: 'ssd',
    })),
  },
  flags: ['noout'],
  usage: { totalBytes: 3 * 1024 ** 4, usedBytes: 1.2 * 1024 ** 4, availBytes: 1.8 * 1024 ** 4, usedPercent: 40 },
  pgs: {
    total: 129,
    states: [
      { name: 'active+clean', count: 120 },
      { name: 'active+recovering', count: 9 },
    ],
  },
  crashes: { new: 3, total: 3, recent: [] },
  mons: { quorum: ['a', 'b', 'c'], total: 3 },
  mgr: { active: 'a', standbys: 1 },
  offenders: ['osd.3', 'osd.7'],
  version: '19.2.3',
};

export function fillCeph(stores: Stores, at = 999_000) {
  stores.ceph.setState({ liveness: { state: 'live', updatedAt: at }, summary: CEPH, source: 'test' });
}

export function pr(number: number, over: Partial<QueueEntry> = {}): QueueEntry {
  return {
    number,
    title: `chore(deps): update thing ${number}`,
    renovate: true,
    category: 'non-major',
    order: 1,
    risk: 'LOW',
    updateType: 'patch',
    containsDatabase: false,
    containsCore: false,
    packages: [{ name: `pkg${number}`, from: '1.0.0', to: '1.0.1', updateType: 'patch' }],
    mergeable: true,
    draft: false,
    ci: 'success',
    headSha: `sha${number}`,
    headBranch: `renovate/pkg${number}`,
    createdAt: null,
    ageDays: 1,
    affectedApps: [],
    htmlUrl: null,
    author: 'renovate',
    excluded: null,
    reasons: [],
    changedFiles: null,
    ...over,
  };
}

export function fillQueue(stores: Stores, at = 999_000) {
  stores.queue.setState({
    liveness: { state: 'live', updatedAt: at },
    prs: [
      pr(43),
      pr(45, { category: 'core', risk: 'MEDIUM', updateType: 'minor' }),
      pr(47, { category: 'database', risk: 'HIGH', updateType: 'major', ci: 'failure', containsDatabase: true }),
    ],
  });
}

export function fillAll(stores: Stores) {
  fillIssue(stores);
  fillHealth(stores);
  fillCeph(stores);
  fillQueue(stores);
}
