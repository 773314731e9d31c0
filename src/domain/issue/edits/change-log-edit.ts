import { defined, stampSpec, withSpec, type EditSpec } from './spec.js';
import type { ChangeLogSpot } from '../change-log.js';
import { renderStatus } from '../document-fields.js';
import { escapeCell } from '../inline.js';
import { insertLineAfter, replaceLineText } from '../lines.js';
import { analyseCached, type Analysis } from '../parse.js';
import { detectTimestampStyle, formatTimestamp, type Stamp, type TimestampStyle } from '../timestamp.js';
import type { BodyEdit, EditResult, OverallStatus } from '../types.js';
import { applied, conflict } from './result.js';

/** What happened, in the terms Change Log columns use; each lands in the column whose header names it. */
export interface ChangeLogEntry {
  stamp: Stamp;
  action: string;
  result?: string;
  /** `Action`, `Recon`, a phase number … (the 6-column table's Phase). */
  phase?: string;
  /** The item ID or PR the row is about. */
  item?: string;
  /** Overall Status after the change (the 6-column table's Status After). */
  status?: OverallStatus;
  /** Who did it (the 4-column table's User); `homelab-console` when absent. */
  user?: string;
  /**
   * Ready-made cells (e.g. from the step engine's own row builder), used instead of the fields above;
   * padded with `-` or cut to the table's column count.
   */
  cells?: string[];
}

export type Column = 'timestamp' | 'phase' | 'item' | 'action' | 'result' | 'status' | 'user' | 'other';

/** Which field a Change Log column holds, from its header (`User`, `By`, `Who` are the user). */
export function columnKind(header: string): Column {
  const h = header.replace(/[*_`]/g, '').trim().toLowerCase();
  if (/\b(time ?stamp|time|date|when)\b/.test(h)) return 'timestamp';
  if (/\bstatus\b/.test(h)) return 'status';
  if (/\bphase\b/.test(h)) return 'phase';
  if (/\b(item|id|target)\b/.test(h)) return 'item';
  if (/\b(action|change|description|summary|what)\b/.test(h)) return 'action';
  if (/\b(result|outcome|notes?)\b/.test(h)) return 'result';
  if (/\b(user|by|who|actor|author|operator)\b/.test(h)) return 'user';
  return 'other';
}

function columnIndex(spot: ChangeLogSpot, kind: Column): number {
  return spot.columns.findIndex((c) => columnKind(c) === kind);
}

/** The last real row's value in a column, to copy its notation. */
function lastValue(spot: ChangeLogSpot, col: number): string | null {
  for (let r = spot.rows.length - 1; r >= 0; r--) {
    const row = spot.rows[r];
    if (!row || row.line === spot.placeholderLine) continue;
    const v = row.cells[col];
    if (v !== undefined && v.trim() !== '' && v.trim() !== '-') return v;
  }
  return null;
}

function timestampStyle(a: Analysis, spot: ChangeLogSpot): TimestampStyle {
  const col = columnIndex(spot, 'timestamp');
  const last = col >= 0 ? lastValue(spot, col) : null;
  if (last) return detectTimestampStyle(last);
  if (a.lastUpdated) return detectTimestampStyle(a.lastUpdated.value);
  return 'date-time-zone';
}

/** The row text this entry makes in this table: one cell per header cell, pipes as the header has them. */
function rowText(a: Analysis, spot: ChangeLogSpot, entry: ChangeLogEntry): string {
  const statusCol = columnIndex(spot, 'status');
  const given = entry.cells;
  const cells = spot.columns.map((header, i) => {
    if (given) return given[i] ?? '-';
    switch (columnKind(header)) {
      case 'timestamp':
        return formatTimestamp(entry.stamp, timestampStyle(a, spot));
      case 'phase':
        return entry.phase ?? 'Action';
      case 'item':
        return entry.item ?? '-';
      case 'action':
        return entry.action;
      case 'result':
        return entry.result ?? '-';
      case 'status':
        return entry.status ? renderStatus(entry.status, (i === statusCol ? lastValue(spot, i) : null) ?? entry.status) : '-';
      case 'user':
        return entry.user ?? 'homelab-console';
      case 'other':
        return '-';
    }
  });
  const inner = cells.map((c) => escapeCell(c) || '-').join(' | ');
  return `${spot.leadingPipe ? '| ' : ''}${inner}${spot.trailingPipe ? ' |' : ''}`;
}

/**
 * Appends a Change Log row with as many cells as the table's header, after the last row (so inside
 * any markdownlint wrapper), or in place of a placeholder row. Re-applying adds nothing twice.
 *
 * At most once per edit, not per text: the same action repeated within a minute (C2 run again after
 * its rollback, `exit 0 in 40 ms` both times) makes the same row text, and each is a row of its own.
 * So the edit counts the copies of its row in the first body it is applied to (`seen`, kept in its
 * spec, so a queued or in-flight edit rebuilt after a restart knows it too) and is applied once the
 * body holds one more. `seen` given: the edit was applied before, to a body with that many copies.
 */
export function appendChangeLogRow(entry: ChangeLogEntry, seen?: number): BodyEdit {
  const copies = (a: Analysis): number => {
    const spot = a.changeLog;
    if (!spot) return 0;
    const row = rowText(a, spot, entry).trim();
    return spot.rows.reduce((n, r) => (a.lines[r.line]?.text.trim() === row ? n + 1 : n), 0);
  };
  const spec: Extract<EditSpec, { op: 'log' }> = {
    op: 'log' as const,
    entry: defined({ ...entry, stamp: stampSpec(entry.stamp)! }),
    ...(seen !== undefined ? { seen } : {}),
  };
  /** Not applied yet and no count given (a record from before counts were kept): any copy is this edit's. */
  const present = (a: Analysis): boolean => copies(a) > (spec.seen ?? 0);
  return withSpec(
    {
      description: `log "${entry.action}"`,
      apply(body: string): EditResult {
        const a = analyseCached(body);
        const spot = a.changeLog;
        if (!spot) return conflict('missing', 'the body has no Change Log table');
        // The spec is this edit's identity as data: whoever records it from now on records the count.
        spec.seen ??= copies(a);
        if (present(a)) return applied(body, body);
        const row = rowText(a, spot, entry);
        const placeholder = spot.placeholderLine !== null ? a.lines[spot.placeholderLine] : undefined;
        if (placeholder) return applied(body, replaceLineText(body, placeholder, row));
        const last = a.lines[spot.lastLine];
        if (!last) return conflict('missing', 'the body has no Change Log table');
        return applied(body, insertLineAfter(body, last, row, last.eol === '' || last.eol === '\r' ? a.eol : last.eol));
      },
      isApplied(body: string): boolean {
        return present(analyseCached(body));
      },
    },
    spec,
  );
}
