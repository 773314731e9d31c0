import { replaceLineText } from '../lines.js';
import { findCompletionNote } from '../item-header.js';
import { analyseCached, type Analysis } from '../parse.js';
import { completionNoteText, type Stamp } from '../timestamp.js';
import type { ActionItem, BodyEdit, EditResult, Priority } from '../types.js';
import { applied, conflict } from './result.js';

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

/**
 * Ticks an item: `[ ]` → `[x]` on its own line, and appends the completion note unless the line
 * already has one. Re-applying to a body where the item is already done changes nothing.
 */
export function tickItem(ref: ItemRef, options: TickOptions = {}): BodyEdit {
  const note = options.stamp ? completionNoteText(options.stamp, options.outcome) : null;
  return {
    description: `tick ${describe(ref)}${options.outcome ? ` (${options.outcome})` : ''}`,
    apply(body: string): EditResult {
      const a = analyseCached(body);
      const found = locateItem(a, ref);
      if ('error' in found) return found.error;
      const item = a.document.items[found.index] as ActionItem;
      const line = a.lines[a.itemLines[found.index] as number];
      if (!line) return conflict('missing', `action item ${describe(ref)} is no longer in the body`);
      const box = a.boxes[found.index];
      if (!box) return conflict('missing', `action item ${describe(ref)} is no longer in the body`);
      let text = line.text;
      if (!item.checked) text = text.slice(0, box.markAt) + 'x' + text.slice(box.markAt + 1);
      if (note && !item.completionNote) {
        const end = text.trimEnd().length;
        text = `${text.slice(0, end)} *(${note})*${text.slice(end)}`;
      }
      return applied(body, replaceLineText(body, line, text));
    },
    isApplied(body: string): boolean {
      const a = analyseCached(body);
      const found = locateItem(a, ref);
      if ('error' in found) return false;
      const item = a.document.items[found.index] as ActionItem;
      return item.checked && (note === null || !!item.completionNote);
    },
  };
}

/** Unticks an item: `[x]` → `[ ]`, and removes its completion note. */
export function untickItem(ref: ItemRef): BodyEdit {
  return {
    description: `untick ${describe(ref)}`,
    apply(body: string): EditResult {
      const a = analyseCached(body);
      const found = locateItem(a, ref);
      if ('error' in found) return found.error;
      const line = a.lines[a.itemLines[found.index] as number];
      const box = a.boxes[found.index];
      if (!line || !box) return conflict('missing', `action item ${describe(ref)} is no longer in the body`);
      let text = line.text;
      text = text.slice(0, box.markAt) + ' ' + text.slice(box.markAt + 1);
      const note = findCompletionNote(text);
      if (note) text = text.slice(0, note.start) + text.slice(text.trimEnd().length);
      return applied(body, replaceLineText(body, line, text));
    },
    isApplied(body: string): boolean {
      const a = analyseCached(body);
      const found = locateItem(a, ref);
      if ('error' in found) return false;
      const item = a.document.items[found.index] as ActionItem;
      return !item.checked && !item.completionNote;
    },
  };
}
