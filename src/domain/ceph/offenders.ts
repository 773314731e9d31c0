import type { CephCheck, CephOsd } from './types.js';

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

/** The daemons behind the failing (not muted) checks, plus every OSD that exists but is down. */
export function findOffenders(checks: readonly CephCheck[], osds: readonly CephOsd[]): string[] {
  const found = new Set<string>();
  for (const check of checks) {
    if (check.muted) continue;
    for (const text of [check.summary, ...check.details]) for (const d of daemonsIn(text)) found.add(d);
  }
  for (const osd of osds) if (!osd.up) found.add(`osd.${osd.id}`);
  return [...found].sort(compareDaemons);
}
