import { INTERNAL_FLAGS, TIB, WARNING_FLAGS, type SimCephState, type SimCrash, type SimOsd } from './state.js';

/*
 * The simulator's JSON, shaped like the real captures in shared/corpus/ceph-real (same keys, same
 * nesting) with the values of a Rook cluster on Tentacle. Pure functions of the state and the time.
 */

type Check = { severity: 'HEALTH_WARN' | 'HEALTH_ERR'; summary: { message: string; count: number }; detail: Array<{ message: string }>; muted: boolean };

/** Crashes older than this no longer raise RECENT_CRASH (mgr/crash/warn_recent_interval). */
export const RECENT_CRASH_MS = 14 * 24 * 3600_000;

export const isIn = (o: SimOsd) => o.reweight > 0;
const kbOf = (o: SimOsd) => Math.round((o.crushWeight * TIB) / 1024);

/** Recovery progress 0..1, or null when nothing recovers. */
export function recoveryProgress(s: SimCephState, now: number): number | null {
  if (!s.recovery) return null;
  const p = (now - s.recovery.startedAt) / s.recovery.durationMs;
  return p >= 1 ? null : Math.max(0, p);
}

function totalPgs(s: SimCephState): number {
  return s.pools.reduce((n, p) => n + p.pgNum, 0);
}

function downIn(s: SimCephState): SimOsd[] {
  return s.osds.filter((o) => !o.up && isIn(o));
}

/** pgs_by_state as ceph reports it, largest first. */
export function pgStates(s: SimCephState, now: number): Array<{ name: string; count: number }> {
  const total = totalPgs(s);
  const inCount = s.osds.filter(isIn).length || 1;
  const degraded = Math.min(total, Math.ceil((total * 3 * downIn(s).length) / inCount));
  const progress = recoveryProgress(s, now);
  const remapped = progress === null ? 0 : Math.max(1, Math.ceil(total * 0.13 * (1 - progress)));
  const states: Array<{ name: string; count: number }> = [];
  if (degraded > 0) states.push({ name: 'active+undersized+degraded', count: degraded });
  const rest = total - degraded;
  if (remapped > 0 && rest > 0) {
    const backfilling = Math.min(1, rest);
    const waiting = Math.min(rest - backfilling, remapped - 1);
    if (waiting > 0) states.push({ name: 'active+remapped+backfill_wait', count: waiting });
    states.push({ name: 'active+remapped+backfilling', count: backfilling });
    states.push({ name: 'active+clean', count: rest - backfilling - waiting });
  } else if (rest > 0) states.push({ name: 'active+clean', count: rest });
  return states.filter((p) => p.count > 0).sort((a, b) => b.count - a.count);
}

function objectsTotal(s: SimCephState): number {
  return s.pools.reduce((n, p) => n + p.objects, 0);
}

function copiesTotal(s: SimCephState): number {
  return s.pools.reduce((n, p) => n + p.objects * p.size, 0);
}

/** Per-OSD usage: the replicated data spread over the in OSDs by weight. */
export function osdUsage(s: SimCephState): Map<number, { kb: number; kbUsed: number; pgs: number }> {
  const inOsds = s.osds.filter(isIn);
  const weightSum = inOsds.reduce((n, o) => n + o.crushWeight * o.reweight, 0) || 1;
  const raw = s.pools.reduce((n, p) => n + p.storedBytes * p.size, 0);
  const pgCopies = s.pools.reduce((n, p) => n + p.pgNum * p.size, 0);
  const out = new Map<number, { kb: number; kbUsed: number; pgs: number }>();
  for (const o of s.osds) {
    if (!isIn(o)) {
      out.set(o.id, { kb: 0, kbUsed: 0, pgs: 0 });
      continue;
    }
    const share = (o.crushWeight * o.reweight) / weightSum;
    // ~1.6 % of each device goes to BlueFS/RocksDB before any data lands.
    const kb = kbOf(o);
    out.set(o.id, { kb, kbUsed: Math.min(kb, Math.round((raw * share) / 1024 + kb * 0.016)), pgs: Math.round(pgCopies * share) });
  }
  return out;
}

