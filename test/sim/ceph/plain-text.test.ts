import { describe, expect, it } from 'vitest';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { bytes, si } from '../../../src/sim/ceph/render-text.js';
import { hasShared, listCorpus, readCorpus, SHARED_ABSENT, describeCorpus } from '../../support/shared.js';

// What `ceph …` prints when an operator types it by hand (no --format json), as the demo runbook's
// bash commands do: ceph's plain-text tables, not JSON, and the same figures the JSON carries.

function sim(state: 'degraded' | 'healthy' = 'degraded') {
  const t = Date.parse('2026-11-26T09:00:00Z');
  return { s: new CephSimulator({ state, now: () => t, recoveryMs: 60_000 }) };
}

const run = (s: CephSimulator, cmd: string) => s.exec(['ceph', ...cmd.split(' ')]);
const json = <T = Record<string, unknown>>(s: CephSimulator, cmd: string) => JSON.parse(run(s, `${cmd} --format json`).stdout) as T;
/** A table row's cells: ceph separates columns by two or more spaces. */
const cells = (line: string) => line.trim().split(/\s{2,}/);

const HAND_COMMANDS = ['status', '-s', 'health', 'health detail', 'df', 'osd df', 'osd df tree', 'osd tree', 'crash ls', 'crash ls-new', 'pg stat'];

