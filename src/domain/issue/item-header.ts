import { stripStrong } from './inline.js';
import type { Priority } from './types.js';

/** What the text after `- [ ] ` says about an item. */
export interface ItemHeader {
  id: string | null;
  priority: Priority | null;
  layer: string | null;
  title: string;
  tags: string[];
  completionNote: string | null;
  /** The trailing outcome note of any kind (completed, deferred, rolled back), or null. */
  stateNote: StateNote | null;
  /** Text the header carries besides the title (the `- note` after a struck-through title). */
  notes: string[];
}

const ID = /^[A-Z]{1,4}-?\d{1,4}$/;
const PRIORITY = /^[Pp][0-3]$/;
/** How far into the header a label's colon may sit; keeps a colon in a long title from being read as one. */
const MAX_LABEL = 80;

export function isPriorityToken(s: string): boolean {
  return PRIORITY.test(s);
}

interface Label {
  id: string | null;
  priority: Priority | null;
  layer: string | null;
}

/** `A1 P0 Metal`, `A1 P2`, `A00`, `P1 Platform` → parts; anything without an ID or priority → null. */
function parseLabel(label: string): Label | null {
  const tokens = label.split(/[ \t]+/).filter((t) => t !== '');
  const first = tokens[0];
  if (first === undefined) return null;
  let i = 0;
  let id: string | null = null;
  let priority: Priority | null = null;
  const second = tokens[1];
  const firstIsPriorityOnly = PRIORITY.test(first) && (second === undefined || !PRIORITY.test(second));
  if (ID.test(first) && !firstIsPriorityOnly) {
    id = first;
    i = 1;
  }
  const next = tokens[i];
  if (next !== undefined && PRIORITY.test(next)) {
    priority = next.toUpperCase() as Priority;
    i += 1;
  }
  if (id === null && priority === null) return null;
  const rest = tokens.slice(i).join(' ');
  return { id, priority, layer: rest === '' ? null : rest };
}

/** The outcomes a console (or a person) writes at the end of an item's line. */
export type StateNoteKind = 'completed' | 'deferred' | 'rolled-back';

export interface StateNote {
  kind: StateNoteKind;
  /** The note's text inside the emphasis-parens (`deferred 2026-11-26 — waits for the backup`). */
  text: string;
}

const STATE_WORDS: ReadonlyArray<[RegExp, StateNoteKind]> = [
  [/^completed\b/i, 'completed'],
  [/^deferred\b/i, 'deferred'],
  [/^rolled[ -]back\b/i, 'rolled-back'],
];

/**
 * Where a trailing `*(completed …)*`, `*(deferred …)*` or `*(rolled back …)*` note (or the `_(…)_`
 * form) starts in a line — the index of the blank run before it, so cutting there leaves the text
 * before it — its kind and what it says; null if none.
 */
export function findStateNote(text: string): { start: number; kind: StateNoteKind; note: string } | null {
  const t = text.trimEnd();
  for (const [open, close] of [
    ['*(', ')*'],
    ['_(', ')_'],
  ] as const) {
    if (!t.endsWith(close)) continue;
    const at = t.lastIndexOf(open);
    if (at < 0) continue;
    const inner = t.slice(at + 2, t.length - 2).trim();
    const kind = STATE_WORDS.find(([re]) => re.test(inner))?.[1];
    if (!kind) continue;
    let start = at;
    while (start > 0 && (t[start - 1] === ' ' || t[start - 1] === '\t')) start--;
    return { start, kind, note: inner };
  }
  return null;
}

/** The trailing `*(completed …)*` note only (what a ticked item carries). */
export function findCompletionNote(text: string): { start: number; note: string } | null {
  const found = findStateNote(text);
  return found && found.kind === 'completed' ? { start: found.start, note: found.note } : null;
}

/** Splits a trailing state note off the header: the title never includes it. */
function splitCompletionNote(text: string): { text: string; note: StateNote | null } {
  const t = text.trimEnd();
  const found = findStateNote(t);
  return found ? { text: t.slice(0, found.start).trimEnd(), note: { kind: found.kind, text: found.note } } : { text: t, note: null };
}

/** Leading `[Tag]` groups of a title (`[Renovate] Merge PR #55` → `Renovate`). */
export function tagsOf(title: string): string[] {
  const tags: string[] = [];
  let at = title.length - title.trimStart().length;
  while (title[at] === '[') {
    const close = title.indexOf(']', at);
    if (close < at + 2 || close > at + 40) break;
    const tag = title.slice(at + 1, close).trim();
    if (tag === '' || tag.includes('[')) break;
    tags.push(tag);
    at = close + 1;
    while (title[at] === ' ' || title[at] === '\t') at++;
  }
  return tags;
}

function finish(label: Label | null, title: string, note: StateNote | null, notes: string[] = []): ItemHeader {
  return {
    id: label?.id ?? null,
    priority: label?.priority ?? null,
    layer: label?.layer ?? null,
    title,
    tags: tagsOf(title),
    completionNote: note?.kind === 'completed' ? note.text : null,
    stateNote: note,
    notes,
  };
}

/**
 * Reads every header form real bodies use: `**A1 P0 Metal**: title`, `**A1 P2**: title`,
 * `A1 P1 title`, `**A00**: title`, `B00 P**0**: title`, `**Issue**: title`, `~~title~~ - note`.
 */
export function parseItemHeader(rest: string): ItemHeader {
  const { text: t, note } = splitCompletionNote(rest);

  if (t.startsWith('~~')) {
    const close = t.indexOf('~~', 2);
    if (close > 2) {
      const title = t.slice(2, close).trim();
      const after = t
        .slice(close + 2)
        .trim()
        .replace(/^(?:-|—|–|:)\s*/, '');
      return finish(null, title, note, after === '' ? [] : [after]);
    }
  }

  // A label up to the first colon: `**A1 P0 Metal**: …`, `**A1 P0 Metal:** …`, `B00 P**0**: …`.
  const colon = t.indexOf(':');
  if (colon > 0 && colon <= MAX_LABEL) {
    const rawLabel = t.slice(0, colon);
    const label = parseLabel(stripStrong(rawLabel).trim());
    if (label) {
      let after = t.slice(colon + 1);
      // The colon sat inside the bold run (`**A1:**`): drop the run's closing marker.
      if (rawLabel.split('**').length % 2 === 0) after = after.replace(/^\s*\*\*/, '');
      return finish(label, after.trim(), note);
    }
  }

  // A bold label without a colon: `**A1 P0 Metal** title`, or a bold title `**Monitor OSDs**`.
  if (t.startsWith('**')) {
    const close = t.indexOf('**', 2);
    if (close > 2) {
      const inner = t.slice(2, close);
      const after = t.slice(close + 2).trim();
      const label = parseLabel(inner.trim());
      if (label) return finish(label, after.replace(/^:\s*/, ''), note);
      const title = after === '' ? inner.trim() : after.startsWith(':') ? `${inner.trim()}: ${after.slice(1).trim()}` : `${inner.trim()} ${after}`;
      return finish(null, title, note);
    }
  }

  // `A1 P1 title`: an ID and a priority, no bold, no colon.
  const m = /^(\S+)[ \t]+(\S+)[ \t]+/.exec(t);
  if (m && m[1] !== undefined && m[2] !== undefined) {
    const id = stripStrong(m[1]);
    const priority = stripStrong(m[2]);
    if (ID.test(id) && PRIORITY.test(priority)) {
      return finish({ id, priority: priority.toUpperCase() as Priority, layer: null }, t.slice(m[0].length).trim(), note);
    }
  }

  return finish(null, t.trim(), note);
}
