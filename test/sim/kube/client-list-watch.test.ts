import { ApiException, CoreV1Api, Watch } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../../support/wait.js';
import { kubeConfigFor, startSim } from './helpers.js';

interface WatchEvent {
  type: string;
  obj: { kind?: string; code?: number; reason?: string; metadata?: { name?: string; resourceVersion?: string; annotations?: Record<string, string> } };
}

function watchInto(kc: ReturnType<typeof kubeConfigFor>, path: string, params: Record<string, string | number | boolean | undefined>) {
  const events: WatchEvent[] = [];
  let finished: { err: unknown } | null = null;
  const ready = new Watch(kc).watch(
    path,
    params,
    (type, obj) => events.push({ type, obj: obj as WatchEvent['obj'] }),
    (err) => {
      finished = { err };
    },
  );
  return { events, ready, done: () => finished };
}

describe('simulated API server through @kubernetes/client-node: list', () => {
  it('lists the seeded nodes and pods as real objects', async () => {
    const sim = await startSim();
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    const nodes = await core.listNode();
    expect(nodes.items.map((n) => n.metadata?.name)).toContain('granite');
    expect(nodes.items).toHaveLength(10);
    expect(nodes.items.every((n) => n.status?.nodeInfo?.kubeletVersion === 'v1.33.6+k3s1')).toBe(true);
    const pods = await core.listNamespacedPod({ namespace: 'paperless' });
    const ngx = pods.items.find((p) => p.metadata?.name?.startsWith('paperless-ngx-'));
    expect(ngx?.status?.containerStatuses?.[0]?.state?.waiting?.reason).toBe('CrashLoopBackOff');
    expect(ngx?.status?.containerStatuses?.[0]?.restartCount).toBe(5);
    expect(ngx?.metadata?.creationTimestamp).toBeInstanceOf(Date);
  });

  it('filters by label and field selectors', async () => {
    const sim = await startSim();
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    const tools = await core.listNamespacedPod({ namespace: 'rook-ceph', labelSelector: 'app=rook-ceph-tools' });
    expect(tools.items).toHaveLength(1);
    const onOnyx = await core.listPodForAllNamespaces({ fieldSelector: 'spec.nodeName=onyx' });
    expect(onOnyx.items.length).toBeGreaterThan(3);
    expect(onOnyx.items.every((p) => p.spec?.nodeName === 'onyx')).toBe(true);
    const done = await core.listPodForAllNamespaces({ fieldSelector: 'status.phase=Succeeded' });
    expect(done.items.length).toBeGreaterThan(0);
    expect(done.items.every((p) => p.status?.phase === 'Succeeded')).toBe(true);
    const setBased = await core.listPodForAllNamespaces({ labelSelector: 'app in (rook-ceph-mon,rook-ceph-mgr)' });
    expect(setBased.items).toHaveLength(5);
    const byName = await core.listNamespacedPod({ namespace: 'databases', fieldSelector: 'metadata.name=postgres-0' });
    expect(byName.items.map((p) => p.metadata?.name)).toEqual(['postgres-0']);
    await expect(core.listPodForAllNamespaces({ fieldSelector: 'spec.bogus=1' })).rejects.toMatchObject({ code: 400 });
  });

  it('pages with limit/continue and answers 410 for a continue token older than compaction', async () => {
    const sim = await startSim();
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    const all = await core.listPodForAllNamespaces();
    const names: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await core.listPodForAllNamespaces({ limit: 25, _continue: token });
      names.push(...page.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));
      token = page.metadata?._continue;
      pages++;
    } while (token);
    expect(pages).toBeGreaterThan(2);
    expect(names).toEqual(all.items.map((p) => `${p.metadata?.namespace}/${p.metadata?.name}`));

    const first = await core.listPodForAllNamespaces({ limit: 10 });
    sim.expireWatches();
    const err = await core.listPodForAllNamespaces({ limit: 10, _continue: first.metadata?._continue }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiException);
    expect((err as ApiException<string>).code).toBe(410);
    expect(JSON.parse((err as ApiException<string>).body).reason).toBe('Expired');
  });

  it('answers 404 NotFound as a Status the client turns into ApiException', async () => {
    const sim = await startSim();
    const core = kubeConfigFor(sim).makeApiClient(CoreV1Api);
    const err = (await core.readNamespacedPod({ namespace: 'paperless', name: 'nope' }).catch((e: unknown) => e)) as ApiException<string>;
    expect(err.code).toBe(404);
    expect(JSON.parse(err.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "nope" not found' });
  });
});

