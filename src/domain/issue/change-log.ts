import type { Blocks } from './blocks.js';
import { isDelimiterRow, isTableRow, splitTableRow } from './inline.js';
import { isBlank } from './lines.js';

/** The Change Log table as it sits in the body. */
export interface ChangeLogSpot {
  headerLine: number;
  columns: string[];
  /** Data rows (placeholder included), in order. */
  rows: Array<{ line: number; cells: string[] }>;
  placeholderLine: number | null;
  /** The last table line (a data row, or the delimiter row when there is none): new rows go after it. */
  lastLine: number;
  leadingPipe: boolean;
  trailingPipe: boolean;
}

const EMPTY_CELLS = new Set(['', '-', '--', '—', '–', 'n/a', '...', '…', 'pending', 'tbd', 'none']);
const NOTHING_YET = /^no (?:actions?|changes?|entries|entry|updates?)(?: yet)?\.?$/i;

/** `| - | - | No actions yet | - |`: a row that only says there is nothing to log. */
export function isPlaceholderRow(cells: readonly string[]): boolean {
  if (cells.length === 0) return false;
  return cells.every((c) => EMPTY_CELLS.has(c.trim().toLowerCase()) || NOTHING_YET.test(c.trim()));
}

/**
 * The first table in lines from..to (the Change Log section). Comment lines between rows (the
 * markdownlint disable/enable wrappers real bodies use) are allowed and skipped.
 */
export function findChangeLog(blocks: Blocks, from: number, to: number): ChangeLogSpot | null {
  for (let i = from; i < to; i++) {
    const bl = blocks.lines[i];
    if (!bl || bl.code || bl.comment || !isTableRow(bl.line.text)) continue;
    let d = i + 1;
    while (d < to && blocks.lines[d]?.comment) d++;
    const delim = blocks.lines[d];
    if (!delim || d >= to || delim.code || !isDelimiterRow(delim.line.text)) continue;
    const header = bl.line.text;
    const spot: ChangeLogSpot = {
      headerLine: i,
      columns: splitTableRow(header).map((c) => c.text),
      rows: [],
      placeholderLine: null,
      lastLine: d,
      leadingPipe: header.trimStart().startsWith('|'),
      trailingPipe: header.trimEnd().endsWith('|'),
    };
    for (let r = d + 1; r < to; r++) {
      const row = blocks.lines[r];
      if (!row || row.code) break;
      if (row.comment) continue;
      if (isBlank(row.line.text) || !isTableRow(row.line.text)) break;
      const cells = splitTableRow(row.line.text).map((c) => c.text);
      spot.rows.push({ line: r, cells });
      spot.lastLine = r;
      if (spot.placeholderLine === null && isPlaceholderRow(cells)) spot.placeholderLine = r;
    }
    return spot;
  }
  return null;
}
