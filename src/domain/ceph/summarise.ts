import type { CephHealthInput } from '../health/types.js';
import { findOffenders } from './offenders.js';
import type {
  CrashJson,
  DfJson,
  HealthCheckJson,
  HealthJson,
  MgrStatJson,
  OsdDfJson,
  OsdDumpJson,
  OsdTreeJson,
  PgStatJson,
  StatusJson,
  VersionsJson,
} from './schemas.js';
import type { CephCheck, CephCrash, CephHealth, CephOsd, CephSummary } from './types.js';

/** What one poll read; only `status` is required, the rest fills in detail when it was read. */
export interface CephReadings {
  status: StatusJson;
  healthDetail?: HealthJson | null;
  osdTree?: OsdTreeJson | null;
  osdDf?: OsdDfJson | null;
  osdDump?: OsdDumpJson | null;
  df?: DfJson | null;
  pgStat?: PgStatJson | null;
  crashes?: CrashJson[] | null;
  mgrStat?: MgrStatJson | null;
  versions?: VersionsJson | null;
  readErrors?: string[];
}

/** Flags every modern cluster carries; they say nothing to an operator. */
const INTERNAL_FLAGS = new Set(['sortbitwise', 'recovery_deletes', 'purged_snapdirs', 'pglog_hardlimit', 'require_jewel_osds', 'require_kraken_osds']);

/** How many crashes (new first, then the latest archived) the summary carries. */
export const RECENT_CRASHES = 20;

const HEALTHS: readonly CephHealth[] = ['HEALTH_OK', 'HEALTH_WARN', 'HEALTH_ERR'];

export function toCephHealth(status: string | undefined): CephHealth {
  return HEALTHS.find((h) => h === status) ?? 'UNKNOWN';
}

function severityRank(severity: string): number {
  return severity === 'HEALTH_ERR' ? 0 : severity === 'HEALTH_WARN' ? 1 : 2;
}

function toChecks(checks: Record<string, HealthCheckJson>): CephCheck[] {
  return Object.entries(checks)
    .map(([code, c]) => ({
      code,
      severity: c.severity,
      summary: c.summary.message,
      details: (c.detail ?? []).map((d) => d.message),
      muted: c.muted ?? false,
    }))
    .sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.code.localeCompare(b.code));
}

function toOsds(r: CephReadings): CephOsd[] {
  const byId = new Map<number, CephOsd>();
  const blank = (id: number): CephOsd => ({
    id,
    host: null,
    up: false,
    in: false,
    weight: null,
    reweight: null,
    utilization: null,
    pgs: null,
    deviceClass: null,
  });
  const get = (id: number) => byId.get(id) ?? byId.set(id, blank(id)).get(id)!;

  if (r.osdTree) {
    const parent = new Map<number, string>();
    for (const n of r.osdTree.nodes) {
      if (n.type === 'host') for (const c of n.children ?? []) parent.set(c, n.name);
    }
    for (const n of r.osdTree.nodes) {
      if (n.type !== 'osd' || n.id < 0 || n.exists === 0) continue;
      const o = get(n.id);
      o.host = parent.get(n.id) ?? null;
      o.up = n.status === 'up';
      o.reweight = n.reweight ?? null;
      o.in = (n.reweight ?? 0) > 0;
      o.weight = n.crush_weight ?? null;
      o.deviceClass = n.device_class ?? null;
    }
  }
  if (r.osdDf) {
    for (const n of r.osdDf.nodes) {
      if (n.id < 0 || (n.type !== undefined && n.type !== 'osd')) continue;
      const known = byId.has(n.id);
      const o = get(n.id);
      o.utilization = n.utilization ?? null;
      o.pgs = n.pgs ?? null;
      if (!known) {
        o.up = n.status === 'up';
        o.reweight = n.reweight ?? null;
        o.in = (n.reweight ?? 0) > 0;
        o.weight = n.crush_weight ?? null;
        o.deviceClass = n.device_class ?? null;
      }
    }
  }
  // The osdmap itself is the authority on up/in; tree and df are mgr/mon renderings of it.
  if (r.osdDump) {
    for (const d of r.osdDump.osds) {
      if (d.state && !d.state.includes('exists')) continue;
      const o = get(d.osd);
      o.up = d.up === 1;
      o.in = d.in === 1;
      if (d.weight !== undefined) o.reweight = d.weight;
    }
  }
  return [...byId.values()].sort((a, b) => a.id - b.id);
}