describe('simulated API server through @kubernetes/client-node: watch', () => {
  it('streams changes from a list resourceVersion, with bookmarks', async () => {
    const sim = await startSim();
    const kc = kubeConfigFor(sim);
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNamespacedPod({ namespace: 'databases' });
    const w = watchInto(kc, '/api/v1/namespaces/databases/pods', { resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true });
    await w.ready;
    await waitFor(() => sim.openWatches === 1, { what: 'watch registered' });
    await core.patchNamespacedPod({ namespace: 'databases', name: 'postgres-0', body: [{ op: 'add', path: '/metadata/labels/touched', value: 'yes' }] });
    await waitFor(() => w.events.some((e) => e.type === 'MODIFIED' && e.obj.metadata?.name === 'postgres-0'), { what: 'MODIFIED postgres-0' });
    expect(w.events.every((e) => e.type !== 'ADDED')).toBe(true);
    sim.sendBookmarks();
    await waitFor(() => w.events.some((e) => e.type === 'BOOKMARK'), { what: 'BOOKMARK' });
    const bm = w.events.find((e) => e.type === 'BOOKMARK')!;
    expect(Number(bm.obj.metadata?.resourceVersion)).toBeGreaterThan(Number(list.metadata?.resourceVersion));
  });

  it('starts with ADDED for everything when no resourceVersion is given', async () => {
    const sim = await startSim();
    const kc = kubeConfigFor(sim);
    const w = watchInto(kc, '/api/v1/nodes', {});
    await w.ready;
    await waitFor(() => w.events.filter((e) => e.type === 'ADDED').length === 10, { what: '10 ADDED nodes' });
  });

  it('ends a watch with an in-stream ERROR 410 Expired and refuses to resume from compacted history', async () => {
    const sim = await startSim();
    const kc = kubeConfigFor(sim);
    const core = kc.makeApiClient(CoreV1Api);
    const list = await core.listNode();
    const rv = list.metadata?.resourceVersion;
    const w = watchInto(kc, '/api/v1/nodes', { resourceVersion: rv, allowWatchBookmarks: true });
    await w.ready;
    await waitFor(() => sim.openWatches === 1, { what: 'watch registered' });
    expect(sim.expireWatches()).toBe(1);
    await waitFor(() => w.done(), { what: 'watch done' });
    const error = w.events.find((e) => e.type === 'ERROR');
    expect(error?.obj).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });

    // Resuming from the old resourceVersion is now too old: ERROR 410 at once.
    const again = watchInto(kc, '/api/v1/nodes', { resourceVersion: rv });
    await again.ready;
    await waitFor(() => again.done(), { what: 'second watch done' });
    expect(again.events).toHaveLength(1);
    expect(again.events[0]).toMatchObject({ type: 'ERROR', obj: { code: 410 } });

    // A fresh list gives a resourceVersion that works again.
    const relist = await core.listNode();
    const fresh = watchInto(kc, '/api/v1/nodes', { resourceVersion: relist.metadata?.resourceVersion });
    await fresh.ready;
    sim.world.setNodeReady('agate', false);
    await waitFor(() => fresh.events.some((e) => e.type === 'MODIFIED' && e.obj.metadata?.name === 'agate'), { what: 'MODIFIED agate' });
  });

  it('drops watches (clean end and connection reset) and the client is told', async () => {
    const sim = await startSim();
    const kc = kubeConfigFor(sim);
    const a = watchInto(kc, '/api/v1/pods', { resourceVersion: String(sim.store.resourceVersion) });
    const b = watchInto(kc, '/api/v1/nodes', { resourceVersion: String(sim.store.resourceVersion) });
    await Promise.all([a.ready, b.ready]);
    await waitFor(() => sim.openWatches === 2, { what: 'two watches' });
    expect(sim.dropWatches({ resource: 'pods' })).toBe(1);
    await waitFor(() => a.done(), { what: 'pods watch done' });
    expect(b.done()).toBeNull();
    expect(sim.dropWatches({ mode: 'destroy' })).toBe(1);
    await waitFor(() => b.done(), { what: 'nodes watch done' });
  });

  it('turns changes into or out of a field selection into ADDED/DELETED', async () => {
    const sim = await startSim({ clock: 'manual' });
    const kc = kubeConfigFor(sim);
    const w = watchInto(kc, '/api/v1/pods', { resourceVersion: String(sim.store.resourceVersion), fieldSelector: 'status.phase=Pending' });
    await w.ready;
    await waitFor(() => sim.openWatches === 1, { what: 'watch registered' });
    const core = kc.makeApiClient(CoreV1Api);
    const pods = await core.listNamespacedPod({ namespace: 'jellyfin' });
    await core.deleteNamespacedPod({ namespace: 'jellyfin', name: pods.items[0]!.metadata!.name!, gracePeriodSeconds: 0 });
    await waitFor(() => w.events.some((e) => e.type === 'ADDED'), { what: 'replacement pod ADDED as Pending' });
    sim.step(5000);
    await waitFor(() => w.events.some((e) => e.type === 'DELETED'), { what: 'pod leaves the Pending selection' });
  });
});
