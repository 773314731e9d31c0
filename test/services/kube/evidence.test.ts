import { afterEach, describe, expect, it } from 'vitest';
import type { Liveness } from '../../../src/store/liveness.js';
import { KubeApiError } from '../../../src/services/kube/errors.js';
import { Reflector } from '../../../src/services/kube/reflector.js';
import { WATCHED } from '../../../src/services/kube/resources.js';
import { FAST_TIMING, KubeSim } from '../../../src/sim/kube/index.js';
import { gradeOnce } from '../../../src/services/health/health-session.js';
import type { GateResult } from '../../../src/domain/health/types.js';
import { waitFor } from '../../support/wait.js';
import { FakeApi } from './fakes.js';

const APPS = '/apis/argoproj.io/v1alpha1/applications';
const stops: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (stops.length) await stops.pop()!();
});

function reflector(api: FakeApi, spec = WATCHED.pods) {
  const seen: Liveness[] = [];
  const r = new Reflector(spec, { http: api.http, watch: api.watch, backoff: { baseMs: 10, maxMs: 1000 }, onChange() {}, onLiveness: (l) => seen.push(l) });
  stops.push(() => r.stop());
  return { r, seen };
}

describe('no GREEN without evidence: a failed request is never "not installed"', () => {
  it('a 404 on pods is a missing source (reconnecting), never zero pods', async () => {
    const api = new FakeApi();
    api.missing.add('/api/v1/pods');
    const { r } = reflector(api);
    r.start();
    await waitFor(() => r.state.state === 'reconnecting', { what: 'reconnecting' });
    expect((r.state as { lastError: string }).lastError).toMatch(/404/);
    api.missing.delete('/api/v1/pods');
    await waitFor(() => r.state.state === 'live', { what: 'live once pods answer' });
  });

  it('a 404 on Applications while discovery serves the CRD is UNKNOWN; discovery absent is "not installed"', async () => {
    const api = new FakeApi();
    api.serve(APPS);
    api.missing.add(APPS);
    const { r, seen } = reflector(api, WATCHED.applications);
    r.start();
    await waitFor(() => r.state.state === 'reconnecting', { what: 'reconnecting' });
    expect(seen.some((l) => l.state === 'not-installed')).toBe(false);
    // Discovery itself failing (403) says nothing either.
    const api2 = new FakeApi();
    api2.missing.add(APPS);
    const failing = api2.http.get.bind(api2.http);
    (api2.http as { get: unknown }).get = async (path: string) => {
      if (path === '/apis/argoproj.io') throw new KubeApiError('GET /apis/argoproj.io: 403 Forbidden', 403, 'Forbidden');
      return failing(path);
    };
    const { r: r2, seen: seen2 } = reflector(api2, WATCHED.applications);
    r2.start();
    await waitFor(() => r2.state.state === 'reconnecting', { what: 'reconnecting on a forbidden discovery' });
    expect(seen2.some((l) => l.state === 'not-installed')).toBe(false);
  });

  it('watch backoff resets after a watch that worked: a later drop costs the first delay again', async () => {
    const api = new FakeApi();
    api.put('/api/v1/pods', { metadata: { name: 'a', namespace: 'x' }, status: { phase: 'Running' } });
    const { r, seen } = reflector(api);
    r.start();
    await waitFor(() => api.open('/api/v1/pods').length === 1, { what: 'watching' });
    // An outage: three failed reconnects in a row.
    api.down = true;
    api.dropAll(new Error('connection reset'));
    await waitFor(() => seen.some((l) => l.state === 'reconnecting' && l.attempt >= 3), { what: 'three failed attempts' });
    api.down = false;
    await waitFor(() => api.open('/api/v1/pods').length === 1, { what: 'watching again' });
    // The watch works (an event arrives), then drops once: attempt 1, not 4+.
    api.put('/api/v1/pods', { metadata: { name: 'b', namespace: 'x' }, status: { phase: 'Running' } });
    const before = seen.length;
    api.dropAll(new Error('connection reset'));
    await waitFor(() => seen.slice(before).some((l) => l.state === 'reconnecting'), { what: 'reconnecting after the later drop' });
    expect(seen.slice(before).find((l) => l.state === 'reconnecting')).toMatchObject({ attempt: 1 });
  });
});

async function gateWith(fault: (sim: KubeSim) => void): Promise<GateResult> {
  const sim = await KubeSim.start({ timing: FAST_TIMING, bookmarkIntervalMs: 0, seed: 'healthy' });
  stops.push(() => sim.stop());
  fault(sim);
  const { result } = await gradeOnce({ env: { KUBECONFIG: sim.kubeconfigPath, HOME: '/nonexistent' }, ceph: null, deadlineMs: 10_000 });
  return result;
}

describe('the one-shot gate against the simulator with a source failing', () => {
  it('404 on pods: System and Apps UNKNOWN with the reason', async () => {
    const g = await gateWith((sim) => sim.faults.failPath(/^\/api\/v1\/pods/, { status: 404 }));
    expect(g.layers.apps.status).toBe('UNKNOWN');
    expect(g.layers.system.status).toBe('UNKNOWN');
    expect(g.layers.apps.reasons.join(' ')).toMatch(/pods: .*404/);
    expect(g.overall).not.toBe('GREEN');
  });

  it('404 on Applications (the CRD served by discovery): Platform UNKNOWN, not "ArgoCD not installed"', async () => {
    const g = await gateWith((sim) => sim.faults.failPath(/^\/apis\/argoproj\.io\/v1alpha1\/applications/, { status: 404 }));
    expect(g.layers.platform.status).toBe('UNKNOWN');
    expect(g.layers.platform.reasons.join(' ')).not.toMatch(/not installed/);
    expect(g.layers.platform.reasons.join(' ')).toMatch(/404/);
  });

  it('an error on /version: every layer UNKNOWN, naming the server', async () => {
    const g = await gateWith((sim) => sim.faults.failPath(/^\/version/, { status: 500 }));
    for (const layer of Object.values(g.layers)) expect(layer.status).toBe('UNKNOWN');
    expect(g.layers.metal.reasons[0]).toMatch(/GET \/version: 500/);
    expect(g.overall).toBe('UNKNOWN');
  });
});
