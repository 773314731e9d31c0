import { ApiException, AppsV1Api, CoreV1Api, CustomObjectsApi, KubeConfig, PatchStrategy, Watch, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait.js';
import { kubeConfigFor, startSim } from './helpers.js';

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const strategic = setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch);

async function failure(p: Promise<unknown>): Promise<{ code: number; body: { reason?: string; message?: string } }> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiException);
  const ex = err as ApiException<unknown>;
  const body = typeof ex.body === 'string' ? (JSON.parse(ex.body) as object) : ((ex.body ?? {}) as object);
  return { code: ex.code, body: body as { reason?: string; message?: string } };
}

describe('writes through @kubernetes/client-node', () => {
  it('applies JSON, merge and strategic merge patches (containers merged by name)', async () => {
    const sim = await startSim({ clock: 'manual' });
    const apps = kubeConfigFor(sim).makeApiClient(AppsV1Api);
    await apps.patchNamespacedDeployment({ namespace: 'nextcloud', name: 'nextcloud', body: [{ op: 'add', path: '/metadata/labels/tier', value: 'web' }] });
    await apps.patchNamespacedDeployment({ namespace: 'nextcloud', name: 'nextcloud', body: { metadata: { annotations: { owner: 'ops' } } } }, merge);
    const patched = await apps.patchNamespacedDeployment(
      {
        namespace: 'nextcloud',
        name: 'nextcloud',
        body: { spec: { template: { spec: { containers: [{ name: 'nextcloud-cron', image: 'docker.io/library/nextcloud:32.0.3-apache' }] } } } },
      },
      strategic,
    );
    expect(patched.metadata?.labels?.tier).toBe('web');
    expect(patched.metadata?.annotations?.owner).toBe('ops');
    expect(patched.spec?.template.spec?.containers.map((c) => `${c.name}=${c.image}`)).toEqual([
      'nextcloud=docker.io/library/nextcloud:32.0.2-apache',
      'nextcloud-cron=docker.io/library/nextcloud:32.0.3-apache',
    ]);
    expect(patched.metadata?.generation).toBe(2);
  });

  it('scales through the /scale subresource and rejects a negative count with 422 Invalid', async () => {
    const sim = await startSim({ clock: 'manual' });
    const apps = kubeConfigFor(sim).makeApiClient(AppsV1Api);
    const scale = await apps.patchNamespacedDeploymentScale({ namespace: 'cloudflared', name: 'cloudflared', body: { spec: { replicas: 3 } } }, merge);
    expect(scale.spec?.replicas).toBe(3);
    expect(scale.status?.selector).toBe('app.kubernetes.io/name=cloudflared,app.kubernetes.io/instance=cloudflared');
    expect(sim.list('pods', 'cloudflared')).toHaveLength(3);
    const bad = await failure(apps.patchNamespacedDeploymentScale({ namespace: 'cloudflared', name: 'cloudflared', body: { spec: { replicas: -1 } } }, merge));
    expect(bad).toMatchObject({ code: 422, body: { reason: 'Invalid' } });
    expect(bad.body.message).toMatch(/spec\.replicas: Invalid value: -1/);
  });

  it('answers 409 Conflict for a stale resourceVersion and 415 for strategic merge on a custom resource', async () => {
    const sim = await startSim({ clock: 'manual' });
    const kc = kubeConfigFor(sim);
    const apps = kc.makeApiClient(AppsV1Api);
    const dep = await apps.readNamespacedDeployment({ namespace: 'jellyfin', name: 'jellyfin' });
    await apps.patchNamespacedDeployment({ namespace: 'jellyfin', name: 'jellyfin', body: { metadata: { labels: { x: 'y' } } } }, merge);
    const stale = await failure(apps.replaceNamespacedDeployment({ namespace: 'jellyfin', name: 'jellyfin', body: dep }));
    expect(stale).toMatchObject({ code: 409, body: { reason: 'Conflict' } });
    const custom = kc.makeApiClient(CustomObjectsApi);
    const smp = await failure(
      custom.patchNamespacedCustomObject(
        {
          group: 'argoproj.io',
          version: 'v1alpha1',
          namespace: 'argocd',
          plural: 'applications',
          name: 'jellyfin',
          body: { metadata: { labels: { a: 'b' } } },
        },
        strategic,
      ),
    );
    expect(smp.code).toBe(415);
  });

  it('counts writes, and reads, lists and watches count none', async () => {
    const sim = await startSim({ clock: 'manual' });
    const kc = kubeConfigFor(sim);
    const core = kc.makeApiClient(CoreV1Api);
    await core.listPodForAllNamespaces();
    await core.readNamespacedPod({ namespace: 'databases', name: 'postgres-0' });
    const ac = await new Watch(kc).watch(
      '/api/v1/nodes',
      {},
      () => undefined,
      () => undefined,
    );
    await waitFor(() => sim.openWatches === 1, { what: 'watch open' });
    ac.abort();
    expect(sim.counters.writes).toBe(0);
    expect(sim.counters.requests).toBeGreaterThanOrEqual(3);
    await core.deleteNamespacedPod({ namespace: 'jellyfin', name: sim.list('pods', 'jellyfin')[0]!.metadata.name });
    expect(sim.counters.writes).toBe(1);
    expect(sim.counters.writeLog[0]).toMatchObject({ method: 'DELETE' });
  });
});

