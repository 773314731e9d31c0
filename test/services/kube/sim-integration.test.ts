import { afterEach, describe, expect, it } from 'vitest';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { FAST_TIMING, isRookCephTools, KubeSim, routeExec, type KubeSimOptions } from '../../../src/sim/kube/index.js';
import { createKubeActions } from '../../../src/services/kube/actions/index.js';
import { ReadOnlyError } from '../../../src/services/kube/errors.js';
import { loadKubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { createCephSource } from '../../../src/services/health/ceph-source.js';
import { gradeOnce, openHealthSession, type HealthSession } from '../../../src/services/health/health-session.js';
import type { PodView } from '../../../src/domain/health/types.js';
import { waitFor } from '../../support/wait.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function world(opts: KubeSimOptions & { ceph?: 'degraded' | 'healthy' } = {}) {
  const ceph = new CephSimulator({ state: opts.ceph ?? 'degraded' });
  const sim = await KubeSim.start({
    timing: FAST_TIMING,
    bookmarkIntervalMs: 0,
    exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => ceph.exec(argv) }]),
    ...opts,
  });
  cleanups.push(() => sim.stop());
  const env = { KUBECONFIG: sim.kubeconfigPath, HOME: '/nonexistent' };
  return { sim, ceph, env };
}

async function session(env: NodeJS.ProcessEnv, withCeph = true): Promise<HealthSession> {
  const s = await openHealthSession({ env, flushMs: 100, ceph: withCeph ? createCephSource({ intervalMs: 300, timeoutMs: 5000 }) : null });
  cleanups.push(() => s.close());
  return s;
}

const gate = (s: HealthSession) => s.health.getState().gate;
const podsLists = (s: HealthSession) => s.watcher.reflectors.pods.lists;

