import { writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CephService, cephHealthInputOf } from '../../../src/services/ceph/ceph-service.js';
import { createKubeCephExecutor } from '../../../src/services/ceph/kube-executor.js';
import { loadKubeTarget, type KubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { isRookCephTools, KubeSim, routeExec } from '../../../src/sim/kube/index.js';
import { createCephStore } from '../../../src/store/ceph-store.js';
import { describeLiveness } from '../../../src/ui/liveness.js';
import { waitFor } from '../../support/wait.js';

// The fault matrix, Ceph rows (docs/faults.md): the Ceph service polling through the real exec
// path (@kubernetes/client-node's WebSocket exec into deploy/rook-ceph-tools on the simulated API
// server). The toolbox's ceph fails, or never answers: the pane says reconnecting with one line,
// the grade input is UNKNOWN (never the last HEALTH_OK), and it is live again by itself once ceph
// answers. Recovery (fault lifted → live) is measured; HOMELAB_FAULT_TIMES=<file> writes it.

const measured: Record<string, { recoveryMs: number; saw: string; error: string }> = {};
afterAll(() => {
  const file = process.env.HOMELAB_FAULT_TIMES;
  if (file) writeFileSync(file, JSON.stringify(measured, null, 2));
});

let kube: KubeSim;
let target: KubeTarget;
const ceph = new CephSimulator({ state: 'healthy' });
let fault: 'none' | 'fail' | 'hang' = 'none';
const RADOS = "Error initializing cluster client: ObjectNotFound('RADOS object not found (error calling conf_read_file)')\n";

beforeAll(async () => {
  kube = await KubeSim.start({
    exec: routeExec([
      {
        match: isRookCephTools,
        handler: (_ns, _pod, _container, argv) =>
          fault === 'hang' ? new Promise(() => undefined) : Promise.resolve(fault === 'fail' ? { stdout: '', stderr: RADOS, exitCode: 1 } : ceph.exec(argv)),
      },
    ]),
  });
  target = await loadKubeTarget({ env: { KUBECONFIG: kube.kubeconfigPath, HOME: '/nonexistent' } });
});
afterAll(async () => {
  await kube?.stop();
});

const services: CephService[] = [];
afterEach(async () => {
  fault = 'none';
  for (const s of services.splice(0)) await s.close();
});

describe('Ceph faults: UNKNOWN with one line, the last data kept but not trusted, live again by itself', () => {
  it.each([
    ['Ceph exec failing', 'fail' as const, /^ceph status: Error initializing cluster client: ObjectNotFound/],
    ['Ceph exec hanging', 'hang' as const, /^ceph status: timed out after \d+ s waiting for exec/],
  ])(
    '%s',
    async (name, kind, error) => {
      const store = createCephStore();
      const service = new CephService({ executor: createKubeCephExecutor({ target, timeoutMs: 800 }), store, intervalMs: 300 });
      services.push(service);
      service.start();
      await waitFor(() => store.getState().summary?.health === 'HEALTH_OK' && store.getState().liveness.state === 'live', { what: 'first read' });

      fault = kind;
      const l = await waitFor(
        () => {
          const s = store.getState().liveness;
          return s.state === 'reconnecting' ? s : null;
        },
        { what: 'reconnecting', timeoutMs: 15_000 },
      );
      const st = store.getState();
      expect(st.summary!.health).toBe('UNKNOWN');
      expect(cephHealthInputOf(st)!.health).toBe('UNKNOWN');
      expect(st.summary!.error).toMatch(error);
      expect(st.summary!.error).not.toMatch(/\n/);
      const saw = describeLiveness(l, Date.now()).text;
      expect(saw).toMatch(/^reconnecting \(attempt \d+\), data from \d+ s ago$/);

      fault = 'none';
      const t0 = Date.now();
      await waitFor(() => store.getState().liveness.state === 'live' && store.getState().summary?.health === 'HEALTH_OK', {
        what: 'live again',
        timeoutMs: 15_000,
      });
      const recoveryMs = Date.now() - t0;
      expect(recoveryMs).toBeLessThan(10_000);
      measured[name] = { recoveryMs, saw, error: st.summary!.error! };
    },
    40_000,
  );
});
