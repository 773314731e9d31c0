import { afterEach, describe, expect, it } from 'vitest';
import { CephService, cephHealthInputOf, type CephServiceOptions } from '../../../src/services/ceph/ceph-service.js';
import { CephTransportError, type CephExecutor } from '../../../src/services/ceph/executor.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { createCephStore } from '../../../src/store/ceph-store.js';
import { waitFor } from '../../support/wait.js';

const services: CephService[] = [];
afterEach(async () => {
  for (const s of services.splice(0)) await s.close();
});

function setup(opts: Partial<CephServiceOptions> & { state?: 'degraded' | 'healthy' } = {}) {
  const sim = new CephSimulator({ state: opts.state ?? 'degraded', recoveryMs: 60_000 });
  const store = createCephStore();
  let broken: string | null = null;
  const simExec = sim.executor();
  const executor: CephExecutor = {
    source: 'sim',
    run: (args, o) => (broken ? Promise.reject(new CephTransportError(broken)) : simExec.run(args, o)),
  };
  const service = new CephService({ executor, store, intervalMs: 20, verifyIntervalMs: 5, verifyTimeoutMs: 500, ...opts });
  services.push(service);
  return { sim, store, service, breakWith: (m: string | null) => (broken = m) };
}

describe('CephService polling', () => {
  it('goes syncing → live and keeps the store current as the cluster changes', async () => {
    const { sim, store, service } = setup();
    service.start();
    expect(store.getState().liveness.state).toBe('syncing');
    expect(store.getState().source).toBe('sim');
    await waitFor(() => store.getState().liveness.state === 'live', { what: 'live' });
    expect(store.getState().summary!.health).toBe('HEALTH_ERR');
    sim.restartOsd(3);
    const slowOn = () => store.getState().summary!.checks.find((c) => c.code === 'BLUESTORE_SLOW_OP_ALERT')?.details ?? [];
    expect(slowOn()).toContain('osd.3 observed slow operation indications in BlueStore');
    await waitFor(() => slowOn().length === 1, { what: 'osd.3 slow ops to clear' });
    expect(slowOn()).toEqual(['osd.7 observed slow operation indications in BlueStore']);
    expect(cephHealthInputOf(store.getState())).toMatchObject({ health: 'HEALTH_ERR' });
  });

  it('shows UNKNOWN with one clear line, never a stale grade, when ceph cannot be reached', async () => {
    const { store, service, breakWith } = setup({ state: 'healthy' });
    service.start();
    await waitFor(() => store.getState().summary?.health === 'HEALTH_OK', { what: 'first read' });
    expect(cephHealthInputOf(store.getState())).toEqual({ health: 'HEALTH_OK', checks: [] });

    breakWith('ceph status: no ceph tools pod: no running pod of deploy/rook-ceph-tools in rook-ceph');
    await waitFor(() => store.getState().liveness.state === 'reconnecting', { what: 'reconnecting' });
    const st = store.getState();
    expect(st.summary!.health).toBe('UNKNOWN');
    expect(st.summary!.error).toBe('ceph status: no ceph tools pod: no running pod of deploy/rook-ceph-tools in rook-ceph');
    expect(st.summary!.osds.total).toBe(9); // the last data stays visible, marked UNKNOWN
    expect(cephHealthInputOf(st)).toMatchObject({ health: 'UNKNOWN', error: expect.stringContaining('no running pod') });

    breakWith(null);
    await waitFor(() => store.getState().liveness.state === 'live', { what: 'live again' });
    expect(store.getState().summary!.error).toBeUndefined();
  });

  it('takes options passed as undefined as the defaults', async () => {
    const { sim } = setup();
    const store = createCephStore();
    const service = new CephService({ executor: sim.executor(), store, intervalMs: undefined, timeoutMs: undefined, verifyTimeoutMs: undefined });
    services.push(service);
    expect(service.intervalMs).toBe(10_000);
    expect(await service.perform({ kind: 'osd-unset', flag: 'noout' })).toMatchObject({ status: 'verified' });
  });

  it('is an error (not reconnecting) when the first read fails', async () => {
    const { store, service, breakWith } = setup();
    breakWith('ceph status: exec into rook-ceph/rook-ceph-tools-x timed out after 15 s');
    await service.refresh();
    expect(store.getState().liveness).toEqual({
      state: 'error',
      message: 'ceph status: exec into rook-ceph/rook-ceph-tools-x timed out after 15 s',
      updatedAt: null,
    });
    expect(cephHealthInputOf(store.getState())!.health).toBe('UNKNOWN');
  });

  it('turns ceph errors from a read into one line (unknown command, bad JSON)', async () => {
    const store = createCephStore();
    const executor: CephExecutor = {
      source: 'x',
      run: async () => ({ stdout: '\n', stderr: 'no valid command found; 10 closest matches:\nosd perf\nError EINVAL: invalid command\n', exitCode: 22 }),
    };
    const service = new CephService({ executor, store });
    services.push(service);
    await service.refresh();
    expect(store.getState().summary!.error).toBe('ceph status: no valid command found (unknown ceph command)');
  });
});

