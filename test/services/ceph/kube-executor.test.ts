import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCephSummary } from '../../../src/services/ceph/reader.js';
import { CephService, cephHealthInputOf } from '../../../src/services/ceph/ceph-service.js';
import { CephTransportError } from '../../../src/services/ceph/executor.js';
import { createKubeCephExecutor } from '../../../src/services/ceph/kube-executor.js';
import { loadKubeTarget, type KubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { isRookCephTools, KubeSim, routeExec } from '../../../src/sim/kube/index.js';
import { createCephStore } from '../../../src/store/ceph-store.js';

// The real exec path: @kubernetes/client-node's WebSocket exec against the simulated API server,
// whose rook-ceph-tools pod answers through the Ceph simulator.
describe('ceph through the Kubernetes exec API', () => {
  let kube: KubeSim;
  let target: KubeTarget;
  const ceph = new CephSimulator({ state: 'degraded' });
  let hang = false;

  beforeAll(async () => {
    kube = await KubeSim.start({
      exec: routeExec([
        {
          match: isRookCephTools,
          handler: (_ns, _pod, _container, argv) => (hang ? new Promise(() => undefined) : Promise.resolve(ceph.exec(argv))),
        },
      ]),
    });
    target = await loadKubeTarget({ env: { KUBECONFIG: kube.kubeconfigPath, HOME: '/nonexistent' } });
  });
  afterAll(async () => {
    await kube?.stop();
  });

  it('finds the toolbox pod by the deployment selector and reads the whole model', async () => {
    const executor = createKubeCephExecutor({ target });
    expect(executor.source).toBe('exec rook-ceph/deploy/rook-ceph-tools');
    const s = await readCephSummary(executor);
    expect(s.health).toBe('HEALTH_ERR');
    expect(s.readErrors).toBeUndefined();
    expect(s.osds).toMatchObject({ total: 9, up: 8, in: 7 });
    expect(s.offenders).toEqual(['mgr.a', 'osd.3', 'osd.7', 'osd.8']);
  });

  it('carries ceph exit codes and stderr through the v1 Status', async () => {
    const executor = createKubeCephExecutor({ target });
    expect(await executor.run(['osd', 'reweight', '99', '0.8', '--format', 'json'])).toEqual({
      stdout: '\n',
      stderr: 'Error ENOENT: osd.99 does not exist\n',
      exitCode: 2,
    });
    expect(await executor.run(['osd', 'out', '99', '--format', 'json'])).toEqual({ stdout: '\n', stderr: 'osd.99 does not exist. \n', exitCode: 0 });
  });

  it('performs a verified action through exec', async () => {
    const store = createCephStore();
    const service = new CephService({ executor: createKubeCephExecutor({ target }), store, verifyIntervalMs: 10 });
    const before = ceph.writes;
    expect(await service.perform({ kind: 'osd-unset', flag: 'noout' })).toMatchObject({ ok: true, status: 'verified' });
    expect(ceph.writes).toBe(before + 1);
    await service.close();
  });

  it('says plainly when there is no tools deployment, and grades UNKNOWN', async () => {
    const store = createCephStore();
    const service = new CephService({ executor: createKubeCephExecutor({ target, deployment: 'rook-ceph-toolbox' }), store });
    await service.refresh();
    const line = store.getState().summary!.error!;
    expect(line).toMatch(/^ceph status: no ceph tools pod: .*rook-ceph-toolbox/);
    expect(line).not.toContain('\n');
    expect(cephHealthInputOf(store.getState())).toMatchObject({ health: 'UNKNOWN' });
  });

  it('times out an exec that never finishes, in one line', async () => {
    hang = true;
    try {
      const executor = createKubeCephExecutor({ target, timeoutMs: 300 });
      const err = await executor.run(['status', '--format', 'json']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(CephTransportError);
      expect((err as Error).message).toMatch(/^ceph status: timed out after 0 s waiting for exec/);
    } finally {
      hang = false;
    }
  });

  it('names a kube context that does not exist', async () => {
    const executor = createKubeCephExecutor({ context: 'nope' });
    const err = await executor.run(['status']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CephTransportError);
    expect((err as Error).message.split('\n')).toHaveLength(1);
  });
});