function toFlags(r: CephReadings, checks: CephCheck[]): string[] {
  let flags: string[];
  if (r.osdDump) flags = r.osdDump.flags_set ?? r.osdDump.flags.split(',');
  else {
    // Without an osd dump, OSDMAP_FLAGS says "noout,norebalance flag(s) set".
    const check = checks.find((c) => c.code === 'OSDMAP_FLAGS');
    const m = check?.summary.match(/^([\w,-]+) flag\(s\) set/);
    flags = m ? m[1]!.split(',') : [];
  }
  return [...new Set(flags.map((f) => f.trim()).filter((f) => f && !INTERNAL_FLAGS.has(f)))].sort();
}

function toCrashes(r: CephReadings, checks: Record<string, HealthCheckJson>): CephSummary['crashes'] {
  if (!r.crashes) {
    const n = (checks.RECENT_CRASH?.summary.count ?? 0) + (checks.RECENT_MGR_MODULE_CRASH?.summary.count ?? 0);
    return { new: n, total: n, recent: [] };
  }
  const all: CephCrash[] = r.crashes.map((c) => ({
    id: c.crash_id,
    entity: c.entity_name,
    timestamp: c.timestamp,
    archived: c.archived !== undefined,
    mgrModule: c.mgr_module ?? null,
    host: c.utsname_hostname ?? null,
  }));
  const byTimeDesc = (a: CephCrash, b: CephCrash) => b.timestamp.localeCompare(a.timestamp);
  const fresh = all.filter((c) => !c.archived).sort(byTimeDesc);
  const archived = all.filter((c) => c.archived).sort(byTimeDesc);
  return {
    new: fresh.length,
    total: all.length,
    recent: [...fresh, ...archived.slice(0, Math.max(0, RECENT_CRASHES - fresh.length))],
  };
}

/** "ceph version 16.2.15 (618f…) pacific (stable)" → "16.2.15 pacific". */
function shortVersion(v: string): string {
  const m = v.match(/ceph version (\S+) \([0-9a-f]+\) (\w+)/);
  return m ? `${m[1]} ${m[2]}` : v;
}

function toVersion(versions: VersionsJson | null | undefined): string | null {
  const overall = versions?.overall;
  if (!overall) return null;
  const names = Object.entries(overall)
    .sort((a, b) => b[1] - a[1])
    .map(([v]) => shortVersion(v));
  if (names.length === 0) return null;
  return names.length === 1 ? names[0]! : `mixed: ${names.join(', ')}`;
}

const pct = (ratio: number | undefined | null) => (ratio === undefined || ratio === null ? null : ratio * 100);