describe('through @kubernetes/client-node against the simulated API server', () => {
  it('grades the degraded demo homelab: paperless crash-looping, home-assistant OutOfSync, paperless Degraded, Ceph HEALTH_ERR', async () => {
    const { env } = await world();
    const s = await session(env);
    await waitFor(() => gate(s)?.layers.system.status !== 'UNKNOWN' && gate(s)?.layers.apps.status !== 'UNKNOWN' && gate(s), { what: 'a graded cluster' });
    const g = gate(s)!;
    expect(g.overall).toBe('RED');
    expect(g.layers.metal.status).toBe('GREEN');
    expect(g.layers.metal.reasons).toContain('10 of 10 nodes Ready');
    expect(g.layers.apps.offenders[0]).toMatchObject({ kind: 'Pod', namespace: 'paperless', status: 'RED', reason: 'CrashLoopBackOff' });
    expect(g.layers.platform.offenders.map((o) => [o.name, o.reason])).toEqual([
      ['paperless', 'Degraded'],
      ['home-assistant', 'OutOfSync'],
      // The demo's latent certificate (#14: certificates expiring within 14 days are graded YELLOW).
      ['alertmanager-tls', 'Expiring in 5 d'],
    ]);
    expect(g.layers.system.status).toBe('RED');
    expect(g.layers.system.offenders.map((o) => o.name)).toContain('RECENT_MGR_MODULE_CRASH');
    // metrics.k8s.io is served: node percentages are filled in. Metrics are polled apart from the
    // node list, so they may arrive after the first grade: wait for them rather than race them.
    await waitFor(() => s.cluster.getState().nodes.length > 0 && s.cluster.getState().nodes.every((n) => n.cpuPercent !== null && n.memoryPercent !== null), {
      what: 'node metrics filled in',
    });
  });

  it('a dropped watch resumes without relisting and still sees the rollout that fixes paperless; Apps goes GREEN', async () => {
    const { sim, env } = await world();
    const s = await session(env, false);
    await waitFor(() => gate(s)?.layers.apps.status === 'RED', { what: 'apps RED' });
    // The grade comes from the list; the watch opens just after it.
    await waitFor(() => sim.openWatches >= 6, { what: 'watches open' });
    expect(sim.dropWatches({ mode: 'end', resource: 'pods' })).toBeGreaterThan(0);
    const actions = createKubeActions(await loadKubeTarget({ env }), { readOnly: false, dryRun: false }, { pollMs: 50 });
    const r = await actions.restartRollout({ kind: 'deployment', namespace: 'paperless', name: 'paperless-ngx', timeoutMs: 20_000 });
    expect(r.rollout?.done).toBe(true);
    await waitFor(() => gate(s)?.layers.apps.status === 'GREEN', { what: 'apps GREEN after the rollout', timeoutMs: 20_000 });
    expect(podsLists(s)).toBe(1);
    expect(s.cluster.getState().liveness.pods.state).toBe('live');
  });

  it('410 Expired: the reflector relists and changes made meanwhile are in the store', async () => {
    const { sim, env } = await world();
    const s = await session(env, false);
    await waitFor(() => s.cluster.getState().liveness.pods.state === 'live' && sim.openWatches >= 6, { what: 'watches open' });
    const actions = createKubeActions(await loadKubeTarget({ env }), { readOnly: false, dryRun: false }, { pollMs: 50 });
    const victim = s.cluster.getState().pods.find((p) => p.namespace === 'jellyfin') as PodView;
    expect(sim.expireWatches({ resource: 'pods' })).toBeGreaterThan(0);
    await actions.deletePod({ namespace: 'jellyfin', name: victim.name });
    await waitFor(() => podsLists(s) >= 2, { what: 'a relist' });
    await waitFor(() => !s.cluster.getState().pods.some((p) => p.name === victim.name), { what: 'deleted pod gone from the store' });
    await waitFor(() => s.cluster.getState().pods.some((p) => p.namespace === 'jellyfin' && p.name !== victim.name), { what: 'its replacement' });
  });

  it('an unreachable server makes every layer UNKNOWN (never GREEN), and GREEN comes back when it returns', async () => {
    const { sim, env } = await world({ seed: 'healthy', ceph: 'healthy' });
    const s = await session(env);
    await waitFor(() => gate(s)?.overall === 'GREEN', { what: 'GREEN', timeoutMs: 15_000 });
    await sim.stopListening();
    await waitFor(() => gate(s)?.overall === 'UNKNOWN', { what: 'UNKNOWN while down' });
    const down = gate(s)!;
    for (const layer of Object.values(down.layers)) expect(layer.status).toBe('UNKNOWN');
    expect(down.layers.apps.reasons[0]).toMatch(/^pods: watch lost, reconnecting \(attempt \d+\)/);
    expect(s.cluster.getState().liveness.nodes.state).toBe('reconnecting');
    await sim.startListening();
    await waitFor(() => gate(s)?.overall === 'GREEN', { what: 'GREEN again', timeoutMs: 40_000 });
  }, 60_000);

  it('a CRD that is not installed is "not installed", and the rest still grades', async () => {
    const { env } = await world({ seed: 'healthy', ceph: 'healthy', omitCrds: ['certificates.cert-manager.io'] });
    const { result } = await gradeOnce({ env, ceph: createCephSource({}) });
    expect(result.layers.platform.reasons).toContain('Certificates: cert-manager not installed');
    expect(result.layers.platform.status).toBe('GREEN');
    expect(result.overall).toBe('GREEN');
  });
});

