import type { CephSummary } from '../domain/ceph/types.js';
import type { Row } from '../ui/rows.js';
import { cephLook, layerLook, type Theme } from '../ui/theme.js';

function bytes(n: number | null): string {
  if (n === null) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return `${v < 10 && u > 0 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

function line(key: string, segments: Row['segments'], filterText = segments.map((s) => s.text).join('')): Row {
  return { key, segments, filterText, selectable: true };
}

export function cephRows(s: CephSummary, theme: Theme): Row[] {
  const h = cephLook(s.health, theme);
  const rows: Row[] = [];
  rows.push(
    line('health', [
      { text: `${h.glyph} ${h.word}`, color: h.color, bold: true },
      { text: `  osds ${s.osds.total}: ${s.osds.up} up, ${s.osds.in} in` },
      ...(s.usage.usedPercent !== null
        ? [{ text: `  used ${s.usage.usedPercent.toFixed(1)}% (${bytes(s.usage.usedBytes)} of ${bytes(s.usage.totalBytes)})` }]
        : []),
    ]),
  );
  if (s.error) rows.push(line('error', [{ text: `error: ${s.error}`, color: theme.fail }]));
  rows.push(
    line('flags', [
      { text: 'flags: ', bold: true },
      { text: s.flags.length ? s.flags.join(', ') : 'none', color: s.flags.length ? theme.warn : undefined },
    ]),
  );
  if (s.crashes.new > 0 || s.crashes.total > 0) {
    rows.push(
      line('crashes', [
        { text: 'crashes: ', bold: true },
        { text: `${s.crashes.new} new`, color: s.crashes.new > 0 ? theme.fail : undefined },
        { text: `, ${s.crashes.total} total` },
      ]),
    );
  }
  for (const c of s.checks) {
    const look = layerLook(c.severity === 'HEALTH_ERR' ? 'RED' : 'YELLOW', theme);
    rows.push(
      line(`check:${c.code}`, [
        { text: `${look.glyph} `, color: look.color },
        { text: c.code, bold: true },
        { text: `${c.muted ? ' (muted)' : ''}  ${c.summary}` },
      ]),
    );
  }
  if (s.pgs.total !== null || s.pgs.states.length) {
    const states = s.pgs.states.map((p) => `${p.count} ${p.name}`).join(', ');
    rows.push(line('pgs', [{ text: `pgs ${s.pgs.total ?? '?'}: `, bold: true }, { text: states || 'none' }]));
  }
  if (s.mons.quorum.length || s.mgr.active) {
    rows.push(
      line('daemons', [{ text: `mon quorum ${s.mons.quorum.join(',') || 'none'}  mgr ${s.mgr.active ?? 'none'} (+${s.mgr.standbys ?? 0})`, dim: true }]),
    );
  }
  for (const o of s.osds.list) {
    const state = `${o.up ? 'up' : 'DOWN'} ${o.in ? 'in' : 'OUT'}`;
    const bad = !o.up || !o.in || (o.reweight !== null && o.reweight < 1) || s.offenders.includes(`osd.${o.id}`);
    rows.push(
      line(`osd:${o.id}`, [
        { text: `osd.${o.id}`.padEnd(7), bold: true },
        { text: ` ${(o.host ?? '?').padEnd(8)} ` },
        { text: state.padEnd(8), color: !o.up || !o.in ? theme.fail : undefined },
        { text: ` rw ${o.reweight === null ? '?' : o.reweight.toFixed(2)}`, color: o.reweight !== null && o.reweight < 1 ? theme.warn : undefined },
        { text: ` util ${o.utilization === null ? '?' : `${o.utilization.toFixed(0)}%`}` },
        ...(bad && s.offenders.includes(`osd.${o.id}`) ? [{ text: '  (named by a check)', color: theme.warn }] : []),
      ]),
    );
  }
  for (const c of s.crashes.recent.filter((c) => !c.archived)) {
    rows.push(line(`crash:${c.id}`, [{ text: `new crash ${c.entity} ${c.timestamp}`, color: theme.warn }]));
  }
  return rows;
}