function usageTotals(s: SimCephState) {
  let kb = 0;
  let used = 0;
  for (const u of osdUsage(s).values()) {
    kb += u.kb;
    used += u.kbUsed;
  }
  return { total: kb * 1024, used: used * 1024, avail: (kb - used) * 1024 };
}

function check(severity: Check['severity'], message: string, count: number, detail: string[] = []): Check {
  return { severity, summary: { message, count }, detail: detail.map((m) => ({ message: m })), muted: false };
}

function crashLine(c: SimCrash): string {
  const m = c.meta;
  if (typeof m.mgr_module === 'string') {
    return `mgr module ${m.mgr_module} crashed in daemon ${m.entity_name} on host ${String(m.utsname_hostname)} at ${m.timestamp}`;
  }
  return `${m.entity_name} crashed on host ${String(m.utsname_hostname)} at ${m.timestamp}`;
}

/** The health checks the state raises, in ceph's shape (with detail lines). */
export function healthChecks(s: SimCephState, now: number): Record<string, Check> {
  const checks: Record<string, Check> = {};
  const failed = s.mgr.failedModules;
  if (failed.length === 1) {
    const msg = `Module '${failed[0]!.module}' has failed: ${failed[0]!.error}`;
    checks.MGR_MODULE_ERROR = check('HEALTH_ERR', msg, 1, [msg]);
  } else if (failed.length > 1) {
    checks.MGR_MODULE_ERROR = check(
      'HEALTH_ERR',
      `${failed.length} mgr modules have failed`,
      failed.length,
      failed.map((f) => `Module '${f.module}' has failed: ${f.error}`),
    );
  }
  const recent = s.crashes.filter((c) => c.archived === null && now - Date.parse(c.meta.timestamp) < RECENT_CRASH_MS);
  const daemon = recent.filter((c) => typeof c.meta.mgr_module !== 'string');
  const module = recent.filter((c) => typeof c.meta.mgr_module === 'string');
  if (module.length > 0)
    checks.RECENT_MGR_MODULE_CRASH = check('HEALTH_WARN', `${module.length} mgr modules have recently crashed`, module.length, module.map(crashLine));
  if (daemon.length > 0) checks.RECENT_CRASH = check('HEALTH_WARN', `${daemon.length} daemons have recently crashed`, daemon.length, daemon.map(crashLine));

  const warnFlags = [...s.flags].filter((f) => WARNING_FLAGS.has(f)).sort();
  if (warnFlags.length > 0) {
    // ceph's count here is the number of all flags, internal ones included (corpus README).
    checks.OSDMAP_FLAGS = check('HEALTH_WARN', `${warnFlags.join(',')} flag(s) set`, s.flags.size + INTERNAL_FLAGS.length, []);
  }
  const down = downIn(s);
  if (down.length > 0) {
    checks.OSD_DOWN = check(
      'HEALTH_WARN',
      `${down.length} osds down`,
      down.length,
      down.map((o) => `osd.${o.id} (root=default,host=${o.host}) is down`),
    );
    const hostsDown = [...new Set(down.map((o) => o.host))].filter((h) => s.osds.filter((o) => o.host === h).every((o) => !o.up));
    if (hostsDown.length > 0) {
      const n = s.osds.filter((o) => hostsDown.includes(o.host)).length;
      checks.OSD_HOST_DOWN = check(
        'HEALTH_WARN',
        `${hostsDown.length} host (${n} osds) down`,
        hostsDown.length,
        hostsDown.map((h) => `host ${h} (root=default) (${s.osds.filter((o) => o.host === h).length} osds) is down`),
      );
    }
    const degradedPgs = pgStates(s, now).find((p) => p.name.includes('degraded'))?.count ?? 0;
    const total = copiesTotal(s);
    const degradedObjects = Math.round((total * down.length) / Math.max(1, s.osds.filter(isIn).length));
    checks.PG_DEGRADED = check(
      'HEALTH_WARN',
      `Degraded data redundancy: ${degradedObjects}/${total} objects degraded (${((100 * degradedObjects) / total).toFixed(3)}%), ${degradedPgs} pgs degraded`,
      degradedPgs,
      Array.from(
        { length: Math.min(degradedPgs, 5) },
        (_, i) => `pg 1.${i.toString(16)} is active+undersized+degraded, acting [${down[0]!.id === 0 ? 1 : 0},${down[0]!.id === 2 ? 1 : 2}]`,
      ),
    );
  }
  const slow = s.osds.filter((o) => o.slowOps > 0 && o.up);
  if (slow.length > 0) {
    const ops = slow.reduce((n, o) => n + o.slowOps, 0);
    const oldest = Math.round((now - Math.min(...slow.map((o) => o.slowSince ?? now))) / 1000);
    checks.SLOW_OPS = check(
      'HEALTH_WARN',
      `${ops} slow ops, oldest one blocked for ${oldest} sec, daemons [${slow.map((o) => `osd.${o.id}`).join(',')}] have slow ops.`,
      ops,
    );
    checks.BLUESTORE_SLOW_OP_ALERT = check(
      'HEALTH_WARN',
      `${slow.length} OSD(s) experiencing slow operations in BlueStore`,
      slow.length,
      slow.map((o) => `osd.${o.id} observed slow operation indications in BlueStore`),
    );
  }
  const stalled = s.osds.filter((o) => o.stalledRead && o.up);
  if (stalled.length > 0) {
    checks.DB_DEVICE_STALLED_READ_ALERT = check(
      'HEALTH_WARN',
      `${stalled.length} OSD(s) experiencing stalled read in db device of BlueFS`,
      stalled.length,
      stalled.map((o) => `osd.${o.id} observed stalled read indications in DB device`),
    );
  }
  return checks;
}

