import { replaceLineText } from '../lines.js';
import { findStateNote } from '../item-header.js';
import { analyseCached, type Analysis } from '../parse.js';
import { completionNoteText, deferredNoteText, rolledBackNoteText, type Stamp } from '../timestamp.js';
import type { ActionItem, BodyEdit, EditResult, Priority } from '../types.js';
import { applied, conflict } from './result.js';
import { defined, refSpec, stampSpec, withSpec } from './spec.js';

/**
 * Which item an edit means: its ID, plus what the operator saw (title, priority, layer) so a changed
 * item is a conflict rather than a silent edit of something else. An `ActionItem` is an `ItemRef`.
 */
export interface ItemRef {
  id: string | null;
  title?: string;
  priority?: Priority | null;
  layer?: string | null;
}

function describe(ref: ItemRef): string {
  return ref.id ?? `"${ref.title ?? '?'}"`;
}

function sameAsSeen(item: ActionItem, ref: ItemRef): boolean {
  if (ref.title !== undefined && item.title !== ref.title) return false;
  if (ref.priority !== undefined && item.priority !== ref.priority) return false;
  if (ref.layer !== undefined && item.layer !== ref.layer) return false;
  return true;
}

/** Finds the item an edit targets, or says why it cannot. */
export function locateItem(a: Analysis, ref: ItemRef): { index: number } | { error: EditResult } {
  const items = a.document.items;
  const candidates: number[] = [];
  items.forEach((item, i) => {
    if (ref.id !== null ? item.id === ref.id : item.id === null && item.title === ref.title) candidates.push(i);
  });
  if (candidates.length === 0) return { error: conflict('missing', `action item ${describe(ref)} is no longer in the body`) };
  const matching = candidates.filter((i) => sameAsSeen(items[i] as ActionItem, ref));
  if (matching.length === 0) {
    const now = items[candidates[0] as number] as ActionItem;
    return { error: conflict('changed', `action item ${describe(ref)} changed since it was read (now "${now.title}")`) };
  }
  if (matching.length > 1) return { error: conflict('ambiguous', `${matching.length} action items match ${describe(ref)}; give its title too`) };
  return { index: matching[0] as number };
}

export interface TickOptions {
  /** When it was done; with it the line gets `*(completed YYYY-MM-DD HH:MM TZ — outcome)*`. */
  stamp?: Stamp;
  /** What came of it, appended to the completion note. */
  outcome?: string;
}

/** The item's line with its box set (`x` or ` `) and its trailing state note replaced by `note` (null: removed). */
function rewriteLine(text: string, markAt: number, mark: 'x' | ' ' | null, note: string | null | undefined): string {
  // null keeps the mark as written (a ticked `[X]` stays capital).
  let t = mark === null ? text : text.slice(0, markAt) + mark + text.slice(markAt + 1);
  if (note === undefined) return t;
  const found = findStateNote(t);
  const end = t.trimEnd().length;
  const tail = t.slice(end);
  const head = found ? t.slice(0, found.start) : t.slice(0, end);
  t = note === null ? `${head}${tail}` : `${head} *(${note})*${tail}`;
  return t;
}

/** Applies a line rewrite to the item `ref` names. */
function itemLineEdit(
  ref: ItemRef,
  description: string,
  rewrite: (text: string, markAt: number, item: ActionItem) => string,
  isApplied: (item: ActionItem) => boolean,
): BodyEdit {
  return {
    description,
    apply(body: string): EditResult {
      const a = analyseCached(body);
      const found = locateItem(a, ref);
      if ('error' in found) return found.error;
      const item = a.document.items[found.index] as ActionItem;
      const line = a.lines[a.itemLines[found.index] as number];
      const box = a.boxes[found.index];
      if (!line || !box) return conflict('missing', `action item ${describe(ref)} is no longer in the body`);
      return applied(body, replaceLineText(body, line, rewrite(line.text, box.markAt, item)));
    },
    isApplied(body: string): boolean {
      const a = analyseCached(body);
      const found = locateItem(a, ref);
      if ('error' in found) return false;
      return isApplied(a.document.items[found.index] as ActionItem);
    },
  };
}

/**
 * Ticks an item: `[ ]` → `[x]` on its own line, and appends the completion note unless the line
 * already has one (a deferred or rolled-back note is replaced: the item is done now). Re-applying to
 * a body where the item is already done changes nothing.
 */
export function tickItem(ref: ItemRef, options: TickOptions = {}): BodyEdit {
  const note = options.stamp ? completionNoteText(options.stamp, options.outcome) : null;
  const spec = defined({ op: 'tick' as const, ref: refSpec(ref), stamp: stampSpec(options.stamp), outcome: options.outcome });
  return withSpec(
    itemLineEdit(
      ref,
      `tick ${describe(ref)}${options.outcome ? ` (${options.outcome})` : ''}`,
      (text, markAt, item) => {
        const mark = item.checked ? null : 'x';
        if (note !== null && !item.completionNote) return rewriteLine(text, markAt, mark, note);
        // Done now: a deferred or rolled-back note no longer says what the item is.
        const stale = item.stateNote !== null && item.stateNote !== undefined && item.stateNote.kind !== 'completed';
        return rewriteLine(text, markAt, mark, stale ? null : undefined);
      },
      (item) => item.checked && (note === null || !!item.completionNote),
    ),
    spec,
  );
}

export interface UntickOptions {
  /** With a stamp the line gets `*(rolled back YYYY-MM-DD HH:MM TZ — reason)*` instead of no note. */
  stamp?: Stamp;
  reason?: string;
}

/**
 * Unticks an item: `[x]` → `[ ]`, and removes its completion note — or, with a stamp, replaces it
 * with a `*(rolled back … — reason)*` note, so the record says why a done item is open again.
 */
export function untickItem(ref: ItemRef, options: UntickOptions = {}): BodyEdit {
  const note = options.stamp ? rolledBackNoteText(options.stamp, options.reason) : null;
  const spec = defined({ op: 'untick' as const, ref: refSpec(ref), stamp: stampSpec(options.stamp), reason: options.reason });
  return withSpec(
    itemLineEdit(
      ref,
      `untick ${describe(ref)}${options.reason ? ` (${options.reason})` : ''}`,
      (text, markAt, item) =>
        !item.checked && (note === null ? !item.completionNote : item.stateNote?.kind === 'rolled-back') ? text : rewriteLine(text, markAt, ' ', note),
      (item) => !item.checked && (note === null ? !item.completionNote : item.stateNote?.kind === 'rolled-back'),
    ),
    spec,
  );
}

export interface DeferOptions {
  stamp: Stamp;
  /** Why, in the operator's words: written into the note. */
  reason?: string;
}

/**
 * Defers an item, the workflow's "explicitly deferred": it stays (or becomes) unchecked and its line
 * ends with `*(deferred YYYY-MM-DD — reason)*`, replacing any earlier state note.
 */
export function deferItem(ref: ItemRef, options: DeferOptions): BodyEdit {
  const note = deferredNoteText(options.stamp, options.reason);
  const spec = defined({ op: 'defer' as const, ref: refSpec(ref), stamp: stampSpec(options.stamp)!, reason: options.reason });
  return withSpec(
    itemLineEdit(
      ref,
      `defer ${describe(ref)}${options.reason ? ` (${options.reason})` : ''}`,
      (text, markAt, item) => (!item.checked && item.stateNote?.kind === 'deferred' ? text : rewriteLine(text, markAt, ' ', note)),
      (item) => !item.checked && item.stateNote?.kind === 'deferred',
    ),
    spec,
  );
}
