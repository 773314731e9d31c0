import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertSource, ALERTMANAGER_DEFAULTS } from '../../../src/services/health/alert-source.js';
import { createCephSource } from '../../../src/services/health/ceph-source.js';
import { openHealthSession, type HealthSession } from '../../../src/services/health/health-session.js';
import { defaultConfig } from '../../../src/services/config/schema.js';
import { DEFAULT_METRICS_INTERVAL_MS } from '../../../src/services/kube/cluster-watcher.js';
import { renderWatch } from '../../../src/cli/commands/status.js';
import { AlertmanagerSim } from '../../../src/sim/alertmanager/simulator.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { FAST_TIMING, isRookCephTools, KubeSim, routeExec } from '../../../src/sim/kube/index.js';
import { waitFor } from '../../support/wait.js';

// A live health session (what `status --watch` and the console run) against an idle cluster, as
// the simulated API server counts it: every request of the idle polls is attributed to the poller
// that sent it by its path, and per poll cycle the cost is fixed. Intervals are shortened to run
// many cycles quickly; the per-minute figure is that per-cycle cost at the configured intervals.
const FAST_MS = 150;
const CYCLES = 8;

/** Which poller sent a request, by its "verb path"; anything else has no business in an idle minute. */
function poller(encoded: string): 'ceph' | 'alerts' | 'metrics' | 'version' | 'other' {
  const route = decodeURIComponent(encoded);
  if (/^exec \/api\/v1\/namespaces\/rook-ceph\/pods\/rook-ceph-tools-[^/]+\/exec$/.test(route)) return 'ceph';
  if (
    route ===
    `get /api/v1/namespaces/${ALERTMANAGER_DEFAULTS.namespace}/services/${ALERTMANAGER_DEFAULTS.service}:${ALERTMANAGER_DEFAULTS.port}/proxy/api/v2/alerts`
  )
    return 'alerts';
  if (route === 'get /apis/metrics.k8s.io/v1beta1/nodes') return 'metrics';
  if (route === 'get /version') return 'version';
  return 'other';
}

