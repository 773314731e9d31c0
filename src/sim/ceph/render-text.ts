import { healthChecks, healthStatus, pgStates, recoveryProgress, renderDf, renderOsdDf, renderStatus } from './render.js';
import type { SimCephState, SimCrash, SimOsd } from './state.js';

/*
 * What `ceph …` prints without `--format json`: the plain-text forms an operator types by hand,
 * laid out like the real captures in shared/corpus/ceph (tables with two-space gutters, ceph's
 * byte and SI unit rules). Pure functions of the state and the time.
 */

const BYTE_UNITS = [' B', ' KiB', ' MiB', ' GiB', ' TiB', ' PiB', ' EiB'];
const SI_UNITS = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

/** ceph's format_u: whole numbers when exact, else the most decimals (2, 1, 0) that fit in 7 characters. */
function formatUnit(v: number, base: number, units: string[]): string {
  const value = Math.max(0, Math.round(v));
  let index = 0;
  let n = value;
  while (n >= base && index < units.length - 1) {
    n = Math.floor(n / base);
    index++;
  }
  const unit = units[index]!;
  const mult = base ** index;
  if (index === 0 || value % mult === 0) return `${n}${unit}`;
  for (const digits of [2, 1, 0]) {
    const text = `${(value / mult).toFixed(digits)}${unit}`;
    if (text.length <= 7 || digits === 0) return text;
  }
  return `${n}${unit}`;
}

export const bytes = (v: number) => formatUnit(v, 1024, BYTE_UNITS);
export const si = (v: number) => formatUnit(v, 1000, SI_UNITS);
/** ceph's percentify: below 0.01 prints as a bare 0. */
const percent = (v: number) => (v < 0.01 ? '0' : v.toFixed(2));

/** ceph's timespan_str as `ceph -s` shows ages: 45s, 11m, 27h, 3d, 2w. */
export function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.round(s / 60);
  if (m < 120) return `${m}m`;
  const h = Math.round(s / 3600);
  if (h < 48) return `${h}h`;
  const d = Math.round(s / 86_400);
  if (d < 14) return `${d}d`;
  const w = Math.round(s / 604_800);
  if (w < 12) return `${w}w`;
  return `${Math.round(s / 2_629_800)}M`;
}

type Align = 'left' | 'right';