export function healthStatus(checks: Record<string, Check>): string {
  const sev = Object.values(checks).map((c) => c.severity);
  return sev.includes('HEALTH_ERR') ? 'HEALTH_ERR' : sev.length > 0 ? 'HEALTH_WARN' : 'HEALTH_OK';
}

/** `health` (no detail lines) or `health detail`. */
export function renderHealth(s: SimCephState, now: number, detail: boolean) {
  const checks = healthChecks(s, now);
  const out: Record<string, unknown> = {};
  for (const [code, c] of Object.entries(checks)) {
    out[code] = detail ? c : { severity: c.severity, summary: c.summary, muted: c.muted };
  }
  return { status: healthStatus(checks), checks: out, mutes: [] };
}

function recoveryBar(p: number): string {
  const width = 28;
  const done = Math.round(p * width);
  return `[${'='.repeat(done)}${'.'.repeat(width - done)}]`;
}

export function renderStatus(s: SimCephState, now: number) {
  const health = renderHealth(s, now, false);
  const states = pgStates(s, now);
  const t = usageTotals(s);
  const progress = recoveryProgress(s, now);
  const inOsds = s.osds.filter(isIn);
  const pgmap: Record<string, unknown> = {
    pgs_by_state: states.map((p) => ({ state_name: p.name, count: p.count })),
    num_pgs: totalPgs(s),
    num_pools: s.pools.length,
    num_objects: objectsTotal(s),
    data_bytes: s.pools.reduce((n, p) => n + p.storedBytes, 0),
    bytes_used: t.used,
    bytes_avail: t.avail,
    bytes_total: t.total,
    read_bytes_sec: s.clientIo.readBytesSec,
    write_bytes_sec: s.clientIo.writeBytesSec,
    read_op_per_sec: s.clientIo.readOpSec,
    write_op_per_sec: s.clientIo.writeOpSec,
  };
  const degraded = health.checks.PG_DEGRADED as { summary: { message: string } } | undefined;
  if (degraded) {
    const m = /(\d+)\/(\d+) objects degraded/.exec(degraded.summary.message)!;
    Object.assign(pgmap, { degraded_objects: Number(m[1]), degraded_total: Number(m[2]), degraded_ratio: Number(m[1]) / Number(m[2]) });
  }
  const progressEvents: Record<string, unknown> = {};
  if (progress !== null && s.recovery) {
    const misplaced = Math.round(s.recovery.misplacedTotal * (1 - progress));
    const total = copiesTotal(s);
    Object.assign(pgmap, {
      misplaced_objects: misplaced,
      misplaced_total: total,
      misplaced_ratio: misplaced / total,
      recovering_objects_per_sec: 1,
      recovering_bytes_per_sec: 5 * 1024 * 1024,
    });
    const ageMin = Math.max(1, Math.round((now - s.recovery.startedAt) / 60_000));
    const remaining = Math.max(1, Math.round((s.recovery.durationMs * (1 - progress)) / 1000));
    progressEvents['7c9a3d52-1f0e-4b8a-9e61-3d2f8a4b5c10'] = {
      message: `Global Recovery Event (${ageMin}m)\n      ${recoveryBar(progress)} (remaining: ${remaining}s)`,
      progress,
      add_to_ceph_s: true,
    };
  }
  return {
    fsid: s.fsid,
    health,
    election_epoch: 412,
    quorum: s.mons.quorum.map((n) => s.mons.names.indexOf(n)),
    quorum_names: s.mons.quorum,
    quorum_age: 21_600,
    monmap: { epoch: 19, min_mon_release_name: s.releaseName, num_mons: s.mons.names.length },
    osdmap: {
      epoch: s.epoch,
      num_osds: s.osds.length,
      num_up_osds: s.osds.filter((o) => o.up).length,
      osd_up_since: Math.floor(now / 1000) - 21_600,
      num_in_osds: inOsds.length,
      osd_in_since: Math.floor(now / 1000) - 1_209_600,
      num_remapped_pgs: states.filter((p) => p.name.includes('remapped')).reduce((n, p) => n + p.count, 0),
    },
    pgmap,
    fsmap: {
      epoch: 88,
      btime: new Date(now - 86_400_000).toISOString(),
      id: 1,
      up: 1,
      in: 1,
      max: 1,
      by_rank: [{ filesystem_id: 1, rank: 0, name: 'standard-rwx-a', status: 'up:active', gid: 1243 }],
      'up:standby': 1,
    },
    mgrmap: {
      available: true,
      num_standbys: s.mgr.standbys.length,
      modules: s.mgr.modules,
      services: { dashboard: 'http://10.0.5.88:7000/', prometheus: 'http://10.0.5.88:9283/' },
    },
    servicemap: { epoch: 3021, modified: new Date(now - 3_600_000).toISOString().replace('Z', '+0000'), services: {} },
    progress_events: progressEvents,
  };
}

