import { describe, expect, it } from 'vitest';
import { CephTransportError } from '../../../src/services/ceph/executor.js';
import { createCephSource } from '../../../src/services/health/ceph-source.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { createCephStore } from '../../../src/store/ceph-store.js';

// System's Ceph half with ceph.executor: ssh: the gate reads through the SSH executor it is handed;
// an SSH setup problem (no ssh.controller) is System's reason, not a crash.
describe('Ceph source over SSH', () => {
  it('without an SSH executor there is no source (as before)', () => {
    expect(createCephSource({ executor: 'ssh' })).toBeNull();
  });

  it('reads ceph status through the SSH executor it is given', async () => {
    const sim = new CephSimulator({ state: 'degraded' });
    let made = 0;
    const source = createCephSource({
      executor: 'ssh',
      sshExecutor: () => {
        made++;
        return sim.executor('ssh controller ceph');
      },
    })!;
    const store = createCephStore();
    source.start(store, null, { watch: false });
    await source.firstRead();
    expect(made).toBe(1);
    expect(store.getState().liveness.state).toBe('live');
    expect(source.input(store.getState())).toMatchObject({ health: 'HEALTH_ERR' });
    await source.stop();
  });

  it('an SSH setup failure leaves Ceph in error with the one-line reason', async () => {
    const source = createCephSource({
      executor: 'ssh',
      sshExecutor: () => {
        throw new CephTransportError('ceph.executor is ssh, but no SSH connection to the controller is configured (ssh.controller)');
      },
    })!;
    const store = createCephStore();
    source.start(store, null, { watch: false });
    await source.firstRead();
    const live = store.getState().liveness;
    expect(live.state).toBe('error');
    expect(live.state === 'error' ? live.message : '').toMatch(/^ceph: ceph\.executor is ssh, but no SSH connection/);
    expect(source.input(store.getState())).toMatchObject({ health: 'UNKNOWN' });
    await source.stop();
  });
});