/** ceph's TextTable: every cell padded to its column's width, two spaces between columns. */
function table(headers: Array<[string, Align]>, rows: string[][]): string[] {
  const widths = headers.map(([h], i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    headers.map(([, align], i) => (align === 'left' ? (cells[i] ?? '').padEnd(widths[i]!) : (cells[i] ?? '').padStart(widths[i]!))).join('  ');
  return [line(headers.map(([h]) => h)), ...rows.map(line)];
}

const severityTag = (severity: string) => (severity === 'HEALTH_ERR' ? '[ERR]' : '[WRN]');

/** `ceph health` and `ceph health detail`. */
export function textHealth(s: SimCephState, now: number, detail: boolean): string {
  const checks = healthChecks(s, now);
  const summaries = Object.values(checks).map((c) => c.summary.message);
  const lines = [summaries.length ? `${healthStatus(checks)} ${summaries.join('; ')}` : healthStatus(checks)];
  if (detail) {
    for (const [code, c] of Object.entries(checks)) {
      lines.push(`${severityTag(c.severity)} ${code}: ${c.summary.message}`);
      for (const d of c.detail) lines.push(`    ${d.message}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function pgLines(s: SimCephState, now: number): string[] {
  const states = pgStates(s, now);
  const width = Math.max(...states.map((p) => String(p.count).length));
  return states.map((p) => (states.length > 1 ? `${String(p.count).padEnd(width)} ${p.name}` : `${p.count} ${p.name}`));
}

function objectRatios(pgmap: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const kind of ['degraded', 'misplaced'] as const) {
    const n = pgmap[`${kind}_objects`];
    const total = pgmap[`${kind}_total`];
    if (typeof n === 'number' && typeof total === 'number' && n > 0) out.push(`${n}/${total} objects ${kind} (${((100 * n) / total).toFixed(3)}%)`);
  }
  return out;
}

function clientIo(s: SimCephState): string {
  const io = s.clientIo;
  return `${bytes(io.readBytesSec)}/s rd, ${bytes(io.writeBytesSec)}/s wr, ${si(io.readOpSec)} op/s rd, ${si(io.writeOpSec)} op/s wr`;
}

/** `ceph status` / `ceph -s`. */
export function textStatus(s: SimCephState, now: number): string {
  const st = renderStatus(s, now);
  const pgmap = st.pgmap;
  const checks = healthChecks(s, now);
  const osdmap = st.osdmap;
  const up = osdmap.num_up_osds;
  const inCount = osdmap.num_in_osds;
  const remapped = osdmap.num_remapped_pgs ? `; ${osdmap.num_remapped_pgs} remapped pgs` : '';
  const lines = [
    '  cluster:',
    `    id:     ${s.fsid}`,
    `    health: ${healthStatus(checks)}`,
    ...Object.values(checks).map((c) => `            ${c.summary.message}`),
    ' ',
    '  services:',
    `    mon: ${s.mons.names.length} daemons, quorum ${s.mons.quorum.join(',')} (age ${age(st.quorum_age * 1000)}) [leader: ${s.mons.quorum[0] ?? ''}]`,
    `    mgr: ${s.mgr.active}(active, since ${age(now - s.mgr.activeSince)})${s.mgr.standbys.length ? `, standbys: ${s.mgr.standbys.join(', ')}` : ''}`,
    '    mds: 1/1 daemons up, 1 hot standby',
    `    osd: ${osdmap.num_osds} osds: ${up} up (since ${age(now - osdmap.osd_up_since * 1000)}), ${inCount} in (since ${age(now - osdmap.osd_in_since * 1000)})${remapped}`,
  ];
  const warnFlags = [...s.flags].sort();
  if (warnFlags.length) lines.push(`         flags ${warnFlags.join(',')}`);
  const pgs = [...objectRatios(pgmap), ...pgLines(s, now)];
  lines.push(
    ' ',
    '  data:',
    '    volumes: 1/1 healthy',
    `    pools:   ${pgmap.num_pools} pools, ${pgmap.num_pgs} pgs`,
    `    objects: ${si(Number(pgmap.num_objects))} objects, ${bytes(Number(pgmap.data_bytes))}`,
    `    usage:   ${bytes(Number(pgmap.bytes_used))} used, ${bytes(Number(pgmap.bytes_avail))} / ${bytes(Number(pgmap.bytes_total))} avail`,
    `    pgs:     ${pgs[0] ?? ''}`,
    ...pgs.slice(1).map((l) => `             ${l}`),
    ' ',
    '  io:',
    `    client:   ${clientIo(s)}`,
  );
  if (typeof pgmap.recovering_bytes_per_sec === 'number') {
    lines.push(`    recovery: ${bytes(pgmap.recovering_bytes_per_sec)}/s, ${Number(pgmap.recovering_objects_per_sec)} objects/s`);
  }
  const events = Object.values(st.progress_events) as Array<{ message: string }>;
  if (events.length) lines.push(' ', '  progress:', ...events.map((e) => `    ${e.message}`));
  lines.push(' ');
  return `${lines.join('\n')}\n`;
}

/** `ceph pg stat`. */
export function textPgStat(s: SimCephState, now: number): string {
  const st = renderStatus(s, now);
  const pgmap = st.pgmap;
  const states = pgStates(s, now)
    .map((p) => `${p.count} ${p.name}`)
    .join(', ');
  const io = s.clientIo;
  const parts = [
    `${pgmap.num_pgs} pgs: ${states}`,
    `${bytes(Number(pgmap.data_bytes))} data, ${bytes(Number(pgmap.bytes_used))} used, ${bytes(Number(pgmap.bytes_avail))} / ${bytes(Number(pgmap.bytes_total))} avail`,
    `${bytes(io.readBytesSec)}/s rd, ${bytes(io.writeBytesSec)}/s wr, ${si(io.readOpSec + io.writeOpSec)} op/s`,
    ...objectRatios(pgmap),
  ];
  if (recoveryProgress(s, now) !== null && typeof pgmap.recovering_bytes_per_sec === 'number') {
    parts.push(`${bytes(pgmap.recovering_bytes_per_sec)}/s, ${Number(pgmap.recovering_objects_per_sec)} objects/s recovering`);
  }
  return `${parts.join('; ')}\n`;
}

/** `ceph df`. */
export function textDf(s: SimCephState): string {
  const df = renderDf(s);
  const t = df.stats;
  const raw = (name: string) => [
    name,
    bytes(t.total_bytes),
    bytes(t.total_avail_bytes),
    bytes(t.total_used_bytes),
    bytes(t.total_used_raw_bytes),
    percent(100 * t.total_used_raw_ratio),
  ];
  const rawTable = table(
    [
      ['CLASS', 'left'],
      ['SIZE', 'right'],
      ['AVAIL', 'right'],
      ['USED', 'right'],
      ['RAW USED', 'right'],
      ['%RAW USED', 'right'],
    ],
    [...Object.keys(df.stats_by_class).map(raw), raw('TOTAL')],
  );
  const pgNum = new Map(s.pools.map((p) => [p.id, p.pgNum]));
  const poolTable = table(
    [
      ['POOL', 'left'],
      ['ID', 'right'],
      ['PGS', 'right'],
      ['STORED', 'right'],
      ['OBJECTS', 'right'],
      ['USED', 'right'],
      ['%USED', 'right'],
      ['MAX AVAIL', 'right'],
    ],
    df.pools.map((p) => [
      p.name,
      String(p.id),
      String(pgNum.get(p.id) ?? 0),
      bytes(p.stats.stored),
      si(p.stats.objects),
      bytes(p.stats.bytes_used),
      percent(100 * p.stats.percent_used),
      bytes(p.stats.max_avail),
    ]),
  );
  return `${['--- RAW STORAGE ---', ...rawTable, ' ', '--- POOLS ---', ...poolTable].join('\n')}\n`;
}

function hostsOf(s: SimCephState): string[] {
  return [...new Set(s.osds.map((o) => o.host))];
}

const weight = (w: number) => w.toFixed(5);

/** `ceph osd tree`. */
export function textOsdTree(s: SimCephState): string {
  const rows: string[][] = [];
  const total = s.osds.reduce((n, o) => n + o.crushWeight, 0);
  rows.push(['-1', '', weight(total), 'root default', '', '', '']);
  hostsOf(s).forEach((h, i) => {
    const mine = s.osds.filter((o) => o.host === h);
    rows.push([String(-3 - 2 * i), '', weight(mine.reduce((n, o) => n + o.crushWeight, 0)), `    host ${h}`, '', '', '']);
    for (const o of mine)
      rows.push([String(o.id), o.deviceClass, weight(o.crushWeight), `        osd.${o.id}`, o.up ? 'up' : 'down', weight(o.reweight), weight(1)]);
  });
  return `${table(
    [
      ['ID', 'right'],
      ['CLASS', 'right'],
      ['WEIGHT', 'left'],
      ['TYPE NAME', 'left'],
      ['STATUS', 'right'],
      ['REWEIGHT', 'right'],
      ['PRI-AFF', 'right'],
    ],
    rows,
  ).join('\n')}\n`;
}

interface DfFigures {
  kb: number;
  kbUsed: number;
  kbData: number;
  kbOmap: number;
  kbMeta: number;
  kbAvail: number;
  util: number;
  var: number;
}

type DfNode = ReturnType<typeof renderOsdDf>['nodes'][number];

const figuresOf = (n: DfNode): DfFigures => ({
  kb: n.kb,
  kbUsed: n.kb_used,
  kbData: n.kb_used_data,
  kbOmap: n.kb_used_omap,
  kbMeta: n.kb_used_meta,
  kbAvail: n.kb_avail,
  util: n.utilization,
  var: n.var,
});

function sumFigures(nodes: DfNode[], average: number): DfFigures {
  const f = { kb: 0, kbUsed: 0, kbData: 0, kbOmap: 0, kbMeta: 0, kbAvail: 0 };
  for (const n of nodes) {
    f.kb += n.kb;
    f.kbUsed += n.kb_used;
    f.kbData += n.kb_used_data;
    f.kbOmap += n.kb_used_omap;
    f.kbMeta += n.kb_used_meta;
    f.kbAvail += n.kb_avail;
  }
  const util = f.kb ? (100 * f.kbUsed) / f.kb : 0;
  return { ...f, util, var: average ? util / average : 0 };
}

const sizeCells = (f: DfFigures) => [
  bytes(f.kb * 1024),
  bytes(f.kbUsed * 1024),
  bytes(f.kbData * 1024),
  bytes(f.kbOmap * 1024),
  bytes(f.kbMeta * 1024),
  bytes(f.kbAvail * 1024),
  percent(f.util),
];

/** `ceph osd df` and `ceph osd df tree`: the per-OSD table, a TOTAL row and the variance line. */
export function textOsdDf(s: SimCephState, tree: boolean): string {
  const df = renderOsdDf(s);
  const byId = new Map(df.nodes.map((n) => [n.id, n]));
  const osdRow = (o: SimOsd) => {
    const n = byId.get(o.id)!;
    const row = [
      String(o.id),
      o.deviceClass,
      weight(o.crushWeight),
      weight(o.reweight),
      ...sizeCells(figuresOf(n)),
      n.var.toFixed(2),
      String(n.pgs),
      o.up ? 'up' : 'down',
    ];
    return tree ? [...row, `        osd.${o.id}`] : row;
  };
  const rows: string[][] = [];
  if (tree) {
    const bucketRow = (id: number, name: string, osds: SimOsd[]) => {
      const f = sumFigures(
        osds.map((o) => byId.get(o.id)!).filter((n) => n.kb > 0),
        df.summary.average_utilization,
      );
      return [String(id), '', weight(osds.reduce((n, o) => n + o.crushWeight, 0)), '-', ...sizeCells(f), f.var.toFixed(2), '-', '', name];
    };
    rows.push(bucketRow(-1, 'root default', s.osds));
    hostsOf(s).forEach((h, i) => {
      const mine = s.osds.filter((o) => o.host === h);
      rows.push(bucketRow(-3 - 2 * i, `    host ${h}`, mine));
      for (const o of mine) rows.push(osdRow(o));
    });
  } else {
    for (const o of s.osds) rows.push(osdRow(o));
  }
  const sum = df.summary;
  const total: DfFigures = {
    kb: sum.total_kb,
    kbUsed: sum.total_kb_used,
    kbData: sum.total_kb_used_data,
    kbOmap: sum.total_kb_used_omap,
    kbMeta: sum.total_kb_used_meta,
    kbAvail: sum.total_kb_avail,
    util: sum.average_utilization,
    var: 0,
  };
  rows.push(['', '', '', 'TOTAL', ...sizeCells(total), '', '', '', ...(tree ? [''] : [])]);
  const headers: Array<[string, Align]> = [
    ['ID', 'right'],
    ['CLASS', 'right'],
    ['WEIGHT', 'right'],
    ['REWEIGHT', 'right'],
    ['SIZE', 'right'],
    ['RAW USE', 'right'],
    ['DATA', 'right'],
    ['OMAP', 'right'],
    ['META', 'right'],
    ['AVAIL', 'right'],
    ['%USE', 'right'],
    ['VAR', 'right'],
    ['PGS', 'right'],
    ['STATUS', 'right'],
  ];
  if (tree) headers.push(['TYPE NAME', 'left']);
  const lines = table(headers, rows);
  lines.push(
    `MIN/MAX VAR: ${sum.min_var.toFixed(2)}/${sum.max_var.toFixed(2)}  STDDEV: ${percent(stddev(df.nodes.filter((n) => n.kb > 0).map((n) => n.utilization)))}`,
  );
  return `${lines.join('\n')}\n`;
}

function stddev(values: number[]): number {
  if (values.length === 0) return 0;
  const mean = values.reduce((n, v) => n + v, 0) / values.length;
  return Math.sqrt(values.reduce((n, v) => n + (v - mean) ** 2, 0) / values.length);
}

/** `ceph crash ls` / `ceph crash ls-new`: the mgr module's borderless table (cells padded, two spaces after each, NEW centred). */
export function textCrashLs(crashes: SimCrash[]): string {
  const rows = crashes.map((c) => [c.meta.crash_id, c.meta.entity_name, c.archived === null ? '*' : '']);
  const widths = [0, 1, 2].map((i) => Math.max(['ID', 'ENTITY', 'NEW'][i]!.length, ...rows.map((r) => r[i]!.length)));
  const center = (text: string, width: number) => {
    const left = Math.floor((width - text.length) / 2);
    return `${' '.repeat(left)}${text}`.padEnd(width);
  };
  const line = (cells: string[]) => `${cells[0]!.padEnd(widths[0]!)}  ${cells[1]!.padEnd(widths[1]!)}  ${center(cells[2]!, widths[2]!)}  `;
  return `${[line(['ID', 'ENTITY', 'NEW']), ...rows.map(line)].join('\n')}\n`;
}