/** The fields `osd tree` and `osd df` both give an OSD node, in their order. */
function osdNodeBase(o: SimOsd) {
  return {
    id: o.id,
    device_class: o.deviceClass,
    name: `osd.${o.id}`,
    type: 'osd',
    type_id: 0,
    crush_weight: o.crushWeight,
    depth: 2,
    pool_weights: {},
  };
}

function osdTreeNode(o: SimOsd) {
  return {
    ...osdNodeBase(o),
    exists: 1,
    status: o.up ? 'up' : 'down',
    reweight: o.reweight,
    primary_affinity: 1,
  };
}

function hosts(s: SimCephState): string[] {
  return [...new Set(s.osds.map((o) => o.host))];
}

const hostId = (i: number) => -3 - 2 * i;

export function renderOsdTree(s: SimCephState) {
  const hs = hosts(s);
  const nodes: unknown[] = [{ id: -1, name: 'default', type: 'root', type_id: 11, children: hs.map((_, i) => hostId(i)).reverse() }];
  hs.forEach((h, i) => {
    const mine = s.osds.filter((o) => o.host === h);
    nodes.push({ id: hostId(i), name: h, type: 'host', type_id: 1, pool_weights: {}, children: mine.map((o) => o.id).reverse() });
    for (const o of mine) nodes.push(osdTreeNode(o));
  });
  return { nodes, stray: [] };
}

