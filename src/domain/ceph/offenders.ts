import type { CephCheck, CephCrash, CephOsd } from './types.js';

// osd.3, mon.f, mgr.a, mds.standard-rwx-a, rgw.x, client.admin — not host names like rook-ceph-mgr-a-5fb8.
const DAEMON = /(?<![\w.-])(osd\.\d+|(?:mon|mgr|mds|rgw|client|crash)\.[A-Za-z0-9][A-Za-z0-9_-]*)/g;

/** Daemon names mentioned in a text: "daemons [osd.3,osd.7] have slow ops" → osd.3, osd.7. */
export function daemonsIn(text: string): string[] {
  return [...text.matchAll(DAEMON)].map((m) => m[1]!);
}

/** Sorts osd.N numerically after the other daemon types, each group alphabetically. */
export function compareDaemons(a: string, b: string): number {
  const [ta, ia] = a.split('.', 2) as [string, string];
  const [tb, ib] = b.split('.', 2) as [string, string];
  if (ta !== tb) return ta.localeCompare(tb);
  if (ta === 'osd') return Number(ia) - Number(ib);
  return ia.localeCompare(ib);
}

/**
 * The daemons behind the failing (not muted) checks, plus every OSD that exists but is down, plus
 * the daemons whose unarchived crashes an unmuted RECENT_CRASH counts. The crashes are read apart
 * from the check's detail: when `health detail` was not read (or failed) this poll, the check has
 * only its summary ("1 daemons have recently crashed") and would otherwise name nobody.
 */
export function findOffenders(checks: readonly CephCheck[], osds: readonly CephOsd[], crashes: readonly CephCrash[] = []): string[] {
  const found = new Set<string>();
  for (const check of checks) {
    if (check.muted) continue;
    for (const text of [check.summary, ...check.details]) for (const d of daemonsIn(text)) found.add(d);
  }
  const recentCrash = checks.find((c) => c.code === 'RECENT_CRASH' && !c.muted);
  if (recentCrash) {
    // The check counts the crashes inside mgr/crash/warn_recent_interval; older unarchived ones are
    // not its offenders. Its summary says how many ("2 daemons have recently crashed"): the newest.
    const counted = Number(/^(\d+) daemons? ha(?:ve|s) recently crashed/.exec(recentCrash.summary)?.[1] ?? NaN);
    const fresh = crashes.filter((c) => !c.archived && !c.mgrModule).sort((a, b) => b.timestamp.localeCompare(a.timestamp));
    for (const c of Number.isFinite(counted) ? fresh.slice(0, counted) : fresh) for (const d of daemonsIn(c.entity)) found.add(d);
  }
  for (const osd of osds) if (!osd.up) found.add(`osd.${osd.id}`);
  return [...found].sort(compareDaemons);
}