/** The Ceph pane's model and the `ceph --json` output, from whatever one poll managed to read. */
export function summariseCeph(r: CephReadings): CephSummary {
  const s = r.status;
  const rawChecks = r.healthDetail?.checks ?? s.health.checks;
  const checks = toChecks(rawChecks);
  const osdList = toOsds(r);
  const om = s.osdmap;
  const pgm = s.pgmap;

  const totalBytes = r.df?.stats.total_bytes ?? pgm?.bytes_total ?? null;
  const availBytes = r.df?.stats.total_avail_bytes ?? pgm?.bytes_avail ?? null;
  const usedBytes = r.df?.stats.total_used_raw_bytes ?? r.df?.stats.total_used_bytes ?? pgm?.bytes_used ?? null;
  const usedPercent =
    r.df?.stats.total_used_raw_ratio !== undefined
      ? r.df.stats.total_used_raw_ratio * 100
      : totalBytes && usedBytes !== null
        ? (usedBytes / totalBytes) * 100
        : null;

  const pgStates = r.pgStat
    ? r.pgStat.num_pg_by_state.map((p) => ({ name: p.name, count: p.num }))
    : (pgm?.pgs_by_state ?? []).map((p) => ({ name: p.state_name, count: p.count }));
  pgStates.sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));

  const crashes = toCrashes(r, rawChecks);
  const summary: CephSummary = {
    health: toCephHealth(r.healthDetail?.status ?? s.health.status),
    checks,
    osds: {
      total: om?.num_osds ?? osdList.length,
      up: om?.num_up_osds ?? osdList.filter((o) => o.up).length,
      in: om?.num_in_osds ?? osdList.filter((o) => o.in).length,
      list: osdList,
    },
    flags: toFlags(r, checks),
    usage: { totalBytes, usedBytes, availBytes, usedPercent },
    pgs: {
      total: r.pgStat?.num_pgs ?? pgm?.num_pgs ?? null,
      states: pgStates,
      degradedRatio: r.pgStat?.degraded_ratio ?? pgm?.degraded_ratio ?? null,
      misplacedRatio: r.pgStat?.misplaced_ratio ?? pgm?.misplaced_ratio ?? null,
    },
    crashes,
    mons: {
      quorum: s.quorum_names,
      total: s.monmap?.num_mons ?? s.monmap?.mons?.length ?? null,
    },
    mgr: {
      active: r.mgrStat?.active_name ?? s.mgrmap?.active_name ?? null,
      standbys: r.mgrStat?.num_standby ?? s.mgrmap?.num_standbys ?? s.mgrmap?.standbys?.length ?? null,
    },
    offenders: findOffenders(checks, osdList, crashes.recent),
    version: toVersion(r.versions),
    fsid: s.fsid ?? null,
    io: pgm
      ? {
          readBytesPerSec: pgm.read_bytes_sec ?? 0,
          writeBytesPerSec: pgm.write_bytes_sec ?? 0,
          readOpsPerSec: pgm.read_op_per_sec ?? 0,
          writeOpsPerSec: pgm.write_op_per_sec ?? 0,
          recoveringBytesPerSec: pgm.recovering_bytes_per_sec ?? 0,
          recoveringObjectsPerSec: pgm.recovering_objects_per_sec ?? 0,
        }
      : null,
    progress: Object.values(s.progress_events).map((e) => ({
      // The message carries its own progress bar on newer releases; keep the words only.
      message: e.message.split('\n')[0]!.trim(),
      progress: e.progress ?? null,
    })),
    pools: (r.df?.pools ?? []).map((p) => ({
      id: p.id,
      name: p.name,
      storedBytes: p.stats.stored ?? null,
      usedBytes: p.stats.bytes_used ?? null,
      objects: p.stats.objects ?? null,
      percentUsed: pct(p.stats.percent_used),
      maxAvailBytes: p.stats.max_avail ?? null,
    })),
  };
  if (r.readErrors && r.readErrors.length > 0) summary.readErrors = [...r.readErrors];
  return summary;
}

/** A summary for when ceph could not be read at all: UNKNOWN, with the reason in one line. */
export function unknownCephSummary(error: string, last?: CephSummary | null): CephSummary {
  const base: CephSummary = last ?? {
    health: 'UNKNOWN',
    checks: [],
    osds: { total: 0, up: 0, in: 0, list: [] },
    flags: [],
    usage: { totalBytes: null, usedBytes: null, availBytes: null, usedPercent: null },
    pgs: { total: null, states: [] },
    crashes: { new: 0, total: 0, recent: [] },
    mons: { quorum: [], total: null },
    mgr: { active: null, standbys: null },
    offenders: [],
    version: null,
  };
  return { ...base, health: 'UNKNOWN', error };
}

/**
 * The System layer's Ceph input. Anything but a live, error-free summary is UNKNOWN, so a stale
 * GREEN can never outlive the source it came from.
 */
export function toCephHealthInput(summary: CephSummary | null, opts: { live?: boolean; error?: string } = {}): CephHealthInput {
  const live = opts.live ?? true;
  const error = opts.error ?? summary?.error;
  if (!summary || !live || error) {
    return { health: 'UNKNOWN', checks: [], error: error ?? (summary ? 'ceph data is not live' : 'ceph not read yet') };
  }
  return {
    health: summary.health,
    checks: summary.checks.filter((c) => !c.muted).map((c) => ({ code: c.code, severity: c.severity, summary: c.summary })),
  };
}