export function renderOsdDf(s: SimCephState) {
  const usage = osdUsage(s);
  const inUse = s.osds.filter(isIn).map((o) => usage.get(o.id)!);
  const totalKb = inUse.reduce((n, u) => n + u.kb, 0);
  const totalUsed = inUse.reduce((n, u) => n + u.kbUsed, 0);
  const avg = totalKb ? (100 * totalUsed) / totalKb : 0;
  const vars: number[] = [];
  const nodes = s.osds.map((o) => {
    const u = usage.get(o.id)!;
    const util = u.kb ? (100 * u.kbUsed) / u.kb : 0;
    const v = u.kb && avg ? util / avg : 0;
    if (u.kb) vars.push(v);
    return {
      ...osdNodeBase(o),
      reweight: o.reweight,
      kb: u.kb,
      kb_used: u.kbUsed,
      kb_used_data: Math.round(u.kbUsed * 0.98),
      kb_used_omap: Math.round(u.kbUsed * 0.001),
      kb_used_meta: Math.round(u.kbUsed * 0.019),
      kb_avail: u.kb - u.kbUsed,
      utilization: util,
      var: v,
      pgs: u.pgs,
      status: o.up ? 'up' : 'down',
    };
  });
  return {
    nodes,
    stray: [],
    summary: {
      total_kb: totalKb,
      total_kb_used: totalUsed,
      total_kb_used_data: Math.round(totalUsed * 0.98),
      total_kb_used_omap: Math.round(totalUsed * 0.001),
      total_kb_used_meta: Math.round(totalUsed * 0.019),
      total_kb_avail: totalKb - totalUsed,
      average_utilization: avg,
      min_var: vars.length ? Math.min(...vars) : 0,
      max_var: vars.length ? Math.max(...vars) : 0,
      dev: 0,
    },
  };
}

/** `osd df tree`: the `osd df` figures with the CRUSH buckets (summed, with children) before their OSDs, depth-first. */
export function renderOsdDfTree(s: SimCephState) {
  const df = renderOsdDf(s);
  const byId = new Map(df.nodes.map((n) => [n.id, n]));
  const avg = df.summary.average_utilization;
  const bucket = (id: number, name: string, type: 'root' | 'host', children: number[], osds: SimOsd[], depth: number) => {
    const inUse = osds.map((o) => byId.get(o.id)!).filter((n) => n.kb > 0);
    const sum = (k: 'kb' | 'kb_used' | 'kb_used_data' | 'kb_used_omap' | 'kb_used_meta' | 'kb_avail') => inUse.reduce((n, x) => n + x[k], 0);
    const kb = sum('kb');
    const util = kb ? (100 * sum('kb_used')) / kb : 0;
    return {
      id,
      name,
      type,
      type_id: type === 'root' ? 11 : 1,
      reweight: -1,
      kb,
      kb_used: sum('kb_used'),
      kb_used_data: sum('kb_used_data'),
      kb_used_omap: sum('kb_used_omap'),
      kb_used_meta: sum('kb_used_meta'),
      kb_avail: sum('kb_avail'),
      utilization: util,
      var: avg ? util / avg : 0,
      pgs: 0,
      children,
      depth,
    };
  };
  const hs = hosts(s);
  const nodes: unknown[] = [bucket(-1, 'default', 'root', hs.map((_, i) => hostId(i)).reverse(), s.osds, 0)];
  hs.forEach((h, i) => {
    const mine = s.osds.filter((o) => o.host === h);
    nodes.push(bucket(hostId(i), h, 'host', mine.map((o) => o.id).reverse(), mine, 1));
    for (const o of mine) nodes.push(byId.get(o.id)!);
  });
  return { nodes, stray: [], summary: df.summary };
}

