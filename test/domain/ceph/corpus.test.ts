import { expect, it } from 'vitest';
import { checkCephWrite, CephCommandError, parseCephJson, type CephExecResult } from '../../../src/domain/ceph/output.js';
import { CEPH_READS, parseCrashInfo, parseRead, type CephReadName } from '../../../src/domain/ceph/reads.js';
import { summariseCeph, type CephReadings } from '../../../src/domain/ceph/summarise.js';
import { hasShared, listCorpus, readCorpus, SHARED_ABSENT, describeCorpus } from '../../support/shared.js';

interface ManifestEntry {
  file: string;
  argv: string[];
  rc: number;
  stdout_is_json: boolean;
  stderr: string;
}

const manifest: ManifestEntry[] = hasShared
  ? readCorpus('ceph-real', 'manifest.jsonl')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as ManifestEntry)
  : [];

/** Which read an argv is: the read whose args are the argv's words without "ceph" and "--format json". */
function readNameOf(argv: string[]): CephReadName | null {
  const words = argv.slice(1, -2).join(' ');
  for (const [name, read] of Object.entries(CEPH_READS)) if (read.args.join(' ') === words) return name as CephReadName;
  return null;
}

function result(entry: ManifestEntry): CephExecResult {
  return { stdout: readCorpus('ceph-real', entry.file), stderr: entry.stderr, exitCode: entry.rc };
}

function read<K extends CephReadName>(name: K, file: string) {
  return parseRead(name, { stdout: readCorpus('ceph-real', file), stderr: '', exitCode: 0 });
}