describe('ceph without --format json prints text', () => {
  for (const state of ['degraded', 'healthy'] as const) {
    it(`answers every hand-typed read in the ${state} state with text, exit 0`, () => {
      const { s } = sim(state);
      for (const cmd of HAND_COMMANDS) {
        const r = run(s, cmd);
        expect(r.exitCode, `${cmd}: ${r.stderr}`).toBe(0);
        expect(r.stdout.trim(), cmd).not.toMatch(/^[[{]/);
        expect(r.stdout.endsWith('\n'), cmd).toBe(true);
      }
    });
  }

  it('still answers JSON for every spelling of the format flag', () => {
    const { s } = sim();
    for (const cmd of HAND_COMMANDS) {
      for (const flag of [['--format', 'json'], ['-f', 'json'], ['--format=json'], ['--format', 'json-pretty']]) {
        const r = s.exec(['ceph', ...cmd.split(' '), ...flag]);
        expect(r.exitCode, `${cmd} ${flag.join(' ')}`).toBe(0);
        expect(() => JSON.parse(r.stdout) as unknown, `${cmd} ${flag.join(' ')}`).not.toThrow();
      }
    }
  });

  it('health: the status word, then the summaries; detail adds a tagged line per check with its detail lines', () => {
    const { s } = sim();
    const h = json<{ status: string; checks: Record<string, { severity: string; summary: { message: string }; detail: Array<{ message: string }> }> }>(
      s,
      'health detail',
    );
    expect(Object.keys(h.checks).length).toBeGreaterThan(1);
    const plain = run(s, 'health').stdout;
    expect(plain).toBe(
      `${h.status} ${Object.values(h.checks)
        .map((c) => c.summary.message)
        .join('; ')}\n`,
    );
    const detail = run(s, 'health detail').stdout.split('\n');
    expect(detail[0]).toBe(plain.trimEnd());
    for (const [code, c] of Object.entries(h.checks)) {
      const at = detail.indexOf(`${c.severity === 'HEALTH_ERR' ? '[ERR]' : '[WRN]'} ${code}: ${c.summary.message}`);
      expect(at, code).toBeGreaterThan(0);
      expect(detail.slice(at + 1, at + 1 + c.detail.length)).toEqual(c.detail.map((d) => `    ${d.message}`));
    }
    expect(run(sim('healthy').s, 'health').stdout).toBe('HEALTH_OK\n');
  });

  it('status: the cluster, services and data sections with the JSON figures', () => {
    const { s } = sim();
    const st = json<{
      fsid: string;
      health: { status: string };
      osdmap: { num_osds: number; num_up_osds: number; num_in_osds: number };
      pgmap: { num_pgs: number; num_pools: number };
    }>(s, 'status');
    const text = run(s, '-s').stdout;
    expect(text).toBe(run(s, 'status').stdout);
    expect(text).toContain(`    id:     ${st.fsid}\n    health: ${st.health.status}\n`);
    expect(text).toMatch(
      new RegExp(`osd: ${st.osdmap.num_osds} osds: ${st.osdmap.num_up_osds} up \\(since \\w+\\), ${st.osdmap.num_in_osds} in \\(since \\w+\\)`),
    );
    expect(text).toContain(`    pools:   ${st.pgmap.num_pools} pools, ${st.pgmap.num_pgs} pgs\n`);
    expect(text).toContain('         flags noout\n');
    for (const section of ['  cluster:', '  services:', '  data:', '  io:', '  progress:']) expect(text).toContain(`${section}\n`);
  });

  it('df: raw storage and pools tables whose figures are the JSON ones', () => {
    const { s } = sim();
    const df = json<{
      stats: { total_bytes: number; total_used_raw_ratio: number };
      pools: Array<{ name: string; id: number; stats: { stored: number; objects: number } }>;
    }>(s, 'df');
    const lines = run(s, 'df').stdout.split('\n');
    expect(lines[0]).toBe('--- RAW STORAGE ---');
    expect(cells(lines[1]!)).toEqual(['CLASS', 'SIZE', 'AVAIL', 'USED', 'RAW USED', '%RAW USED']);
    const total = cells(lines.find((l) => l.startsWith('TOTAL'))!);
    expect(total[1]).toBe(bytes(df.stats.total_bytes));
    expect(total[5]).toBe((100 * df.stats.total_used_raw_ratio).toFixed(2));
    const poolsAt = lines.indexOf('--- POOLS ---');
    expect(cells(lines[poolsAt + 1]!)).toEqual(['POOL', 'ID', 'PGS', 'STORED', 'OBJECTS', 'USED', '%USED', 'MAX AVAIL']);
    for (const p of df.pools) {
      const row = cells(lines.find((l) => l.startsWith(`${p.name} `))!);
      expect(row.slice(0, 2)).toEqual([p.name, String(p.id)]);
      expect(row[3]).toBe(bytes(p.stats.stored));
      expect(row[4]).toBe(si(p.stats.objects));
    }
  });

  it('osd df tree: buckets before their OSDs, a TOTAL row and the variance line; down/out OSDs shown', () => {
    const { s } = sim();
    const lines = run(s, 'osd df tree').stdout.trimEnd().split('\n');
    expect(cells(lines[0]!)).toEqual([
      'ID',
      'CLASS',
      'WEIGHT',
      'REWEIGHT',
      'SIZE',
      'RAW USE',
      'DATA',
      'OMAP',
      'META',
      'AVAIL',
      '%USE',
      'VAR',
      'PGS',
      'STATUS',
      'TYPE NAME',
    ]);
    expect(lines[1]).toMatch(/^-1 .* root default\s*$/);
    const names = lines
      .slice(1)
      .map((l) => /(root \S+|host \S+|osd\.\d+)\s*$/.exec(l)?.[1])
      .filter(Boolean);
    const expected = ['root default'];
    for (const h of [...new Set(s.state.osds.map((o) => o.host))])
      expected.push(`host ${h}`, ...s.state.osds.filter((o) => o.host === h).map((o) => `osd.${o.id}`));
    expect(names).toEqual(expected);
    const osd8 = lines.find((l) => / osd\.8\s*$/.test(l))!;
    expect(cells(osd8)[13]).toBe('down');
    expect(lines.at(-2)).toMatch(/^\s+TOTAL\s+\d/);
    expect(lines.at(-1)).toMatch(/^MIN\/MAX VAR: \d+\.\d\d\/\d+\.\d\d {2}STDDEV: [\d.]+$/);
    // Without "tree": the same OSD rows, no bucket rows, no TYPE NAME column.
    const flat = run(s, 'osd df').stdout.split('\n');
    expect(cells(flat[0]!).at(-1)).toBe('STATUS');
    expect(flat.filter((l) => /^\s*\d+\s+ssd /.test(l))).toHaveLength(s.state.osds.length);
  });

  it('osd df tree --format json: the osd df figures plus the CRUSH buckets with their children', () => {
    const { s } = sim();
    type Node = { id: number; type: string; name: string; children?: number[]; kb: number; kb_used: number };
    const flat = json<{ nodes: Node[]; summary: { total_kb: number; total_kb_used: number } }>(s, 'osd df');
    const tree = json<{ nodes: Node[]; stray: unknown[]; summary: unknown }>(s, 'osd df tree');
    expect(tree.summary).toEqual(flat.summary);
    expect(tree.stray).toEqual([]);
    expect(tree.nodes.filter((n) => n.type === 'osd')).toEqual(flat.nodes);
    const root = tree.nodes[0]!;
    expect(root).toMatchObject({ id: -1, type: 'root', name: 'default', kb: flat.summary.total_kb, kb_used: flat.summary.total_kb_used });
    const hostNodes = tree.nodes.filter((n) => n.type === 'host');
    expect([...root.children!].sort()).toEqual(hostNodes.map((h) => h.id).sort());
    for (const h of hostNodes) {
      const mine = s.state.osds.filter((o) => o.host === h.name).map((o) => o.id);
      expect([...h.children!].sort()).toEqual([...mine].sort());
      expect(h.kb).toBe(flat.nodes.filter((n) => mine.includes(n.id)).reduce((sum, n) => sum + n.kb, 0));
    }
  });

  it('osd tree: the CRUSH tree with status and reweight', () => {
    const { s } = sim();
    const lines = run(s, 'osd tree').stdout.split('\n');
    expect(cells(lines[0]!)).toEqual(['ID', 'CLASS', 'WEIGHT', 'TYPE NAME', 'STATUS', 'REWEIGHT', 'PRI-AFF']);
    for (const o of s.state.osds) {
      const row = cells(lines.find((l) => new RegExp(` osd\\.${o.id} `).test(l))!);
      expect(row).toEqual([String(o.id), o.deviceClass, o.crushWeight.toFixed(5), `osd.${o.id}`, o.up ? 'up' : 'down', o.reweight.toFixed(5), '1.00000']);
    }
  });

  it('crash ls / ls-new: one row per crash, NEW marks the unarchived; archive-all empties ls-new', () => {
    const { s } = sim();
    const crashes = json<Array<{ crash_id: string; entity_name: string }>>(s, 'crash ls');
    const lines = run(s, 'crash ls').stdout.trimEnd().split('\n');
    expect(cells(lines[0]!)).toEqual(['ID', 'ENTITY', 'NEW']);
    expect(lines.slice(1).map(cells)).toEqual(crashes.map((c) => [c.crash_id, c.entity_name, '*']));
    run(s, 'crash archive-all');
    expect(run(s, 'crash ls-new').stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(run(s, 'crash ls').stdout.trimEnd().split('\n').slice(1).map(cells)).toEqual(crashes.map((c) => [c.crash_id, c.entity_name]));
  });

  it('pg stat: one line, the states then usage', () => {
    const { s } = sim();
    const pg = json<{ pg_summary: { num_pgs: number } }>(s, 'pg stat');
    const text = run(s, 'pg stat').stdout;
    expect(text).toMatch(
      new RegExp(`^${pg.pg_summary.num_pgs} pgs: \\d+ active\\+[^;]+; [\\d.]+ \\w?i?B data, [\\d.]+ \\w+ used, [\\d.]+ \\w+ / [\\d.]+ \\w+ avail; `),
    );
    expect(text.split('\n')).toHaveLength(2);
    expect(run(sim('healthy').s, 'pg stat').stdout).toMatch(/^\d+ pgs: \d+ active\+clean; /);
  });

  it('formats bytes and counts by ceph rules (whole when exact, else what fits)', () => {
    expect(bytes(0)).toBe('0 B');
    expect(bytes(5 * 1024 ** 2)).toBe('5 MiB');
    expect(bytes(3.4 * 1024 ** 4)).toBe('3.4 TiB');
    expect(bytes(609.4 * 1024 ** 3)).toBe('609 GiB');
    expect(bytes(19.2 * 1024 ** 2)).toBe('19 MiB');
    expect(si(28)).toBe('28');
    expect(si(157_500)).toBe('157.50k');
  });
});

describeCorpus('text shapes match real ceph captures ' + (hasShared ? '' : SHARED_ABSENT), () => {
  const header = (text: string, startsWith: string) => cells(text.split('\n').find((l) => l.startsWith(startsWith))!);

  it('uses the same section titles and column headers as the corpus', () => {
    const { s } = sim('healthy');
    const df = listCorpus('ceph', '-ceph-df.txt').map((f) => readCorpus('ceph', f));
    const tree = listCorpus('ceph', '-ceph-osd-tree.txt').map((f) => readCorpus('ceph', f));
    const status = listCorpus('ceph', '-ceph-status.txt').map((f) => readCorpus('ceph', f));
    expect(df.length && tree.length && status.length).toBeTruthy();
    const ours = { df: run(s, 'df').stdout, tree: run(s, 'osd tree').stdout, status: run(s, 'status').stdout };
    for (const real of df) {
      for (const start of ['CLASS', 'POOL']) expect(header(ours.df, start)).toEqual(header(real, start));
      expect(ours.df.split('\n').filter((l) => l.startsWith('---'))).toEqual(real.split('\n').filter((l) => l.startsWith('---')));
    }
    for (const real of tree) expect(header(ours.tree, 'ID')).toEqual(header(real, 'ID'));
    const keys = (text: string) =>
      text
        .split('\n')
        .map((l) => /^\s*([a-z]+):/.exec(l)?.[1])
        .filter(Boolean);
    for (const real of status) expect(keys(ours.status)).toEqual(keys(real));
  });
});
