import type { CephSummary } from './types.js';

const SEVERITY: Record<string, string> = { HEALTH_ERR: 'ERR', HEALTH_WARN: 'WRN' };

/** 1.2 TiB, 930 GiB, 37 MiB: the units `ceph df` uses. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v >= 100 || i === 0 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

const num = (n: number | null, digits: number) => (n === null ? '-' : n.toFixed(digits));

function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

/** The human view of `homelab-console ceph`: headline, checks with details, OSDs, crashes. */
export function formatCephSummary(s: CephSummary, source: string | null, { maxDetails = 5 }: { maxDetails?: number } = {}): string {
  const out: string[] = [];
  out.push(`Ceph ${s.health}${s.version ? `  ${s.version}` : ''}${source ? `  (${source})` : ''}`);
  if (s.error) out.push(`  error: ${s.error}`);
  const mons = s.mons.total !== null ? `${s.mons.quorum.length}/${s.mons.total}` : `${s.mons.quorum.length}`;
  out.push(
    `  mons ${mons} in quorum${s.mons.quorum.length ? ` (${s.mons.quorum.join(',')})` : ''}` +
      `   mgr ${s.mgr.active ?? '?'}${s.mgr.standbys ? ` (+${s.mgr.standbys} standby)` : ''}` +
      `   OSDs ${s.osds.total} total, ${s.osds.up} up, ${s.osds.in} in` +
      `   flags ${s.flags.length ? s.flags.join(',') : 'none'}`,
  );
  const pct = s.usage.usedPercent === null ? '' : ` (${s.usage.usedPercent.toFixed(1)}%)`;
  out.push(`  usage ${formatBytes(s.usage.usedBytes)} used of ${formatBytes(s.usage.totalBytes)}${pct}, ${formatBytes(s.usage.availBytes)} avail`);
  if (s.pgs.total !== null || s.pgs.states.length) {
    out.push(`  PGs ${s.pgs.total ?? '?'}: ${s.pgs.states.map((p) => `${p.count} ${p.name}`).join(', ') || 'none'}`);
  }
  for (const p of s.progress ?? []) out.push(`  progress ${p.message}${p.progress !== null ? ` ${Math.round(p.progress * 100)}%` : ''}`);
  if (s.io && (s.io.recoveringBytesPerSec || s.io.recoveringObjectsPerSec)) {
    out.push(`  recovery ${formatBytes(s.io.recoveringBytesPerSec)}/s, ${s.io.recoveringObjectsPerSec} objects/s`);
  }
  out.push(`  crashes ${s.crashes.new} new of ${s.crashes.total}`);
  if (s.offenders.length) out.push(`  offenders ${s.offenders.join(' ')}`);
  for (const e of s.readErrors ?? []) out.push(`  not read: ${e}`);

  if (s.checks.length) {
    out.push('', 'CHECKS');
    for (const c of s.checks) {
      out.push(`  ${SEVERITY[c.severity] ?? c.severity} ${c.code}: ${c.summary}${c.muted ? ' (muted)' : ''}`);
      for (const d of c.details.slice(0, maxDetails)) out.push(`      ${d}`);
      if (c.details.length > maxDetails) out.push(`      … ${c.details.length - maxDetails} more`);
    }
  }
  if (s.osds.list.length) {
    out.push('', 'OSDS');
    const rows = [['ID', 'HOST', 'CLASS', 'STATUS', 'WEIGHT', 'REWEIGHT', 'USE%', 'PGS']];
    for (const o of s.osds.list) {
      rows.push([
        `osd.${o.id}`,
        o.host ?? '-',
        o.deviceClass ?? '-',
        `${o.up ? 'up' : 'down'},${o.in ? 'in' : 'out'}`,
        num(o.weight, 4),
        num(o.reweight, 3),
        num(o.utilization, 1),
        o.pgs === null ? '-' : String(o.pgs),
      ]);
    }
    out.push(...table(rows).map((l) => `  ${l}`));
  }
  const fresh = s.crashes.recent.filter((c) => !c.archived);
  if (fresh.length) {
    out.push('', 'NEW CRASHES');
    for (const c of fresh) out.push(`  ${c.timestamp}  ${c.entity}${c.mgrModule ? ` (module ${c.mgrModule})` : ''}  ${c.id}`);
  }
  return out.join('\n') + '\n';
}