describe('fault injection', () => {
  it('answers 5xx on a matching path a given number of times', async () => {
    const sim = await startSim();
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    sim.faults.failPath('/api/v1/nodes', { status: 503, times: 1 });
    const f = await failure(core.listNode());
    expect(f).toMatchObject({ code: 503, body: { reason: 'ServiceUnavailable' } });
    expect((await core.listNode()).items).toHaveLength(10);
    sim.faults.failPath(/\/pods$/, { status: 500 });
    expect((await failure(core.listPodForAllNamespaces())).code).toBe(500);
    sim.faults.clear();
    expect((await core.listPodForAllNamespaces()).items.length).toBeGreaterThan(50);
  });

  it('answers slowly on a matching path (a later fast request overtakes it)', async () => {
    const sim = await startSim();
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    sim.faults.slowPath('/api/v1/nodes', 400, { times: 1 });
    const order: string[] = [];
    const slow = core.listNode().then(() => order.push('nodes'));
    await waitFor(() => sim.counters.requests >= 1, { what: 'slow request arrived' });
    const fast = core.listNamespace().then(() => order.push('namespaces'));
    await Promise.all([slow, fast]);
    expect(order).toEqual(['namespaces', 'nodes']);
  });

  it('forbids with a 403 Status shaped like RBAC', async () => {
    const sim = await startSim();
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    sim.faults.forbidPath('/api/v1/namespaces/kube-system/secrets');
    const f = await failure(core.listNamespacedSecret({ namespace: 'kube-system' }));
    expect(f.code).toBe(403);
    expect(f.body.message).toBe(
      'secrets is forbidden: User "system:serviceaccount:default:homelab-console" cannot list resource "secrets" in API group "" in the namespace "kube-system"',
    );
  });

  it('goes unreachable and comes back on the same port; a wrong token is 401', async () => {
    const sim = await startSim();
    const kc = kubeConfigFor(sim);
    const core = kc.makeApiClient(CoreV1Api);
    let watchErr: unknown = 'open';
    await new Watch(kc).watch(
      '/api/v1/nodes',
      {},
      () => undefined,
      (err) => (watchErr = err),
    );
    await waitFor(() => sim.openWatches === 1, { what: 'watch open' });
    await sim.stopListening();
    await waitFor(() => watchErr !== 'open', { what: 'watch ended' });
    await expect(core.listNode()).rejects.toThrow(/ECONNREFUSED|fetch failed|connect/i);
    await sim.startListening();
    expect((await core.listNode()).items).toHaveLength(10);

    const wrong = new KubeConfig();
    wrong.loadFromString(kc.exportConfig().replace(sim.token!, 'not-the-token'));
    expect((await failure(wrong.makeApiClient(CoreV1Api).listNode())).code).toBe(401);
  });
});