describe('a quiet idle minute of a live health session', () => {
  let kube: KubeSim;
  let am: AlertmanagerSim;
  let session: HealthSession;
  // Ceph's clock moves ten seconds per poll, as at the configured interval: the slow ops' age moves every read.
  let cephClock = Date.parse('2026-12-01T20:00:00Z');
  const ceph = new CephSimulator({ state: 'degraded', now: () => cephClock });
  ceph.state.recovery = null;
  const cephCommands: string[][] = [];
  const writes = { cluster: 0, ceph: 0, alerts: 0, health: 0 };
  const printed: string[] = [];

  beforeAll(async () => {
    kube = await KubeSim.start({
      seed: 'healthy',
      timing: FAST_TIMING,
      // Bookmarks arrive on the open watches during the window: they move a resourceVersion, never a store.
      bookmarkIntervalMs: 50,
      exec: routeExec([
        {
          match: isRookCephTools,
          handler: async (_ns, _pod, _c, argv) => {
            cephCommands.push(argv);
            cephClock += 10_000;
            return ceph.exec(argv);
          },
        },
      ]),
    });
    am = new AlertmanagerSim();
    await am.start();
    am.addRule(() => [{ labels: { alertname: 'Watchdog', severity: 'none' }, annotations: { summary: 'always firing' } }]);
    kube.exposeService({
      namespace: ALERTMANAGER_DEFAULTS.namespace,
      name: ALERTMANAGER_DEFAULTS.service,
      port: Number(ALERTMANAGER_DEFAULTS.port),
      upstream: am.url,
    });
    session = await openHealthSession({
      env: { KUBECONFIG: kube.kubeconfigPath, HOME: '/nonexistent' },
      ceph: createCephSource({ intervalMs: FAST_MS }),
      alerts: new AlertSource({ intervalMs: FAST_MS }),
      metricsIntervalMs: FAST_MS,
    });
    session.cluster.subscribe(() => writes.cluster++);
    session.ceph.subscribe(() => writes.ceph++);
    session.alerts.subscribe(() => writes.alerts++);
    // status --watch's printer: a line only when the grade's key changes.
    let lastKey = '';
    session.health.subscribe((s) => {
      writes.health++;
      const { text, key } = renderWatch(s.gate!, true);
      if (key !== lastKey) printed.push(text);
      lastKey = key;
    });
  }, 60_000);
  afterAll(async () => {
    await session?.close();
    await am?.stop();
    await kube?.stop();
  });

  it(`costs one request per poll, no other request, and writes no store and prints nothing over ${CYCLES} cycles`, async () => {
    await waitFor(
      () => {
        const g = session.health.getState().gate;
        return g && Object.values(g.layers).every((l) => l.status !== 'UNKNOWN') && session.alerts.getState().alerts?.source.state === 'live';
      },
      { what: 'every layer graded with alerts read', timeoutMs: 30_000 },
    );
    expect(session.ceph.getState().summary?.checks.find((c) => c.code === 'SLOW_OPS')?.summary).toMatch(/oldest one blocked for \d+ sec/);
    // Past the first reads' writes: two more Ceph polls and whatever flush was pending.
    const settled = cephCommands.length + 2;
    await waitFor(() => cephCommands.length >= settled, { what: 'two more Ceph polls', timeoutMs: 20_000 });

    const routes0 = { ...kube.counters.byRoute };
    const requests0 = kube.counters.requests;
    const commands0 = cephCommands.length;
    const writes0 = { ...writes };
    const printed0 = printed.length;
    await waitFor(() => cephCommands.length >= commands0 + CYCLES, { what: `${CYCLES} Ceph polls`, timeoutMs: 30_000 });
    const routes1 = { ...kube.counters.byRoute };
    const requests1 = kube.counters.requests;
    const cephPolls = cephCommands.length - commands0;

    const by = { ceph: 0, alerts: 0, metrics: 0, version: 0, other: 0 };
    const others: string[] = [];
    for (const [route, n] of Object.entries(routes1)) {
      const d = n - (routes0[route] ?? 0);
      if (d === 0) continue;
      by[poller(route)] += d;
      if (poller(route) === 'other') others.push(`${d}× ${route}`);
    }
    // Every request of the window is one of the four pollers': no re-resolution of the toolbox pod
    // (deployment GET, pod LIST), no relist, no re-watch.
    expect(others).toEqual([]);
    expect(by.ceph + by.alerts + by.metrics + by.version).toBe(requests1 - requests0);
    // A Ceph poll is one exec upgrade running one batched sh -c (the ten reads), not ten.
    expect(cephCommands.slice(commands0).every((argv) => argv[0] === 'sh' && argv[1] === '-c')).toBe(true);
    expect(by.ceph).toBeGreaterThanOrEqual(cephPolls - 1); // the newest poll's upgrade may be counted before the window closed
    expect(by.ceph).toBeLessThanOrEqual(cephPolls);
    expect(by.alerts).toBeGreaterThan(0);
    expect(by.metrics).toBeGreaterThan(0);

    // Nothing changed but ages and bookmarks: no store written, so no re-grade repaint and no line printed.
    expect(writes).toEqual(writes0);
    expect(printed.length).toBe(printed0);

    // At the configured intervals: one request per Ceph poll, one per Alertmanager read, and the
    // watcher's metrics poll and /version probe once per metrics period each.
    const config = defaultConfig();
    const perMinute = 60 / config.ceph.intervalSeconds + 60 / config.alerts.intervalSeconds + (2 * 60_000) / DEFAULT_METRICS_INTERVAL_MS;
    expect(perMinute).toBeLessThanOrEqual(20);
  }, 90_000);

  it('writes and prints at once when something really changed', async () => {
    const writes0 = { ...writes };
    const printed0 = printed.length;
    ceph.exec(['ceph', 'osd', 'set', 'noscrub']);
    await waitFor(() => session.ceph.getState().summary?.flags.includes('noscrub'), { what: 'noscrub read', timeoutMs: 20_000 });
    expect(writes.ceph).toBe(writes0.ceph + 1);
    ceph.exec(['ceph', 'osd', 'unset', 'noscrub']);
    await waitFor(() => !session.ceph.getState().summary?.flags.includes('noscrub'), { what: 'noscrub gone', timeoutMs: 20_000 });
    expect(writes.ceph).toBe(writes0.ceph + 2);
    // The cluster store and the alerts stayed as they were.
    expect(writes.cluster).toBe(writes0.cluster);
    expect(writes.alerts).toBe(writes0.alerts);
    // An Alertmanager alert that starts firing is a grade change: one write and one line.
    am.post([{ labels: { alertname: 'KubeNodeNotReady', severity: 'critical', node: 'k8s-1' } }]);
    await waitFor(() => writes.alerts > writes0.alerts, { what: 'the alert read', timeoutMs: 20_000 });
    await waitFor(() => printed.length > printed0, { what: 'a line for the new grade', timeoutMs: 20_000 });
    expect(writes.alerts).toBe(writes0.alerts + 1);
    expect(session.health.getState().gate?.layers.platform.status).toBe('RED');
  }, 60_000);
});