describe('typed actions against the simulator', () => {
  it('sync an OutOfSync Application and wait until Synced + Healthy at the target revision', async () => {
    const { env } = await world();
    const actions = createKubeActions(await loadKubeTarget({ env }), { readOnly: false, dryRun: false }, { pollMs: 50 });
    const before = await actions.getApplication({ name: 'home-assistant' });
    expect(before.syncStatus).toBe('OutOfSync');
    await actions.syncApplication({ name: 'home-assistant' });
    const after = await actions.waitForApplication({ name: 'home-assistant', timeoutMs: 15_000 });
    expect(after).toMatchObject({ syncStatus: 'Synced', healthStatus: 'Healthy' });
    await actions.refreshApplication({ name: 'home-assistant' });
  });

  it('exec runs argv in the toolbox pod (deploy/rook-ceph-tools) with stdout, stderr and exit code', async () => {
    const { sim, env } = await world();
    const actions = createKubeActions(await loadKubeTarget({ env }), { readOnly: false, dryRun: false });
    const health = await actions.execInPod({ namespace: 'rook-ceph', target: 'deploy/rook-ceph-tools', command: ['ceph', 'health'] });
    expect(health).toMatchObject({ exitCode: 0, stderr: '' });
    expect(health.stdout).toMatch(/^HEALTH_ERR/);
    expect(health.pod).toMatch(/^rook-ceph-tools-/);
    const refused = await actions.execInPod({
      namespace: 'rook-ceph',
      target: 'deploy/rook-ceph-tools',
      command: ['ceph', 'osd', 'reweight', '99', '0.8'],
      mutating: true,
    });
    expect(refused.exitCode).not.toBe(0);
    expect(refused.stderr).toMatch(/osd\.99 does not exist/);
    const jellyfin = sim.list('pods', 'jellyfin')[0]!.metadata!.name!;
    const bad = await actions.execInPod({ namespace: 'jellyfin', target: jellyfin, command: ['sh', '-c', 'exit 3'] });
    expect(bad.exitCode).toBe(3);
  });

  it('read-only sends no write to the server; node conditions and logs still read', async () => {
    const { sim, env } = await world();
    const actions = createKubeActions(await loadKubeTarget({ env }), { readOnly: true, dryRun: false });
    sim.counters.reset();
    await expect(actions.restartRollout({ kind: 'deployment', namespace: 'paperless', name: 'paperless-ngx' })).rejects.toThrow(ReadOnlyError);
    await expect(actions.syncApplication({ name: 'home-assistant' })).rejects.toThrow(ReadOnlyError);
    await expect(actions.scaleWorkload({ kind: 'deployment', namespace: 'paperless', name: 'paperless-ngx', replicas: 0 })).rejects.toThrow(ReadOnlyError);
    const conditions = await actions.nodeConditions('onyx');
    expect(conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
    const pod = sim.list('pods', 'paperless').find((p) => p.metadata?.name?.startsWith('paperless-ngx-'))!;
    const logs = await actions.tailLogs({ namespace: 'paperless', pod: pod.metadata!.name!, tailLines: 20 });
    expect(typeof logs).toBe('string');
    expect(sim.counters.writes).toBe(0);
  });
});

describe('pod delete waits for what the controller does', () => {
  it('a StatefulSet pod: passes once the replacement (same name, new UID) is Ready', async () => {
    const { env } = await world({ seed: 'healthy', ceph: 'healthy' });
    const target = await loadKubeTarget({ env });
    const actions = createKubeActions(target, { readOnly: false, dryRun: false }, { pollMs: 50 });
    const { KubeHttp } = await import('../../../src/services/kube/http.js');
    const http = new KubeHttp(target);
    const path = '/api/v1/namespaces/databases/pods/postgres-0';
    const before = await http.get<{ metadata: { uid: string } }>(path);
    const r = await actions.deletePod({ namespace: 'databases', name: 'postgres-0', wait: true, timeoutMs: 20_000 });
    expect(r).toMatchObject({ gone: true, owner: 'StatefulSet/postgres', replacement: 'postgres-0' });
    const after = await http.get<{ metadata: { uid: string }; status: { conditions: Array<{ type: string; status: string }> } }>(path);
    expect(after.metadata.uid).not.toBe(before.metadata.uid);
    expect(after.status.conditions.find((c) => c.type === 'Ready')?.status).toBe('True');
  }, 40_000);

  it('a ReplicaSet pod: passes once a new pod of the same ReplicaSet is Ready', async () => {
    const { env } = await world({ seed: 'healthy', ceph: 'healthy' });
    const target = await loadKubeTarget({ env });
    const actions = createKubeActions(target, { readOnly: false, dryRun: false }, { pollMs: 50 });
    const { KubeHttp } = await import('../../../src/services/kube/http.js');
    const list = await new KubeHttp(target).get<{ items: Array<{ metadata: { name: string } }> }>('/api/v1/namespaces/jellyfin/pods');
    const victim = list.items[0]!.metadata.name;
    const r = await actions.deletePod({ namespace: 'jellyfin', name: victim, wait: true, timeoutMs: 20_000 });
    expect(r.owner).toMatch(/^ReplicaSet\//);
    expect(r.replacement).toMatch(/^jellyfin-/);
    expect(r.replacement).not.toBe(victim);
  }, 40_000);
});
