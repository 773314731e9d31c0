import { afterEach, describe, expect, it } from 'vitest';
import type { Liveness } from '../../../src/store/liveness.js';
import { Reflector } from '../../../src/services/kube/reflector.js';
import { WATCHED } from '../../../src/services/kube/resources.js';
import type { PodView } from '../../../src/domain/health/types.js';
import { waitFor } from '../../support/wait.js';
import { FakeApi } from './fakes.js';

const PODS = '/api/v1/pods';
const pod = (name: string, phase = 'Running') => ({
  metadata: { name, namespace: 'paperless', uid: name },
  spec: { containers: [{ name: 'app' }] },
  status: {
    phase,
    containerStatuses: [
      { name: 'app', ready: phase === 'Running', restartCount: 0, state: phase === 'Running' ? { running: {} } : { waiting: { reason: 'CrashLoopBackOff' } } },
    ],
  },
});

const started: Array<Reflector<unknown>> = [];
afterEach(() => {
  for (const r of started.splice(0)) r.stop();
});

function reflector(api: FakeApi, spec = WATCHED.pods) {
  const seen: Liveness[] = [];
  let changes = 0;
  const r = new Reflector(spec, {
    http: api.http,
    watch: api.watch,
    backoff: { baseMs: 10, maxMs: 40 },
    onChange: () => changes++,
    onLiveness: (l) => seen.push(l),
  });
  started.push(r);
  return { r, seen, changes: () => changes };
}

const status = (r: Reflector<unknown>, name: string) => (r.items.get(`paperless/${name}`) as PodView | undefined)?.displayStatus;

describe('Reflector (list + watch with slim projections)', () => {
  it('lists, goes live, then applies watch events as projections', async () => {
    const api = new FakeApi();
    api.put(PODS, pod('a'));
    const { r, seen } = reflector(api);
    r.start();
    await waitFor(() => r.state.state === 'live' && api.open(PODS).length === 1, { what: 'live with a watch' });
    expect(seen[0]?.state).toBe('syncing');
    expect(status(r, 'a')).toBe('Running');
    api.put(PODS, pod('a', 'Failed'), 'MODIFIED');
    api.put(PODS, pod('b'));
    expect(status(r, 'a')).toBe('CrashLoopBackOff');
    expect(r.items.size).toBe(2);
    api.remove(PODS, 'b', 'paperless');
    expect(r.items.has('paperless/b')).toBe(false);
    // Only the projection is kept, not the object.
    expect(Object.keys(r.items.get('paperless/a') as object)).not.toContain('spec');
  });

  it('a dropped stream resumes from the last resourceVersion without relisting', async () => {
    const api = new FakeApi();
    api.put(PODS, pod('a'));
    const { r } = reflector(api);
    r.start();
    await waitFor(() => api.open(PODS).length === 1);
    api.put(PODS, pod('b'));
    const rvAfterB = String(api.rv);
    api.dropAll();
    await waitFor(() => api.open(PODS).length === 1, { what: 'rewatch' });
    expect(api.watchCalls.at(-1)?.rv).toBe(rvAfterB);
    expect(r.lists).toBe(1);
    expect(r.state.state).toBe('live');
  });

  it('410 Expired makes it relist, and changes missed meanwhile appear', async () => {
    const api = new FakeApi();
    api.put(PODS, pod('a'));
    const { r } = reflector(api);
    r.start();
    await waitFor(() => api.open(PODS).length === 1);
    api.putSilently(PODS, pod('missed'));
    api.removeSilently(PODS, 'a', 'paperless');
    expect(r.items.has('paperless/missed')).toBe(false);
    api.expireAll();
    await waitFor(() => r.lists === 2 && api.open(PODS).length === 1, { what: 'relist and rewatch' });
    expect([...r.items.keys()]).toEqual(['paperless/missed']);
    expect(api.watchCalls.at(-1)?.rv).toBe(String(api.rv));
  });

  it('reconnects with backoff while the server is down (liveness reconnecting, attempt n), then goes live again', async () => {
    const api = new FakeApi();
    const { r, seen } = reflector(api);
    r.start();
    await waitFor(() => api.open(PODS).length === 1);
    api.down = true;
    api.dropAll(Object.assign(new TypeError('fetch failed'), { cause: new Error('other side closed') }));
    await waitFor(() => r.state.state === 'reconnecting' && (r.state as { attempt: number }).attempt >= 3, { what: 'three attempts' });
    const attempts = seen.filter((l) => l.state === 'reconnecting').map((l) => (l as { attempt: number }).attempt);
    expect(attempts.slice(0, 3)).toEqual([1, 2, 3]);
    expect((r.state as { lastError: string }).lastError).toMatch(/ECONNREFUSED/);
    api.down = false;
    await waitFor(() => r.state.state === 'live', { what: 'live again' });
  });

  it('a CRD that is not installed is reported as not-installed, and an older API version is tried first', async () => {
    const api = new FakeApi();
    api.missing.add('/apis/argoproj.io/v1alpha1/applications');
    const { r } = reflector(api, WATCHED.applications);
    r.start();
    await waitFor(() => r.state.state === 'not-installed');
    expect(r.state).toEqual({ state: 'not-installed', what: 'applications.argoproj.io' });
    expect(api.watchCalls).toEqual([]);

    const api2 = new FakeApi();
    api2.missing.add('/apis/external-secrets.io/v1/externalsecrets');
    api2.serve('/apis/external-secrets.io/v1beta1/externalsecrets');
    api2.put('/apis/external-secrets.io/v1beta1/externalsecrets', {
      metadata: { name: 'dex-secrets', namespace: 'dex' },
      status: { conditions: [{ type: 'Ready', status: 'True', reason: 'SecretSynced' }] },
    });
    const { r: r2 } = reflector(api2, WATCHED.externalSecrets);
    r2.start();
    await waitFor(() => r2.state.state === 'live' && api2.open('/apis/external-secrets.io/v1beta1/externalsecrets').length === 1);
    expect([...r2.items.values()]).toEqual([{ namespace: 'dex', name: 'dex-secrets', ready: true, reason: 'SecretSynced' }]);
  });

  it('without a watch (the one-shot gate) an unreachable server is an error, not a retry loop', async () => {
    const api = new FakeApi();
    api.down = true;
    const r = new Reflector(WATCHED.pods, { http: api.http, watch: null, onChange() {}, onLiveness() {} });
    started.push(r);
    r.start();
    await waitFor(() => r.state.state === 'error');
    expect((r.state as { message: string }).message).toMatch(/ECONNREFUSED/);
    expect(api.listCalls).toHaveLength(1);
  });
});
