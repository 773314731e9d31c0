import { describe, expect, it } from 'vitest';
import { gradeCluster } from '../../../src/domain/health/grade.js';
import type { GradeInput, SourceKind, SourceState } from '../../../src/domain/health/grade-input.js';
import { DEFAULT_THRESHOLDS, type CephHealthInput } from '../../../src/domain/health/types.js';
import { hasShared, readCorpus, SHARED_ABSENT, describeCorpus } from '../../support/shared.js';
import { parseTable, sections, toApplications, toCertificates, toExternalSecrets, toNodes, toPods, toSecretStores } from './kubectl-tables.js';

const NOW = Date.parse('2026-04-24T18:00:00Z');
const LIVE: SourceState = { state: 'live' };
const allLive = (): Record<SourceKind, SourceState> => ({
  nodes: LIVE,
  pods: LIVE,
  applications: LIVE,
  certificates: LIVE,
  externalSecrets: LIVE,
  clusterSecretStores: LIVE,
});
const CEPH_OK: CephHealthInput = { health: 'HEALTH_OK', checks: [] };

function input(over: Partial<GradeInput>): GradeInput {
  return {
    now: NOW,
    sources: allLive(),
    nodes: [],
    pods: [],
    applications: [],
    certificates: [],
    externalSecrets: [],
    clusterSecretStores: [],
    ceph: CEPH_OK,
    thresholds: DEFAULT_THRESHOLDS,
    ...over,
  };
}

function section(file: string, title: string): string {
  const s = sections(readCorpus('kube', file)).find((x) => x.title === title);
  if (!s) throw new Error(`no section ${title} in ${file}`);
  return s.body;
}

