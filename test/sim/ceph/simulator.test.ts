import { describe, expect, it } from 'vitest';
import { CEPH_READS, parseRead, withJsonFormat, type CephReadName } from '../../../src/domain/ceph/reads.js';
import { checkCephWrite } from '../../../src/domain/ceph/output.js';
import { readCephSummary } from '../../../src/services/ceph/reader.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';

function clock(start = Date.parse('2026-11-26T09:00:00Z')) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

function world(state: 'degraded' | 'healthy' = 'degraded') {
  const c = clock();
  const sim = new CephSimulator({ state, now: c.now, recoveryMs: 60_000 });
  const summary = () => readCephSummary(sim.executor());
  return { sim, clock: c, summary };
}

describe('Ceph simulator output', () => {
  for (const state of ['degraded', 'healthy'] as const) {
    it(`answers every read the console sends in the ${state} state with JSON its models accept`, () => {
      const { sim } = world(state);
      for (const name of Object.keys(CEPH_READS) as CephReadName[]) {
        if (name === 'monDump' || name === 'poolLsDetail') continue; // not simulated
        const argv = ['ceph', ...withJsonFormat(CEPH_READS[name].args)];
        const r = sim.exec(argv);
        expect(r.exitCode, `${argv.join(' ')}: ${r.stderr}`).toBe(0);
        expect(r.stdout.startsWith('\n'), `${name} starts with the CLI's blank line`).toBe(true);
        expect(() => parseRead(name, r)).not.toThrow();
      }
    });
  }

  it('pretty-prints crash output and prints writes as a bare newline with the message on stderr', () => {
    const { sim } = world();
    expect(sim.exec(['ceph', 'crash', 'ls', '--format', 'json']).stdout).toMatch(/^\n\[\n {4}\{\n {8}"/);
    expect(sim.exec(['ceph', 'osd', 'unset', 'noout', '--format', 'json'])).toEqual({ stdout: '\n', stderr: 'noout is unset\n', exitCode: 0 });
    expect(sim.exec(['ceph', 'osd', 'set', 'noout', '--format', 'json'])).toEqual({ stdout: '\n', stderr: 'noout is set\n', exitCode: 0 });
  });

  it("fails like ceph: exit 2 for an unknown OSD's reweight, exit 0 with stderr for out/crash info, 22 for a bad command", () => {
    const { sim } = world();
    expect(sim.exec(['ceph', 'osd', 'reweight', '99', '0.8', '--format', 'json'])).toMatchObject({
      exitCode: 2,
      stderr: 'Error ENOENT: osd.99 does not exist\n',
    });
    expect(sim.exec(['ceph', 'osd', 'out', '99', '--format', 'json'])).toMatchObject({ exitCode: 0, stdout: '\n', stderr: 'osd.99 does not exist. \n' });
    expect(sim.exec(['ceph', 'crash', 'info', 'nope', '--format', 'json'])).toMatchObject({ exitCode: 0, stdout: '\n' });
    expect(sim.exec(['ceph', 'osd', 'frobnicate', '--format', 'json']).exitCode).toBe(22);
    expect(sim.exec(['ceph', 'osd', 'reweight', '1', '1.5']).exitCode).toBe(22);
    expect(sim.exec(['ceph', 'osd', 'purge', '0', '--yes-i-really-mean-it']).exitCode).toBe(16);
    expect(sim.exec(['ceph', 'osd', 'set', 'nosuchflag']).exitCode).toBe(22);
    expect(sim.exec(['bash', '-c', 'ls']).exitCode).toBe(127);
    expect(sim.writes).toBe(0);
  });
});

describe('Ceph simulator state', () => {
  it("starts in the demo world's degraded state", async () => {
    const { summary } = world();
    const s = await summary();
    expect(s.health).toBe('HEALTH_ERR');
    expect(s.checks.map((c) => c.code)).toEqual([
      'MGR_MODULE_ERROR',
      'BLUESTORE_SLOW_OP_ALERT',
      'DB_DEVICE_STALLED_READ_ALERT',
      'OSDMAP_FLAGS',
      'RECENT_CRASH',
      'RECENT_MGR_MODULE_CRASH',
      'SLOW_OPS',
    ]);
    expect(s.flags).toEqual(['noout']);
    expect(s.osds).toMatchObject({ total: 9, up: 8, in: 7 });
    expect(s.osds.list.find((o) => o.id === 5)).toMatchObject({ up: true, in: false, reweight: 0, host: 'jasper' });
    expect(s.osds.list.find((o) => o.id === 8)).toMatchObject({ up: false, in: false, host: 'opal' });
    expect(s.offenders).toEqual(['mgr.a', 'osd.3', 'osd.7', 'osd.8']);
    expect(s.crashes).toMatchObject({ new: 3, total: 3 });
    expect(s.progress).toHaveLength(1);
    expect(s.progress![0]!.message).toMatch(/^Global Recovery Event/);
    expect(s.progress![0]!.progress).toBeCloseTo(0.4, 2);
    expect(s.pgs.total).toBe(177);
    expect(s.pgs.states.some((p) => p.name.includes('backfill'))).toBe(true);
    expect(s.pools!.map((p) => p.name)).toContain('.mgr');
    expect(s.version).toBe('20.2.0 tentacle');
    expect(s.mgr).toEqual({ active: 'a', standbys: 1 });
  });

  it('starts healthy when asked', async () => {
    const s = await world('healthy').summary();
    expect(s.health).toBe('HEALTH_OK');
    expect(s.osds).toMatchObject({ total: 9, up: 9, in: 9 });
    expect(s.pgs.states).toEqual([{ name: 'active+clean', count: 177 }]);
  });

  it('reaches HEALTH_OK through the remediations, each one visible in what it reads', async () => {
    const { sim, clock, summary } = world();
    const run = (...args: string[]) => checkCephWrite(sim.exec(['ceph', ...args, '--format', 'json']), ['ceph', ...args]);

    run('crash', 'archive-all');
    let s = await summary();
    expect(s.checks.map((c) => c.code)).not.toContain('RECENT_CRASH');
    expect(s.checks.map((c) => c.code)).not.toContain('RECENT_MGR_MODULE_CRASH');
    expect(s.crashes.new).toBe(0);
    expect(s.health).toBe('HEALTH_ERR'); // the module is still failed

    sim.restartMgr();
    s = await summary();
    expect(s.health).toBe('HEALTH_WARN');
    expect(s.mgr.active).toBe('b');

    expect(sim.restartOsd(3)).toBe(true);
    expect((await summary()).offenders).toEqual(['osd.7', 'osd.8']);
    sim.restartOsd(7);
    sim.restartOsd(8); // a dead disk stays down
    s = await summary();
    expect(s.checks.map((c) => c.code)).toEqual(['OSDMAP_FLAGS']);
    expect(s.osds.list.find((o) => o.id === 8)!.up).toBe(false);

    run('osd', 'reweight', '5', '0.8');
    s = await summary();
    expect(s.osds.list.find((o) => o.id === 5)!.reweight).toBe(0.79998779296875);
    expect(s.progress![0]!.progress).toBe(0);

    expect(run('osd', 'purge', '8', '--yes-i-really-mean-it')).toBe('purged osd.8');
    run('osd', 'unset', 'noout');
    s = await summary();
    expect(s.health).toBe('HEALTH_OK');
    expect(s.osds.total).toBe(8);
    expect(s.pgs.states.some((p) => p.name.includes('remapped'))).toBe(true);

    clock.advance(60_000);
    s = await summary();
    expect(s.progress).toEqual([]);
    expect(s.pgs.states).toEqual([{ name: 'active+clean', count: 177 }]);
    expect(s.offenders).toEqual([]);
    expect(sim.writes).toBe(4);
  });

  it('marks an OSD out and in, and a stopped OSD down with OSD_DOWN and degraded PGs', async () => {
    const { sim, summary } = world('healthy');
    expect(sim.exec(['ceph', 'osd', 'out', '2']).stderr).toBe('marked out osd.2. \n');
    let s = await summary();
    expect(s.osds.list.find((o) => o.id === 2)).toMatchObject({ up: true, in: false });
    expect(s.osds.in).toBe(8);
    sim.exec(['ceph', 'osd', 'in', '2']);
    expect((await summary()).osds.in).toBe(9);

    sim.stopOsd(4);
    s = await summary();
    expect(s.checks.map((c) => c.code)).toEqual(['OSD_DOWN', 'PG_DEGRADED']);
    expect(s.checks[0]!.details).toEqual(['osd.4 (root=default,host=jasper) is down']);
    expect(s.pgs.degradedRatio).toBeGreaterThan(0);
    expect(s.offenders).toEqual(['osd.4']);
    sim.restartOsd(4);
    expect((await summary()).health).toBe('HEALTH_OK');
  });

  it('posts and archives single crashes, mgr module crashes under their own check', async () => {
    const { sim, summary } = world('healthy');
    const id = sim.postCrash('osd.1', { host: 'onyx' });
    sim.postCrash('mgr.a', { mgrModule: 'rook', host: 'rook-ceph-mgr-a-x' });
    let s = await summary();
    expect(s.checks.map((c) => [c.code, c.summary])).toEqual([
      ['RECENT_CRASH', '1 daemons have recently crashed'],
      ['RECENT_MGR_MODULE_CRASH', '1 mgr modules have recently crashed'],
    ]);
    const info = sim.exec(['ceph', 'crash', 'info', id, '--format', 'json']);
    expect(JSON.parse(info.stdout)).toMatchObject({ crash_id: id, entity_name: 'osd.1' });
    sim.exec(['ceph', 'crash', 'archive', id]);
    s = await summary();
    expect(s.checks.map((c) => c.code)).toEqual(['RECENT_MGR_MODULE_CRASH']);
    expect(s.crashes.recent.find((c) => c.id === id)).toMatchObject({ archived: true });
    const ls = JSON.parse(sim.exec(['ceph', 'crash', 'ls', '--format', 'json']).stdout) as Array<{ archived?: string }>;
    expect(ls.find((c) => c.archived)?.archived).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
  });
});
