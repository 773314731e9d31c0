import { afterEach, describe, expect, it } from 'vitest';
import { startClusterWatcher, type ClusterWatcher } from '../../../src/services/kube/cluster-watcher.js';
import type { KubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { createClusterStore } from '../../../src/store/cluster-store.js';
import { waitFor } from '../../support/wait.js';
import { FakeApi } from './fakes.js';

const target = { context: 'homelab', server: 'http://127.0.0.1:1', namespace: 'default', kc: {} } as unknown as KubeTarget;
const pod = (name: string) => ({
  metadata: { name, namespace: 'paperless', uid: name },
  spec: { containers: [{ name: 'a' }] },
  status: { phase: 'Running', containerStatuses: [{ name: 'a', ready: true, state: { running: {} } }] },
});

let watcher: ClusterWatcher | null = null;
afterEach(() => watcher?.stop());

describe('cluster watcher → store', () => {
  it('events arriving one per macrotask reach the store in a few batches, not one write per event', async () => {
    const api = new FakeApi();
    api.missing.add('/apis/metrics.k8s.io/v1beta1/nodes');
    const store = createClusterStore();
    let writes = 0;
    store.subscribe(() => writes++);
    watcher = await startClusterWatcher({ target, store, http: api.http, watchImpl: api.watch, flushMs: 100 });
    await waitFor(() => api.open('/api/v1/pods').length === 1 && store.getState().liveness.pods.state === 'live');
    const before = writes;
    const started = Date.now();
    for (let i = 0; i < 300; i++) {
      api.put('/api/v1/pods', pod(`p-${i}`));
      await new Promise((r) => setImmediate(r));
    }
    await waitFor(() => store.getState().pods.length === 300, { what: 'all 300 pods in the store' });
    const elapsed = Date.now() - started;
    const batches = writes - before;
    expect(batches).toBeGreaterThanOrEqual(1);
    expect(batches).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(batches).toBeLessThan(30);
    expect(store.getState().metricsAvailable).toBe(false);
    expect(store.getState().liveness.applications).toEqual({ state: 'live', updatedAt: expect.any(Number) });
  });

  it('a lost server shows as reconnecting (attempt n) in the store, then live again', async () => {
    const api = new FakeApi();
    const store = createClusterStore();
    watcher = await startClusterWatcher({ target, store, http: api.http, watchImpl: api.watch, backoff: { baseMs: 20, maxMs: 50 } });
    await waitFor(() => Object.values(store.getState().liveness).every((l) => l.state === 'live'));
    api.down = true;
    api.dropAll(new TypeError('fetch failed'));
    await waitFor(
      () => {
        const l = store.getState().liveness.nodes;
        return l.state === 'reconnecting' && l.attempt >= 2;
      },
      { what: 'nodes reconnecting, attempt 2' },
    );
    api.down = false;
    await waitFor(() => Object.values(store.getState().liveness).every((l) => l.state === 'live'), { what: 'live again' });
  });
});