describe('CephService actions', () => {
  it('refuses every write in read-only mode and sends nothing', async () => {
    const { sim, service } = setup({ readOnly: true });
    await service.refresh();
    const out = await service.perform({ kind: 'osd-unset', flag: 'noout' });
    expect(out).toMatchObject({ ok: false, status: 'refused', command: 'ceph osd unset noout', message: 'read-only: not sending ceph osd unset noout' });
    expect(sim.writes).toBe(0);
  });

  it('returns the argv in dry-run mode and sends nothing', async () => {
    const { sim, service } = setup({ dryRun: true });
    await service.refresh();
    const out = await service.perform({ kind: 'osd-reweight', osd: 5, weight: 1 });
    expect(out).toMatchObject({ ok: true, status: 'dry-run', args: ['osd', 'reweight', '5', '1', '--format', 'json'] });
    expect(sim.writes).toBe(0);
  });

  it('refuses an unknown OSD and a purge without the typed confirmation', async () => {
    const { sim, service } = setup();
    await service.refresh();
    expect(await service.perform({ kind: 'osd-out', osd: 42 })).toMatchObject({
      ok: false,
      status: 'refused',
      message: expect.stringMatching(/^osd\.42 does not exist/),
    });
    expect(await service.perform({ kind: 'osd-purge', osd: 8, confirmation: 'yes' })).toMatchObject({
      status: 'refused',
      message: "purging osd.8 destroys it: type osd.8 to confirm (got 'yes')",
    });
    expect(sim.writes).toBe(0);
  });

  it('performs and verifies each action against the re-read state', async () => {
    const { sim, service, store } = setup();
    await service.refresh();
    const crashId = store.getState().summary!.crashes.recent[0]!.id;
    const results = [
      await service.perform({ kind: 'crash-archive', crashId }),
      await service.perform({ kind: 'crash-archive-all' }),
      await service.perform({ kind: 'osd-reweight', osd: 5, weight: 0.8 }),
      await service.perform({ kind: 'osd-out', osd: 2 }),
      await service.perform({ kind: 'osd-in', osd: 2 }),
      await service.perform({ kind: 'osd-unset', flag: 'noout' }),
      await service.perform({ kind: 'osd-set', flag: 'noout' }),
      await service.perform({ kind: 'osd-purge', osd: 8, confirmation: 'osd.8' }),
    ];
    expect(results.map((r) => [r.status, r.message])).toEqual([
      ['verified', `ceph crash archive ${crashId}; verified: crash ${crashId} is archived`],
      ['verified', 'ceph crash archive-all; verified: no new crash reports left'],
      ['verified', 'ceph osd reweight 5 0.8: reweighted osd.5 to 0.8 (cccc); verified: osd.5 reweight is 0.8'],
      ['verified', 'ceph osd out 2: marked out osd.2.; verified: osd.2 is out'],
      ['verified', 'ceph osd in 2: marked in osd.2.; verified: osd.2 is in'],
      ['verified', 'ceph osd unset noout: noout is unset; verified: noout is unset'],
      ['verified', 'ceph osd set noout: noout is set; verified: noout is set'],
      ['verified', 'ceph osd purge 8 --yes-i-really-mean-it: purged osd.8; verified: osd.8 is gone from the OSD map'],
    ]);
    expect(sim.writes).toBe(8);
    await waitFor(() => store.getState().summary!.osds.total === 8, { what: 'the store to show the purge' });
  });

  it('validates against the cluster as it is now, and reports a write ceph refused with exit code 0 as failed', async () => {
    const { sim, service } = setup();
    sim.stopOsd(1);
    await service.refresh(); // the last poll saw osd.1 down…
    sim.restartOsd(1); // …but it came back since
    const out = await service.perform({ kind: 'osd-purge', osd: 1, confirmation: 'osd.1' });
    expect(out).toMatchObject({ ok: false, status: 'refused', message: 'osd.1 is up: stop its daemon and mark it out before purging' });
    expect(sim.writes).toBe(0);

    const store = createCephStore();
    const exec = sim.executor();
    const lying: CephExecutor = {
      source: 'x',
      run: (args) =>
        args[0] === 'osd' && args[1] === 'in' ? Promise.resolve({ stdout: '\n', stderr: 'osd.2 does not exist. \n', exitCode: 0 }) : exec.run(args),
    };
    const svc = new CephService({ executor: lying, store, verifyTimeoutMs: 50, verifyIntervalMs: 5 });
    services.push(svc);
    expect(await svc.perform({ kind: 'osd-in', osd: 2 })).toMatchObject({ ok: false, status: 'failed', message: 'ceph osd in 2: osd.2 does not exist.' });
  });

  it('says "not confirmed" when the state never shows the effect', async () => {
    const { sim } = setup();
    const store = createCephStore();
    const exec = sim.executor();
    const deaf: CephExecutor = {
      source: 'x',
      run: (args) => (args[1] === 'set' ? Promise.resolve({ stdout: '\n', stderr: 'nodown is set\n', exitCode: 0 }) : exec.run(args)),
    };
    const svc = new CephService({ executor: deaf, store, verifyTimeoutMs: 60, verifyIntervalMs: 10 });
    services.push(svc);
    const out = await svc.perform({ kind: 'osd-set', flag: 'nodown' });
    expect(out).toMatchObject({ ok: false, status: 'unverified' });
    expect(out.message).toBe('ceph osd set nodown: nodown is set; not confirmed after 0 s: nodown is not set');
  });
});
