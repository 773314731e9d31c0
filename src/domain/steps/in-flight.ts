import type { EditSpec } from '../issue/edits/spec.js';

/**
 * What a write in flight acts on: an issue body edit (its EditSpec when it has one, so it can be
 * re-applied; the offline queue's id when it is a queued edit's replay), a merge (or PR rollback)
 * of a PR, the closure of an issue.
 */
export type InFlightSubject =
  { what: 'body-write'; issue: number; edit: string; spec?: EditSpec; queued?: string } | { what: 'merge'; pr: number } | { what: 'closure'; issue: number };

/** The lines an edit adds to a body and removes from it (as multisets, blank lines left out). */
export interface BodyLines {
  adds: string[];
  removes: string[];
  /**
   * Per added line, how many copies the body had before (a Change Log row may repeat an earlier one
   * word for word): landed means one more than that, not merely present. Absent in older records.
   */
  had?: number[];
}

/** At most this many lines of each kind are kept (a closure summary is long; its first lines identify it). */
const KEPT = 40;
/** A line longer than this is not kept (a restart looks for whole lines, never a cut one). */
const LINE_MAX = 2_000;

function minus(a: string, b: string): string[] {
  const left = new Map<string, number>();
  for (const l of b.split(/\r?\n/)) left.set(l, (left.get(l) ?? 0) + 1);
  const out: string[] = [];
  for (const l of a.split(/\r?\n/)) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else if (l.trim() && l.length <= LINE_MAX) out.push(l);
  }
  return out.slice(0, KEPT);
}

function counts(body: string): Map<string, number> {
  const n = new Map<string, number>();
  for (const l of body.split(/\r?\n/)) n.set(l, (n.get(l) ?? 0) + 1);
  return n;
}

/** What turning `before` into `after` adds and removes, line by line. */
export function bodyLines(before: string, after: string): BodyLines {
  const adds = minus(after, before);
  const was = counts(before);
  return { adds, removes: minus(before, after), had: adds.map((l) => was.get(l) ?? 0) };
}

/**
 * Whether the body now holds an edit a crash left in flight: every line it adds is there (as many
 * more copies as it adds), and (when it only removes) no line it removes is. null: nothing was
 * recorded as sent.
 */
export function landedIn(lines: BodyLines | null, body: string): boolean | null {
  if (!lines || (lines.adds.length === 0 && lines.removes.length === 0)) return null;
  const have = counts(body);
  if (lines.adds.length) {
    const need = new Map<string, number>();
    lines.adds.forEach((l, i) => need.set(l, Math.max(need.get(l) ?? 0, lines.had?.[i] ?? 0) + 1));
    return [...need].every(([l, n]) => (have.get(l) ?? 0) >= n);
  }
  return lines.removes.every((l) => !have.has(l));
}
