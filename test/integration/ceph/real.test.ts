/**
import { ensureBundle } from '../../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);
 * The Ceph model and actions against a real cluster: ../shared/ceph-sandbox/up.sh starts one mon,
 * one mgr and three memstore OSDs on loopback (~10 s) for this file, down.sh removes it after.
 * Skips, saying why, when the ceph binaries are missing — unless HOMELAB_REQUIRE_REAL=1 (CI), then fails.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCephWrite, parseCephJson } from '../../../src/domain/ceph/output.js';
import type { CephSummary } from '../../../src/domain/ceph/types.js';
import { gradeSystem } from '../../../src/domain/health/grade-system.js';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import { CephService, cephHealthInputOf } from '../../../src/services/ceph/ceph-service.js';
import { createLocalCephExecutor } from '../../../src/services/ceph/local-executor.js';
import { readCephSummary, type DetailRead } from '../../../src/services/ceph/reader.js';
import { createCephStore } from '../../../src/store/ceph-store.js';
import { Journal } from '../../../src/services/journal/journal.js';
import { StepEngine } from '../../../src/services/steps/step-engine.js';
import { createActionExecutor } from '../../../src/services/steps/typed-executor.js';
import { createStores } from '../../../src/store/index.js';
import type { GateResult } from '../../../src/domain/health/types.js';
import { repoRoot, requireRealServers, sharedDir } from '../../support/shared.js';
import { waitFor } from '../../support/wait.js';

const run = promisify(execFile);
const sandboxScripts = path.join(sharedDir, 'ceph-sandbox');
const missing = ['ceph', 'ceph-mon', 'ceph-mgr', 'ceph-osd'].filter((b) => {
  try {
    execFileSync('sh', ['-c', `command -v ${b}`], { stdio: 'ignore' });
    return false;
  } catch {
    return true;
  }
});
const why = !existsSync(path.join(sandboxScripts, 'up.sh'))
  ? `no ceph sandbox scripts at ${sandboxScripts}`
  : missing.length > 0
    ? `ceph binaries missing (${missing.join(', ')}); install ceph-mon ceph-mgr ceph-osd ceph-common`
    : null;

if (why && requireRealServers) {
  describe('real Ceph (required by HOMELAB_REQUIRE_REAL=1)', () => {
    it('has what it needs to start the sandbox', () => {
      expect.fail(why);
    });
  });
}

// Generous per-test limits: the waits are polls with deadlines; a loaded CI host is slow, not broken.
describe.skipIf(why !== null)(`real Ceph sandbox${why ? ` (skipped: ${why})` : ''}`, { timeout: 120_000 }, () => {
  let dir = '';
  let conf = '';
  let service: CephService;
  const store = createCephStore();
  // A port block per worker process, so parallel runs on one host do not collide.
  const port = 42_000 + (process.pid % 60) * 100;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hc-ceph-'));
    const { stdout } = await run(path.join(sandboxScripts, 'up.sh'), [dir], { env: { ...process.env, CEPH_SANDBOX_PORT: String(port) }, timeout: 110_000 });
    conf = stdout.trim().split('\n').pop()!;
    service = new CephService({ executor: createLocalCephExecutor({ conf }), store, verifyTimeoutMs: 30_000, verifyIntervalMs: 500 });
  }, 120_000);

  afterAll(async () => {
    await service?.close();
    if (dir) await run(path.join(sandboxScripts, 'down.sh'), [dir]).catch(() => undefined);
  });

  const ceph = (...args: string[]) => createLocalCephExecutor({ conf }).run([...args, '--format', 'json']);
  const summary = async () => {
    const s = await service.refresh();
    if (!s) throw new Error(store.getState().summary?.error ?? 'no summary');
    return s;
  };
  const until = (what: string, ok: (s: CephSummary) => boolean) =>
    waitFor(
      async () => {
        const s = await summary();
        return ok(s) ? s : null;
      },
      { what, timeoutMs: 60_000, intervalMs: 500 },
    );
  /** Cheaper waits: only `ceph status` (health checks, osd counts), or status plus the named reads. */
  const untilRead = (what: string, reads: DetailRead[], ok: (s: CephSummary) => boolean) =>
    waitFor(
      async () => {
        const s = await readCephSummary(createLocalCephExecutor({ conf }), {}, reads);
        return ok(s) ? s : null;
      },
      { what, timeoutMs: 60_000, intervalMs: 500 },
    );
  const codes = (s: CephSummary) => s.checks.map((c) => c.code);
  const live = { state: 'live' } as const;
  const systemGrade = () =>
    gradeSystem({
      now: Date.now(),
      sources: { nodes: live, pods: live, applications: live, certificates: live, externalSecrets: live, clusterSecretStores: live },
      nodes: [],
      pods: [],
      applications: [],
      certificates: [],
      externalSecrets: [],
      clusterSecretStores: [],
      ceph: cephHealthInputOf(store.getState()),
      thresholds: DEFAULT_THRESHOLDS,
    });

  it('reads the healthy cluster and grades System GREEN', async () => {
    const s = await until('HEALTH_OK', (x) => x.health === 'HEALTH_OK');
    expect(s.osds).toMatchObject({ total: 3, up: 3, in: 3 });
    expect(s.osds.list.map((o) => o.host)).toEqual(['node0', 'node1', 'node2']);
    expect(s.version).toMatch(/^\d+\.\d+\.\d+ \w+$/);
    expect(s.mgr.active).toBe('x');
    expect(s.readErrors).toBeUndefined();
    expect(systemGrade().status).toBe('GREEN');
  });

  it('set noout → OSDMAP_FLAGS → unset → gone', async () => {
    const set = await service.perform({ kind: 'osd-set', flag: 'noout' });
    expect(set).toMatchObject({ ok: true, status: 'verified', message: 'ceph osd set noout: noout is set; verified: noout is set' });
    await untilRead('OSDMAP_FLAGS', [], (s) => codes(s).includes('OSDMAP_FLAGS'));
    const warned = await summary();
    expect(warned.flags).toEqual(['noout']);
    expect(systemGrade()).toMatchObject({ status: 'YELLOW' });
    expect(await service.perform({ kind: 'osd-unset', flag: 'noout' })).toMatchObject({ ok: true, status: 'verified' });
    await untilRead('OSDMAP_FLAGS gone', [], (s) => !codes(s).includes('OSDMAP_FLAGS'));
  });

  it('the console’s safe state after an escalation (planSafeState → runStep, the typed ceph-set-noout) sets noout on the real cluster, read back through the Ceph service', async () => {
    const stores = createStores();
    stores.session.setState({ mode: 'WRITE' });
    const green = { status: 'GREEN' as const, healthyPercent: 100, reasons: [], offenders: [] };
    const gate: GateResult = { overall: 'GREEN', gradedAt: new Date().toISOString(), layers: { metal: green, system: green, platform: green, apps: green } };
    const engine = new StepEngine({
      stores,
      journal: new Journal(path.join(mkdtempSync(path.join(os.tmpdir(), 'safe-state-')), 'journal.jsonl')),
      // The same executor the console wires: typed Ceph actions go to the Ceph service.
      executeAction: createActionExecutor({ ceph: service }),
      gate: async () => gate,
      writeBody: async () => ({ ok: true }),
      addLabel: async () => undefined,
    });
    const plan = engine.planSafeState();
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.command).toBe('ceph osd set noout');
    const r = await engine.runStep(plan.request, plan.request.challenge ?? '');
    expect(r).toMatchObject({ ok: true });
    expect(stores.step.getState().output.join('\n')).toMatch(/noout is set; verified: noout is set/);
    await until('noout read back by the Ceph service', (x) => x.flags.includes('noout'));
    expect((await summary()).flags).toEqual(['noout']);
    expect(await service.perform({ kind: 'osd-unset', flag: 'noout' })).toMatchObject({ ok: true, status: 'verified' });
    await untilRead('noout gone', [], (x) => !x.flags.includes('noout'));
  });

  it('post a crash → RECENT_CRASH → archive-all → gone', async () => {
    const now = new Date().toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
    const id = `${now}_0f7c5a1e-6b0d-4c53-9d8e-2a4b1c3d5e6f`;
    // capture-fixtures.sh's format; assert_msg must match "(.*) thread .* time .*(: .*)\n" or the mgr refuses it.
    const meta = {
      crash_id: id,
      timestamp: now,
      process_name: 'ceph-osd',
      entity_name: 'osd.1',
      ceph_version: '16.2.15',
      utsname_hostname: 'node-b',
      assert_condition: 'abort',
      assert_msg: `BlueStore.cc: In function 'void f()' thread 7f3b2d7fe700 time ${now}\nBlueStore.cc: 1: ceph_abort_msg("unexpected error")\n`,
      backtrace: ['abort()'],
    };
    const file = path.join(dir, 'crash-meta.json');
    writeFileSync(file, JSON.stringify(meta));
    checkCephWrite(await createLocalCephExecutor({ conf }).run(['crash', 'post', '-i', file]), ['ceph', 'crash', 'post']);
    await untilRead('RECENT_CRASH', [], (s) => codes(s).includes('RECENT_CRASH'));
    const crashed = await summary();
    expect(crashed.crashes.new).toBe(1);
    expect(crashed.crashes.recent[0]).toMatchObject({ id, entity: 'osd.1', archived: false });
    expect(crashed.offenders).toContain('osd.1');
    expect(await service.perform({ kind: 'crash-archive-all' })).toMatchObject({ ok: true, status: 'verified' });
    const after = await untilRead('RECENT_CRASH gone', ['crashLs'], (s) => !codes(s).includes('RECENT_CRASH'));
    expect(after.crashes).toMatchObject({ new: 0, total: 1 });
    expect(after.crashes.recent[0]!.archived).toBe(true);
  });

  it('reweight → osd df shows it', async () => {
    expect(await service.perform({ kind: 'osd-reweight', osd: 0, weight: 0.8 })).toMatchObject({
      ok: true,
      status: 'verified',
      message: expect.stringContaining('verified: osd.0 reweight is 0.8'),
    });
    const df = parseCephJson(await ceph('osd', 'df'), ['ceph', 'osd', 'df']) as { nodes: Array<{ id: number; reweight: number }> };
    expect(df.nodes.find((n) => n.id === 0)!.reweight).toBeCloseTo(0.8, 3);
    expect(await service.perform({ kind: 'osd-reweight', osd: 0, weight: 1 })).toMatchObject({ ok: true, status: 'verified' });
  });

  it('out / in', async () => {
    expect(await service.perform({ kind: 'osd-out', osd: 0 })).toMatchObject({
      ok: true,
      status: 'verified',
      message: 'ceph osd out 0: marked out osd.0.; verified: osd.0 is out',
    });
    expect((await summary()).osds).toMatchObject({ up: 3, in: 2 });
    expect(await service.perform({ kind: 'osd-in', osd: 0 })).toMatchObject({ ok: true, status: 'verified' });
    expect((await summary()).osds).toMatchObject({ up: 3, in: 3 });
  });

  it('an OSD stopped → down in the tree, System graded YELLOW; then out and purged with osd.2 typed', async () => {
    const pid = Number(readFileSync(path.join(dir, 'run', 'osd.2.pid'), 'utf8'));
    process.kill(pid, 'SIGTERM');
    await untilRead('osd.2 down', [], (s) => codes(s).includes('OSD_DOWN'));
    const down = await summary();
    expect(down.osds.list.find((o) => o.id === 2)).toMatchObject({ up: false, in: true });
    expect(down.offenders).toContain('osd.2');
    expect(down.checks.find((c) => c.code === 'OSD_DOWN')!.details).toEqual(['osd.2 (root=default,host=node2) is down']);
    const grade = systemGrade();
    expect(grade.status).toBe('YELLOW');
    expect(grade.offenders.map((o) => o.name)).toContain('OSD_DOWN');

    expect(await service.perform({ kind: 'osd-purge', osd: 2, confirmation: '2' })).toMatchObject({ ok: false, status: 'refused' });
    expect(await service.perform({ kind: 'osd-out', osd: 2 })).toMatchObject({ ok: true, status: 'verified' });
    expect(await service.perform({ kind: 'osd-purge', osd: 2, confirmation: 'osd.2' })).toMatchObject({
      ok: true,
      status: 'verified',
      message: expect.stringContaining('osd.2 is gone from the OSD map'),
    });
    expect((await summary()).osds.list.map((o) => o.id)).toEqual([0, 1]);
  });

  it('turns errors into one clear line', async () => {
    expect(await service.perform({ kind: 'osd-out', osd: 99 })).toMatchObject({
      status: 'refused',
      message: expect.stringMatching(/^osd\.99 does not exist \(OSDs: 0, 1(, 2)?\)$/),
    });
    // What ceph itself says, read the way the console reads it: rc 22, rc 2, and the exit-0 failures.
    await expect(ceph('osd', 'frobnicate').then((r) => parseCephJson(r, ['ceph', 'osd', 'frobnicate']))).rejects.toThrow(
      /^ceph osd frobnicate: no valid command found \(unknown ceph command\)$/,
    );
    await expect(ceph('osd', 'reweight', '99', '0.8').then((r) => checkCephWrite(r, ['ceph', 'osd', 'reweight', '99', '0.8']))).rejects.toThrow(
      /^ceph osd reweight 99 0\.8: Error ENOENT: osd\.99 does not exist$/,
    );
    await expect(ceph('osd', 'out', '99').then((r) => checkCephWrite(r, ['ceph', 'osd', 'out', '99']))).rejects.toThrow(
      /^ceph osd out 99: osd\.99 does not exist\.?$/,
    );
    await expect(ceph('crash', 'info', 'nonexistent').then((r) => parseCephJson(r, ['ceph', 'crash', 'info', 'nonexistent']))).rejects.toThrow(
      /^ceph crash info nonexistent: .*not found$/,
    );

    // A cluster that does not answer: the call is killed and said so in one line; the layer is UNKNOWN.
    const deadConf = path.join(dir, 'dead.conf');
    writeFileSync(deadConf, readFileSync(conf, 'utf8').replace(/mon host = .*/, 'mon host = [v2:127.0.0.1:9,v1:127.0.0.1:10]'));
    const deadStore = createCephStore();
    const dead = new CephService({ executor: createLocalCephExecutor({ conf: deadConf, timeoutMs: 2_000 }), store: deadStore });
    await dead.refresh();
    expect(deadStore.getState().summary!.error).toBe('ceph status: timed out after 2 s');
    expect(cephHealthInputOf(deadStore.getState())).toMatchObject({ health: 'UNKNOWN', error: 'ceph status: timed out after 2 s' });
    await dead.close();
  });

  it('prints the model from the command line (ceph --json --ceph-conf)', async () => {
    const bin = path.join(repoRoot, 'bin', 'homelab-console');
    const { stdout } = await run(bin, ['ceph', '--json', '--ceph-conf', conf]);
    const json = JSON.parse(stdout) as CephSummary;
    expect(json.osds.total).toBe(2);
    expect(json.osds.list[0]).toMatchObject({ id: 0, host: 'node0', up: true, in: true });
    expect(json.flags).toEqual([]);
    const table = (await run(bin, ['ceph', '--ceph-conf', conf])).stdout;
    expect(table).toMatch(/^Ceph HEALTH_\w+/);
    expect(table).toMatch(/osd\.1\s+node1\s+hdd\s+up,in/);
  });
});
