import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import type { CephSummary } from '../domain/ceph/types.js';
import { cephRows } from '../panes/ceph-rows.js';
import { useEngine, useFreeze, useFrozen, useTheme } from '../ui/contexts.js';
import type { Row } from '../ui/rows.js';
import { layerLook, type Theme } from '../ui/theme.js';
import { DetailScreen } from './DetailScreen.js';

const text = (key: string, segments: Row['segments']): Row => ({ key, segments, filterText: '', selectable: false });

/** `ceph health detail` as the console sees it: every check with its detail lines, then the pane's rows. */
export function cephDetailRows(s: CephSummary, theme: Theme): Row[] {
  const rows: Row[] = [text('h:checks', [{ text: `Health checks (${s.checks.length})`, bold: true, color: theme.accent }])];
  if (s.checks.length === 0) rows.push(text('none', [{ text: '  none', dim: true }]));
  for (const c of s.checks) {
    const look = layerLook(c.severity === 'HEALTH_ERR' ? 'RED' : 'YELLOW', theme);
    rows.push(
      text(`c:${c.code}`, [
        { text: '  ' },
        { text: `${look.glyph} ${c.severity} `, color: look.color },
        { text: c.code, bold: true },
        { text: `${c.muted ? ' (muted)' : ''}: ${c.summary}` },
      ]),
    );
    c.details.forEach((d, i) => rows.push(text(`d:${c.code}:${i}`, [{ text: `      ${d}`, dim: true }])));
  }
  rows.push(text('sp', [{ text: '' }]), text('h:state', [{ text: 'State', bold: true, color: theme.accent }]));
  rows.push(...cephRows(s, theme).map((r) => ({ ...r, selectable: false, segments: [{ text: '  ' }, ...r.segments] })));
  if (s.crashes.recent.length) {
    rows.push(text('sp2', [{ text: '' }]), text('h:crashes', [{ text: `Crash reports (${s.crashes.recent.length})`, bold: true, color: theme.accent }]));
    for (const c of s.crashes.recent) {
      rows.push(
        text(`x:${c.id}`, [
          {
            text: `  ${c.archived ? 'archived' : 'NEW     '} ${c.timestamp} ${c.entity}${c.mgrModule ? ` (module ${c.mgrModule})` : ''}${c.host ? ` on ${c.host}` : ''}`,
          },
        ]),
      );
    }
  }
  return rows;
}

export function CephDetailScreen({ width, height, active }: { width: number; height: number; active: boolean }) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const summary = useFreeze(
    useStore(engine.stores.ceph, (s) => s.summary),
    frozen,
  );
  const rows = useMemo(() => (summary ? cephDetailRows(summary, theme) : [text('none', [{ text: 'no Ceph data yet', dim: true }])]), [summary, theme]);
  return (
    <DetailScreen
      title="Ceph: health detail"
      rows={rows}
      width={width}
      height={height}
      active={active}
      emptyControls="read-only view: Ceph changes run as action items (pane 1)"
    />
  );
}