describeCorpus(`grading the real captures in corpus/kube (${hasShared ? 'present' : SHARED_ABSENT})`, () => {
  describe('2026-04-24 baseline (debugger pods left behind, a stale NFS mount, two apps Progressing)', () => {
    const file = '2026-04-24-baseline-multisection.txt';
    const result = gradeCluster(
      input({
        nodes: toNodes(section(file, 'Nodes'), section(file, 'Top Nodes'), NOW),
        pods: toPods(section(file, 'All Pods'), NOW),
        applications: toApplications(section(file, 'ArgoCD Applications')),
      }),
    );

    it('Metal is GREEN: ten Ready nodes, one kubelet version, CPU at most 26 % and memory at most 29 %', () => {
      expect(result.layers.metal).toMatchObject({ status: 'GREEN', healthyPercent: 100, offenders: [] });
      expect(result.layers.metal.reasons[0]).toBe('10 of 10 nodes Ready');
    });

    it('System is RED because the NFS provisioner in kube-system is Unknown', () => {
      const system = result.layers.system;
      expect(system.status).toBe('RED');
      expect(system.offenders).toEqual([
        expect.objectContaining({
          kind: 'Pod',
          namespace: 'kube-system',
          name: 'nfs-client-provisioner-nfs-subdir-external-provisioner-854jlrfx',
          status: 'RED',
          reason: 'Unknown',
          restarts: 2,
          ageSeconds: 10 * 3600,
        }),
      ]);
      expect(system.reasons[0]).toMatch(/^1 of \d+ kube-system pods unhealthy: 1 Unknown$/);
    });

    it('Apps is RED and lists exactly what the grep gate prints, worst first, plus the pod restarting right now', () => {
      const apps = result.layers.apps;
      expect(apps.status).toBe('RED');
      const red = apps.offenders.filter((o) => o.status === 'RED').map((o) => `${o.namespace}/${o.name} ${o.reason}`);
      expect(red.sort()).toEqual(
        [
          'default/node-debugger-arcanine-fgqkz Unknown',
          'default/node-debugger-charmander-c9jrc Error',
          'default/node-debugger-charmander-d9nkw Error',
          'default/node-debugger-chikorita-6f9rr Unknown',
          'default/node-debugger-cyndaquil-cwb66 Unknown',
          'default/node-debugger-cyndaquil-dxxzn Error',
          'default/node-debugger-growlithe-lqrrx Unknown',
          'default/node-debugger-pikachu-5knhm Unknown',
          'default/node-debugger-sprigatito-s2jz2 Unknown',
          'default/node-debugger-totodile-mbzdp Unknown',
          'pages/pages-78cd655d8b-fw8kt CreateContainerError',
        ].sort(),
      );
      // registry-test: "7 (3m40s ago)" is Running but restarting within the last hour.
      const yellow = apps.offenders.filter((o) => o.status === 'YELLOW');
      expect(yellow).toEqual([expect.objectContaining({ namespace: 'zot', name: 'registry-test', reason: 'Restarting (last 3m ago)', restarts: 7 })]);
      expect(apps.offenders.at(-1)?.status).toBe('YELLOW');
      const total = parseTable(section(file, 'All Pods')).filter((r) => r.NAMESPACE !== 'kube-system').length;
      expect(apps.healthyPercent).toBe(Math.floor(((total - 12) / total) * 1000) / 10);
      expect(apps.reasons[0]).toBe(`12 of ${total} pods unhealthy: 7 Unknown, 3 Error, 1 CreateContainerError, 1 Restarting`);
    });

    it('Platform is YELLOW: pages and second-brain-canary are Progressing', () => {
      expect(result.layers.platform.status).toBe('YELLOW');
      expect(result.layers.platform.offenders.map((o) => [o.name, o.reason])).toEqual([
        ['pages', 'Progressing'],
        ['second-brain-canary', 'Progressing'],
      ]);
    });

    it('overall is RED', () => expect(result.overall).toBe('RED'));
  });

  it('2026-02-22: emby OutOfSync (YELLOW) and rook-ceph Degraded (RED) are told apart, RED first', () => {
    const platform = gradeCluster(input({ applications: toApplications(readCorpus('kube', '2026-02-22-argocd-apps-nonhealthy.txt')) })).layers.platform;
    expect(platform.status).toBe('RED');
    expect(platform.offenders.map((o) => [o.name, o.status, o.reason])).toEqual([
      ['rook-ceph', 'RED', 'Degraded'],
      ['emby', 'YELLOW', 'OutOfSync'],
    ]);
    expect(platform.reasons[0]).toBe('2 of 2 Applications: 1 Degraded, 1 OutOfSync');
  });

  describe('2026-04-03 (a quiet day except rook-ceph Degraded)', () => {
    const kube = (f: string) => readCorpus('kube', `2026-04-03-${f}.txt`);
    const base = () =>
      input({
        nodes: toNodes(kube('nodes-wide'), kube('top-nodes'), NOW),
        pods: toPods(kube('pods-all'), NOW),
        applications: toApplications(kube('argocd-apps')),
        certificates: toCertificates(kube('certificates')),
        externalSecrets: toExternalSecrets(kube('external-secrets')),
        clusterSecretStores: toSecretStores(kube('clustersecretstores')),
      });

    it('every pod is Running or Completed, so System pods and Apps are GREEN (kube-vip restarted 91 min ago, outside the window)', () => {
      const r = gradeCluster(base());
      expect(r.layers.apps).toMatchObject({ status: 'GREEN', healthyPercent: 100, offenders: [] });
      expect(r.layers.system).toMatchObject({ status: 'GREEN', healthyPercent: 100, offenders: [] });
      expect(r.layers.metal.status).toBe('GREEN');
    });

    it('Platform is RED only because of rook-ceph; certificates, external secrets and the store are all healthy', () => {
      const p = gradeCluster(base()).layers.platform;
      expect(p.status).toBe('RED');
      expect(p.offenders).toEqual([expect.objectContaining({ kind: 'Application', name: 'rook-ceph', reason: 'Degraded' })]);
      const certs = parseTable(kube('certificates')).length;
      expect(p.reasons).toEqual([
        `1 of ${parseTable(kube('argocd-apps')).length} Applications: 1 Degraded`,
        `${certs} Certificates healthy`,
        '7 ExternalSecrets healthy',
        '1 ClusterSecretStores healthy',
      ]);
    });

    it('a kubelet left a minor version behind and a hot node make Metal YELLOW with those nodes as offenders', () => {
      const i = base();
      i.nodes = i.nodes.map((n) =>
        n.name === 'pikachu' ? { ...n, kubeletVersion: 'v1.32.9+k3s1' } : n.name === 'arcanine' ? { ...n, cpuPercent: 93, memoryPercent: 88 } : n,
      );
      const metal = gradeCluster(i).layers.metal;
      expect(metal.status).toBe('YELLOW');
      expect(metal.offenders.map((o) => [o.name, o.reason])).toEqual([
        ['arcanine', 'CPU 93%, memory 88%'],
        ['pikachu', 'kubelet v1.32.9+k3s1 behind'],
      ]);
      expect(metal.healthyPercent).toBe(80);
      // Thresholds are configuration: with looser limits the same cluster is GREEN on Metal.
      const loose = gradeCluster({ ...i, thresholds: { ...DEFAULT_THRESHOLDS, nodeCpuPercentWarn: 95, nodeMemoryPercentWarn: 95, kubeletMinorSkew: 1 } });
      expect(loose.layers.metal.status).toBe('GREEN');
    });

    it('a NotReady node is RED', () => {
      const i = base();
      i.nodes = i.nodes.map((n) => (n.name === 'totodile' ? { ...n, ready: false } : n));
      const metal = gradeCluster(i).layers.metal;
      expect(metal).toMatchObject({ status: 'RED', healthyPercent: 90 });
      expect(metal.reasons[0]).toBe('1 of 10 nodes not Ready');
    });
  });

  it('2026-01-31 capture with "== cmd ==" headers: nodes and top nodes parse and grade GREEN', () => {
    const text = readCorpus('kube', '2026-01-31-nodes-wide-with-capture-header.txt');
    const [nodes, top] = sections(text);
    const metal = gradeCluster(input({ nodes: toNodes(nodes!.body, top!.body, NOW) })).layers.metal;
    expect(metal).toMatchObject({ status: 'GREEN', healthyPercent: 100 });
  });

  it('every pod the seed gate greps out is an offender, and no Running/Completed pod without restarts is', () => {
    for (const [file, title] of [
      ['2026-04-24-baseline-multisection.txt', 'All Pods'],
      ['2026-01-31-pods-all-with-capture-header.txt', 'kubectl get pods -A --sort-by namespace'],
    ] as const) {
      const table = section(file, title);
      const rows = parseTable(table);
      const result = gradeCluster(input({ pods: toPods(table, NOW) }));
      const offenders = new Set([...result.layers.apps.offenders, ...result.layers.system.offenders].map((o) => `${o.namespace}/${o.name}`));
      for (const r of rows) {
        const grepped = !/Running|Completed/.test(r.STATUS!);
        if (grepped) expect(offenders.has(`${r.NAMESPACE}/${r.NAME}`), `${file}: ${r.NAME}`).toBe(true);
        if (!grepped && !/\(/.test(r.RESTARTS!)) expect(offenders.has(`${r.NAMESPACE}/${r.NAME}`)).toBe(false);
      }
    }
  });
});
