import type { Blocks } from './blocks.js';
import { isTableRow, keyOf, splitTableRow } from './inline.js';
import type { OverallStatus } from './types.js';

/** Where a keyed value sits: a table cell (`| **Overall Status** | 🔴 RED |`) or the rest of a line. */
export interface ValueSpot {
  /** Line index. */
  line: number;
  /** Offsets of the value text within the line. */
  start: number;
  end: number;
  value: string;
  form: 'table' | 'line';
  /** A status marker written before the key (`## 🟡 Overall Status: YELLOW`), rewritten with the value. */
  prefix: { start: number; end: number } | null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const MARKUP = new Set(['*', '_', ' ', '\t']);
const isMark = (c: string | undefined): number => (c === '*' || c === '_' ? 1 : 0);

/** A `Key: value` line: the key preceded by markup only, followed by a colon (inside or outside bold). */
function lineSpot(text: string, lineIndex: number, key: RegExp): ValueSpot | null {
  const m = key.exec(text);
  if (!m) return null;
  const before = text.slice(0, m.index);
  if (/[\p{L}\p{N}]/u.test(before)) return null;
  let i = m.index + m[0].length;
  let closed = 0;
  while (i < text.length && MARKUP.has(text[i] ?? '')) closed += isMark(text[i++]);
  if (text[i] !== ':') return null;
  i++;
  while (i < text.length && MARKUP.has(text[i] ?? '')) {
    // Spaces end the run: `**Key**: *value*` keeps the value's own emphasis.
    if (text[i] === ' ' || text[i] === '\t') {
      while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
      break;
    }
    closed += isMark(text[i++]);
  }
  // Only emphasis opened before the key (`*Last Updated: …*`) is closed at the end of the line.
  let open = 0;
  for (const c of before) open += isMark(c);
  let unclosed = Math.max(0, open - closed);
  let end = text.length;
  while (end > i && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  while (unclosed > 0 && end > i && isMark(text[end - 1])) {
    end--;
    unclosed--;
  }
  while (end > i && (text[end - 1] === ' ' || text[end - 1] === '\t')) end--;
  const prefix = statusMarkerSpan(before);
  return { line: lineIndex, start: i, end, value: text.slice(i, end), form: 'line', prefix };
}

function tableSpot(text: string, lineIndex: number, key: string): ValueSpot | null {
  const cells = splitTableRow(text);
  for (let c = 0; c + 1 < cells.length; c++) {
    const cell = cells[c];
    const value = cells[c + 1];
    if (cell && value && keyOf(cell.text) === key) {
      return { line: lineIndex, start: value.start, end: value.end, value: value.text, form: 'table', prefix: null };
    }
  }
  return null;
}

/** The first `key` field outside code, as a table row or a `**Key**: value` line, within lines from..to. */
export function findKeyedValue(blocks: Blocks, key: string, from = 0, to = blocks.lines.length): ValueSpot | null {
  const pattern = new RegExp(escapeRegExp(key).replace(/ /g, '[ \\t]+'), 'i');
  for (let i = from; i < to; i++) {
    const bl = blocks.lines[i];
    if (!bl || bl.code || bl.comment) continue;
    const text = bl.line.text;
    if (!pattern.test(text)) continue;
    const spot = isTableRow(text) ? tableSpot(text, i, key) : lineSpot(text, i, pattern);
    if (spot) return spot;
  }
  return null;
}

const EMOJI: Record<OverallStatus, string> = { GREEN: '🟢', YELLOW: '🟡', RED: '🔴', UNKNOWN: '⚪' };
const SHORTCODE: Record<OverallStatus, string> = {
  GREEN: ':green_circle:',
  YELLOW: ':yellow_circle:',
  RED: ':red_circle:',
  UNKNOWN: ':white_circle:',
};
const STATUSES: OverallStatus[] = ['GREEN', 'YELLOW', 'RED', 'UNKNOWN'];

function statusMarkerSpan(text: string): { start: number; end: number } | null {
  for (const s of STATUSES) {
    for (const marker of [EMOJI[s], SHORTCODE[s]]) {
      const at = text.indexOf(marker);
      if (at >= 0) return { start: at, end: at + marker.length };
    }
  }
  return null;
}

/** What a status value says: the word first (`GREEN`), then the emoji or shortcode; ⚪ and anything else is UNKNOWN. */
export function classifyStatus(value: string): OverallStatus {
  const word = /\b(GREEN|YELLOW|RED)\b/i.exec(value);
  if (word?.[1]) return word[1].toUpperCase() as OverallStatus;
  for (const s of STATUSES) if (value.includes(EMOJI[s]) || value.includes(SHORTCODE[s])) return s;
  return 'UNKNOWN';
}

/** Writes `status` the way `old` was written: emoji + word, shortcode + word, a bare word, or a lone marker. */
export function renderStatus(status: OverallStatus, old: string): string {
  const hasWord = /\b(GREEN|YELLOW|RED|UNKNOWN)\b/i.test(old) || !/[^\s]/u.test(old);
  const hasShortcode = /:(green|yellow|red|white)_circle:/.test(old);
  const hasEmoji = STATUSES.some((s) => old.includes(EMOJI[s]));
  const marker = hasShortcode ? SHORTCODE[status] : hasEmoji ? EMOJI[status] : null;
  if (marker && !hasWord) return marker;
  return marker ? `${marker} ${status}` : status;
}

/** The marker for a status in the same notation as `old` (used for a marker written before the key). */
export function renderStatusMarker(status: OverallStatus, old: string): string {
  return old.startsWith(':') ? SHORTCODE[status] : EMOJI[status];
}