describeCorpus(`ceph-real corpus (${hasShared ? 'present' : SHARED_ABSENT})`, () => {
  it('has a manifest line for every captured JSON file', () => {
    const jsonFiles = listCorpus('ceph-real', '.json').filter((f) => f !== 'crash-post.input.json');
    expect(jsonFiles.length).toBeGreaterThan(30);
    const inManifest = new Set(manifest.map((m) => m.file));
    expect(jsonFiles.filter((f) => !inManifest.has(f))).toEqual([]);
  });

  // One test per captured stdout: each JSON one parses through its model, each non-JSON one is
  // read the way the console reads it (a write's message, or one clear error line).
  for (const entry of manifest) {
    it(`reads ${entry.file} (${entry.argv.slice(1, -2).join(' ')}, rc ${entry.rc})`, () => {
      const name = readNameOf(entry.argv);
      const isCrashInfo = entry.argv[1] === 'crash' && entry.argv[2] === 'info';
      if (entry.stdout_is_json) {
        expect(entry.file.endsWith('.json')).toBe(true);
        expect(readCorpus('ceph-real', entry.file).startsWith('\n')).toBe(true);
        if (isCrashInfo) {
          expect(parseCrashInfo(result(entry), entry.argv[3]!).crash_id).toBe(entry.argv[3]);
        } else {
          expect(name, `no model for ${entry.argv.join(' ')}`).not.toBeNull();
          expect(parseRead(name!, result(entry))).toBeTruthy();
        }
        return;
      }
      if (name || isCrashInfo) {
        // A read that printed no JSON (crash stat's text, crash info of an unknown id with rc 0).
        expect(() => (isCrashInfo ? parseCrashInfo(result(entry), entry.argv[3]!) : parseRead(name!, result(entry)))).toThrow(CephCommandError);
        return;
      }
      if (entry.file.startsWith('err-')) {
        let message = '';
        try {
          checkCephWrite(result(entry), entry.argv);
        } catch (err) {
          message = (err as Error).message;
        }
        expect(message).toMatch(/^ceph \w/);
        expect(message).not.toContain('\n');
        expect(message.length).toBeGreaterThan(10);
        return;
      }
      expect(checkCephWrite(result(entry), entry.argv)).toBe(entry.stderr.trim());
    });
  }

  it('turns exit-0 failures into one line naming the command', () => {
    const errors = Object.fromEntries(
      manifest
        .filter((m) => m.file.startsWith('err-'))
        .map((m) => {
          try {
            if (m.argv[1] === 'crash') parseCrashInfo(result(m), m.argv[3]!);
            else checkCephWrite(result(m), m.argv);
            return [m.file, 'no error'];
          } catch (err) {
            return [m.file, (err as Error).message];
          }
        }),
    );
    expect(errors['err-osd-reweight-unknown.txt']).toBe('ceph osd reweight 99 0.8: Error ENOENT: osd.99 does not exist');
    expect(errors['err-osd-out-unknown.txt']).toBe('ceph osd out 99: osd.99 does not exist.');
    expect(errors['err-crash-info-unknown.txt']).toBe('ceph crash info nonexistent: crash info: nonexistent not found');
    expect(errors['err-unknown-command.txt']).toBe('ceph osd frobnicate: no valid command found (unknown ceph command)');
  });

  it('refuses the bare "\\n" that commands with nothing to print return', () => {
    expect(() => parseCephJson({ stdout: '\n', stderr: '', exitCode: 0 }, ['ceph', 'status'])).toThrow('ceph status: no output');
  });

  function readings(suffix: string): CephReadings {
    const f = (base: string) => {
      const withSuffix = `${base}${suffix}.json`;
      return listCorpus('ceph-real', '.json').includes(withSuffix) ? withSuffix : `${base}.json`;
    };
    return {
      status: read('status', f('status')),
      healthDetail: read('healthDetail', f('health-detail')),
      osdTree: read('osdTree', f('osd-tree')),
      osdDf: read('osdDf', f('osd-df')),
      df: read('df', 'df.json'),
      pgStat: read('pgStat', f('pg-stat')),
      crashes: read('crashLs', suffix === '-crash' ? 'crash-ls-with-crash.json' : 'crash-ls.json'),
      versions: read('versions', 'versions.json'),
    };
  }

  it('summarises the healthy cluster', () => {
    const s = summariseCeph(readings(''));
    expect(s.health).toBe('HEALTH_OK');
    expect(s.checks).toEqual([]);
    expect(s.osds).toMatchObject({ total: 3, up: 3, in: 3 });
    expect(s.osds.list.map((o) => [o.id, o.host, o.up, o.in])).toEqual([
      [0, 'node0', true, true],
      [1, 'node1', true, true],
      [2, 'node2', true, true],
    ]);
    expect(s.osds.list[0]!.utilization).toBeGreaterThan(0);
    expect(s.osds.list[0]!.pgs).toBe(9);
    expect(s.pgs).toMatchObject({ total: 9, states: [{ name: 'active+clean', count: 9 }] });
    expect(s.usage.totalBytes).toBe(32212254720);
    expect(s.usage.usedPercent).toBeCloseTo(2.95, 1);
    expect(s.pools!.map((p) => p.name)).toEqual(['replicapool', 'device_health_metrics']);
    expect(s.mons).toEqual({ quorum: ['a'], total: 1 });
    expect(s.version).toBe('16.2.15 pacific');
    expect(s.offenders).toEqual([]);
    expect(s.flags).toEqual([]);
  });

  it('summarises a stopped OSD: down in the list, named as offender, checks with details', () => {
    const s = summariseCeph(readings('-osd-down'));
    expect(s.health).toBe('HEALTH_WARN');
    expect(s.osds).toMatchObject({ total: 3, up: 2, in: 3 });
    expect(s.osds.list.find((o) => o.id === 2)).toMatchObject({ up: false, in: true, host: 'node2' });
    expect(s.checks.map((c) => c.code)).toEqual(['OSD_DOWN', 'OSD_HOST_DOWN', 'PG_DEGRADED']);
    expect(s.checks[0]!.details).toEqual(['osd.2 (root=default,host=node2) is down']);
    expect(s.offenders).toEqual(['osd.2']);
    expect(s.pgs.degradedRatio).toBeCloseTo(1 / 3, 3);
  });

  it('summarises noout from the OSDMAP_FLAGS check when no osd dump was read', () => {
    const s = summariseCeph({ status: read('status', 'status-noout.json'), healthDetail: read('healthDetail', 'health-detail-noout.json') });
    expect(s.flags).toEqual(['noout']);
    expect(s.checks.map((c) => c.code)).toEqual(['OSDMAP_FLAGS']);
  });

  it('summarises a reweight and an out OSD', () => {
    const rew = summariseCeph({
      status: read('status', 'status.json'),
      osdDf: read('osdDf', 'osd-df-reweight.json'),
      osdTree: read('osdTree', 'osd-tree-reweight.json'),
    });
    expect(rew.osds.list[0]!.reweight).toBeCloseTo(0.8, 3);
    const out = summariseCeph({
      status: read('status', 'status-osd-out.json'),
      osdTree: read('osdTree', 'osd-tree-osd-out.json'),
      pgStat: read('pgStat', 'pg-stat-osd-out.json'),
    });
    expect(out.health).toBe('HEALTH_OK');
    expect(out.osds).toMatchObject({ up: 3, in: 2 });
    expect(out.osds.list[0]).toMatchObject({ up: true, in: false, reweight: 0 });
    expect(out.pgs.states).toEqual([{ name: 'active+clean+remapped', count: 9 }]);
    expect(out.pgs.misplacedRatio).toBeCloseTo(1 / 3, 3);
  });

  it('summarises a recent crash and its archiving', () => {
    const s = summariseCeph(readings('-crash'));
    expect(s.crashes.new).toBe(1);
    expect(s.crashes.recent[0]).toMatchObject({ entity: 'osd.1', archived: false, host: 'node-b' });
    expect(s.offenders).toEqual(['osd.1']);
    const after = summariseCeph({ status: read('status', 'status.json'), crashes: read('crashLs', 'crash-ls-after-archive.json') });
    expect(after.crashes).toMatchObject({ new: 0, total: 1 });
    expect(after.crashes.recent[0]!.archived).toBe(true);
  });
});

describeCorpus(`production crash reports in corpus/ceph (${hasShared ? 'present' : SHARED_ABSENT})`, () => {
  const files = listCorpus('ceph', '.json');
  it('finds the crash-info JSON files', () => {
    expect(files.length).toBeGreaterThan(0);
  });
  for (const file of files) {
    it(`parses ${file} as crash info (a Tentacle mgr module crash)`, () => {
      const text = readCorpus('ceph', file);
      const id = (JSON.parse(text) as { crash_id: string }).crash_id;
      const crash = parseCrashInfo({ stdout: text, stderr: '', exitCode: 0 }, id);
      expect(crash.entity_name).toMatch(/^mgr\./);
      expect(crash.mgr_module).toBe('prometheus');
      expect(crash.ceph_version).toMatch(/^20\./);
      const s = summariseCeph({ status: { health: { status: 'HEALTH_WARN', checks: {} }, quorum_names: [], progress_events: {} }, crashes: [crash] });
      expect(s.crashes.recent[0]).toMatchObject({ id, mgrModule: 'prometheus', archived: false });
    });
  }
});
