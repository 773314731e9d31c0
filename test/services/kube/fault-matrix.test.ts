import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { FAST_TIMING, isRookCephTools, KubeSim, routeExec } from '../../../src/sim/kube/index.js';
import { createCephSource } from '../../../src/services/health/ceph-source.js';
import { openHealthSession, type HealthSession } from '../../../src/services/health/health-session.js';
import { describeLiveness } from '../../../src/ui/liveness.js';
import { waitFor } from '../../support/wait.js';

// The fault matrix, Kubernetes rows (docs/faults.md): a health session as the console opens it
// (its default backoff and timeouts) against the simulated API server, through
// @kubernetes/client-node. Each fault is lifted as soon as the operator would see it, and the
// time from lifted to live (or GREEN) is measured; HOMELAB_FAULT_TIMES=<file> writes them as JSON.

const measured: Record<string, { recoveryMs: number; saw: string }> = {};
afterAll(() => {
  const file = process.env.HOMELAB_FAULT_TIMES;
  if (file) writeFileSync(file, JSON.stringify(measured, null, 2));
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function healthy() {
  const ceph = new CephSimulator({ state: 'healthy' });
  const sim = await KubeSim.start({
    timing: FAST_TIMING,
    bookmarkIntervalMs: 0,
    seed: 'healthy',
    exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => ceph.exec(argv) }]),
  });
  cleanups.push(() => sim.stop());
  const env = { KUBECONFIG: sim.kubeconfigPath, HOME: '/nonexistent' };
  const open = async (): Promise<HealthSession> => {
    const s = await openHealthSession({ env, flushMs: 100, ceph: createCephSource({ intervalMs: 300, timeoutMs: 5000 }) });
    cleanups.push(() => s.close());
    return s;
  };
  return { sim, open };
}

const gate = (s: HealthSession) => s.health.getState().gate;
const pods = (s: HealthSession) => s.cluster.getState().liveness.pods;

describe('Kubernetes faults: UNKNOWN with the reason (never GREEN without data), live again by itself', () => {
  it('API server unreachable, then back on the same port', async () => {
    const { sim, open } = await healthy();
    const s = await open();
    await waitFor(() => gate(s)?.overall === 'GREEN', { what: 'GREEN', timeoutMs: 20_000 });
    await sim.stopListening();
    await waitFor(() => gate(s)?.overall === 'UNKNOWN', { what: 'UNKNOWN while down', timeoutMs: 20_000 });
    const saw = gate(s)!.layers.apps.reasons[0]!;
    expect(saw).toMatch(/^pods: watch lost, reconnecting \(attempt \d+\)/);
    for (const layer of Object.values(gate(s)!.layers)) expect(layer.status).not.toBe('GREEN');
    await sim.startListening();
    const t0 = Date.now();
    await waitFor(() => gate(s)?.overall === 'GREEN', { what: 'GREEN again', timeoutMs: 40_000 });
    measured['API server unreachable'] = { recoveryMs: Date.now() - t0, saw };
  }, 60_000);

  it('every watch dropped: resumed from its resourceVersion, no relist, GREEN again', async () => {
    const { sim, open } = await healthy();
    const s = await open();
    await waitFor(() => gate(s)?.overall === 'GREEN' && sim.openWatches >= 6, { what: 'GREEN with watches', timeoutMs: 20_000 });
    const watches = sim.openWatches;
    const lists = s.watcher.reflectors.pods.lists;
    const t0 = Date.now();
    expect(sim.dropWatches({ mode: 'destroy' })).toBeGreaterThan(0);
    // Back means every watch reopened, pods live and the grade GREEN again: the other sources'
    // watches reopen on their own backoff, so pods can be live a moment before the grade is.
    await waitFor(() => sim.openWatches >= watches && pods(s).state === 'live' && gate(s)?.overall === 'GREEN', {
      what: 'every watch back, GREEN',
      timeoutMs: 20_000,
    });
    measured['watch drops'] = { recoveryMs: Date.now() - t0, saw: describeLiveness(pods(s), Date.now()).text };
    expect(s.watcher.reflectors.pods.lists).toBe(lists);
    expect(gate(s)?.overall).toBe('GREEN');
  }, 60_000);

  it('410 Expired on the watches: relisted, live again', async () => {
    const { sim, open } = await healthy();
    const s = await open();
    await waitFor(() => gate(s)?.overall === 'GREEN' && sim.openWatches >= 6, { what: 'GREEN with watches', timeoutMs: 20_000 });
    const lists = s.watcher.reflectors.pods.lists;
    const t0 = Date.now();
    expect(sim.expireWatches({})).toBeGreaterThan(0);
    await waitFor(() => s.watcher.reflectors.pods.lists > lists && pods(s).state === 'live', { what: 'relisted and live', timeoutMs: 20_000 });
    measured['watch 410 Expired'] = { recoveryMs: Date.now() - t0, saw: describeLiveness(pods(s), Date.now()).text };
    expect(gate(s)?.overall).toBe('GREEN');
  }, 60_000);

  it('a slow LIST of pods: syncing and no GREEN until it answers, then GREEN', async () => {
    const { sim, open } = await healthy();
    const SLOW_MS = 3_000;
    // The list (not a watch, which carries watch=1) of every pod: the path includes the query.
    sim.faults.slowPath(/^\/api\/v1\/pods(?:\?(?!.*\bwatch=).*)?$/, SLOW_MS, { times: 1, methods: ['GET'] });
    const t0 = Date.now();
    const s = await open();
    await waitFor(() => gate(s) !== null && gate(s) !== undefined, { what: 'a first grade', timeoutMs: 20_000 });
    // While the list is outstanding the pods are not known: the grade may not be GREEN.
    let saw = '';
    let greenEarly = false;
    await waitFor(
      () => {
        const g = gate(s);
        if (pods(s).state !== 'live') {
          saw ||= `${describeLiveness(pods(s), Date.now()).text}; Apps ${g?.layers.apps.status}: ${g?.layers.apps.reasons[0] ?? ''}`;
          if (g?.overall === 'GREEN') greenEarly = true;
          return false;
        }
        return g?.overall === 'GREEN';
      },
      { what: 'GREEN after the slow list', timeoutMs: 30_000, intervalMs: 5 },
    );
    expect(greenEarly).toBe(false);
    const elapsed = Date.now() - t0;
    expect(elapsed).toBeGreaterThanOrEqual(SLOW_MS);
    measured['slow LIST (3 s)'] = { recoveryMs: elapsed - SLOW_MS, saw };
  }, 60_000);
});