export function renderDf(s: SimCephState) {
  const t = usageTotals(s);
  const ratio = t.total ? t.used / t.total : 0;
  const stats = { total_bytes: t.total, total_avail_bytes: t.avail, total_used_bytes: t.used, total_used_raw_bytes: t.used, total_used_raw_ratio: ratio };
  return {
    stats: { ...stats, num_osds: s.osds.length, num_per_pool_osds: s.osds.length, num_per_pool_omap_osds: s.osds.length },
    stats_by_class: { ssd: stats },
    pools: s.pools.map((p) => {
      const used = p.storedBytes * p.size;
      const maxAvail = Math.floor(t.avail / p.size / 1.05);
      return {
        name: p.name,
        id: p.id,
        stats: {
          stored: p.storedBytes,
          objects: p.objects,
          kb_used: Math.round(used / 1024),
          bytes_used: used,
          percent_used: used / (used + maxAvail),
          max_avail: maxAvail,
        },
      };
    }),
  };
}

export function renderPgStat(s: SimCephState, now: number) {
  const status = renderStatus(s, now);
  const pgmap = status.pgmap as Record<string, number | unknown>;
  const summary: Record<string, unknown> = {
    num_pg_by_state: pgStates(s, now).map((p) => ({ name: p.name, num: p.count })),
    num_pgs: pgmap.num_pgs,
    num_bytes: pgmap.data_bytes,
    total_bytes: pgmap.bytes_total,
    total_avail_bytes: pgmap.bytes_avail,
    total_used_bytes: pgmap.bytes_used,
    total_used_raw_bytes: pgmap.bytes_used,
  };
  for (const k of ['degraded_objects', 'degraded_total', 'degraded_ratio', 'misplaced_objects', 'misplaced_total', 'misplaced_ratio']) {
    if (k in pgmap) summary[k] = pgmap[k];
  }
  return { pg_ready: true, pg_summary: summary };
}

export function renderOsdDump(s: SimCephState) {
  const all = [...s.flags, ...INTERNAL_FLAGS];
  const flagOrder = [
    'pauserd',
    'pausewr',
    'noup',
    'nodown',
    'noout',
    'noin',
    'nobackfill',
    'norebalance',
    'norecover',
    'noscrub',
    'nodeep-scrub',
    'notieragent',
    'nosnaptrim',
    'full',
    'pause',
    ...INTERNAL_FLAGS,
  ];
  const ordered = flagOrder.filter((f) => all.includes(f));
  return {
    epoch: s.epoch,
    fsid: s.fsid,
    flags: ordered.join(','),
    flags_set: [...ordered].sort(),
    crush_version: 42,
    full_ratio: 0.95,
    backfillfull_ratio: 0.9,
    nearfull_ratio: 0.85,
    max_osd: Math.max(-1, ...s.osds.map((o) => o.id)) + 1,
    require_osd_release: s.releaseName,
    pools: s.pools.map((p) => ({ pool: p.id, pool_name: p.name, size: p.size, min_size: Math.max(1, p.size - 1), pg_num: p.pgNum, pg_autoscale_mode: 'on' })),
    osds: s.osds.map((o) => ({
      osd: o.id,
      up: o.up ? 1 : 0,
      in: isIn(o) ? 1 : 0,
      weight: o.reweight,
      primary_affinity: 1,
      state: o.up ? ['exists', 'up'] : ['exists'],
    })),
  };
}

export function renderVersions(s: SimCephState) {
  const v = `ceph version ${s.version} (${s.versionHash}) ${s.releaseName} (stable)`;
  const mon = s.mons.names.length;
  const mgr = 1 + s.mgr.standbys.length;
  const osd = s.osds.filter((o) => o.up).length;
  return { mon: { [v]: mon }, mgr: { [v]: mgr }, osd: { [v]: osd }, mds: { [v]: 2 }, overall: { [v]: mon + mgr + osd + 2 } };
}

export function renderMgrStat(s: SimCephState) {
  return { epoch: 311, available: true, active_name: s.mgr.active, num_standby: s.mgr.standbys.length };
}

/** A crash entry as `crash ls` / `crash info` print it (keys sorted, like the mgr's json.dumps). */
export function renderCrash(c: SimCrash): Record<string, unknown> {
  const entry: Record<string, unknown> = { ...c.meta };
  if (c.archived) entry.archived = c.archived;
  return Object.fromEntries(Object.entries(entry).sort(([a], [b]) => a.localeCompare(b)));
}
