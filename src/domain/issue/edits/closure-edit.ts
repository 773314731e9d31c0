import { findKeyedValue, type ValueSpot } from '../document-fields.js';
import { escapeCell } from '../inline.js';
import { replaceLineText } from '../lines.js';
import { analyseCached, checkboxOf, type Analysis } from '../parse.js';
import { formatTimestamp, type Stamp } from '../timestamp.js';
import type { BodyEdit, EditResult } from '../types.js';
import { applied, conflict } from './result.js';

/** What the Closure section records when the work is done. Absent fields are left as they are. */
export interface ClosureFill {
  /** Final Status / Status; `RESOLVED` when absent. */
  status?: string;
  /** Closed By / Resolved By. */
  closedBy?: string;
  /** Closed Date / Completed. */
  closedAt?: Stamp;
  started?: string;
  duration?: string;
  /** Tick the Completion Criteria boxes (default true). */
  tickCriteria?: boolean;
}

const KEYS: Array<{ keys: string[]; value: (f: ClosureFill) => string | undefined }> = [
  { keys: ['final status', 'status'], value: (f) => f.status ?? 'RESOLVED' },
  { keys: ['closed by', 'resolved by'], value: (f) => f.closedBy },
  { keys: ['closed date', 'completed'], value: (f) => (f.closedAt ? formatTimestamp(f.closedAt, 'date-time-zone') : undefined) },
  { keys: ['started'], value: (f) => f.started },
  { keys: ['duration'], value: (f) => f.duration },
];

interface Change {
  spot: ValueSpot;
  value: string;
}

function planFill(a: Analysis, fill: ClosureFill): { changes: Change[]; boxes: Array<{ line: number; markAt: number }> } | null {
  const range = a.closure;
  if (!range) return null;
  const changes: Change[] = [];
  for (const { keys, value } of KEYS) {
    const v = value(fill);
    if (v === undefined) continue;
    for (const key of keys) {
      const spot = findKeyedValue(a.blocks, key, range.from, range.to);
      if (spot) {
        const flat = v.replace(/\s+/g, ' ').trim();
        changes.push({ spot, value: spot.form === 'table' ? escapeCell(flat) : flat });
        break;
      }
    }
  }
  const boxes: Array<{ line: number; markAt: number }> = [];
  if (fill.tickCriteria ?? true) {
    for (let i = range.from; i < range.to; i++) {
      const bl = a.blocks.lines[i];
      if (!bl || bl.code || bl.comment) continue;
      const box = checkboxOf(bl.line.text, Number.MAX_SAFE_INTEGER);
      if (box && !box.checked) boxes.push({ line: i, markAt: box.markAt });
    }
  }
  return { changes, boxes };
}

/** Fills the Closure section: its status, closed-by and date fields, and ticks its Completion Criteria. */
export function fillClosure(fill: ClosureFill): BodyEdit {
  return {
    description: 'fill the Closure section',
    apply(body: string): EditResult {
      const a = analyseCached(body);
      const plan = planFill(a, fill);
      if (!plan) return conflict('missing', 'the body has no Closure section');
      const texts = new Map<number, string>();
      const textOf = (line: number) => texts.get(line) ?? a.lines[line]?.text ?? '';
      // Field values first (their offsets are from the original line), then checkbox marks.
      const byLine = [...plan.changes].sort((x, y) => x.spot.line - y.spot.line || y.spot.start - x.spot.start);
      for (const { spot, value } of byLine) {
        const t = textOf(spot.line);
        texts.set(spot.line, t.slice(0, spot.start) + value + t.slice(spot.end));
      }
      for (const box of plan.boxes) {
        const t = textOf(box.line);
        texts.set(box.line, t.slice(0, box.markAt) + 'x' + t.slice(box.markAt + 1));
      }
      let out = body;
      for (const line of [...texts.keys()].sort((x, y) => y - x)) {
        const l = a.lines[line];
        if (l) out = replaceLineText(out, l, texts.get(line) ?? l.text);
      }
      return applied(body, out);
    },
    isApplied(body: string): boolean {
      const a = analyseCached(body);
      const plan = planFill(a, fill);
      if (!plan) return false;
      return plan.boxes.length === 0 && plan.changes.every((c) => c.spot.value.trim() === c.value);
    },
  };
}
