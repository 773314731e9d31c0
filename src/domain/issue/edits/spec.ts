import type { OverallStatus } from '../types.js';
import type { Priority } from '../types.js';

/** A stamp as JSON: the instant (ISO 8601) and the zone it is written in. */
export interface StampSpec {
  at: string;
  timeZone?: string;
}

/** The item an edit means, as JSON (an ItemRef without the rest of an ActionItem). */
export interface ItemRefSpec {
  id: string | null;
  title?: string;
  priority?: Priority | null;
  layer?: string | null;
}

/**
 * A BodyEdit as data: what to rebuild it from (`editFromSpec`). An edit that carries one can be
 * written to the journal and replayed after a restart (the offline queue); the factories attach it.
 */
export type EditSpec =
  | { op: 'tick'; ref: ItemRefSpec; stamp?: StampSpec; outcome?: string }
  | { op: 'untick'; ref: ItemRefSpec; stamp?: StampSpec; reason?: string }
  | { op: 'defer'; ref: ItemRefSpec; stamp: StampSpec; reason?: string }
  | {
      op: 'log';
      entry: { stamp: StampSpec; action: string; result?: string; phase?: string; item?: string; status?: OverallStatus; user?: string; cells?: string[] };
      /** Copies of the row in the first body the edit was applied to (set by that apply): it is in once there is one more. */
      seen?: number;
    }
  | { op: 'status'; status: OverallStatus }
  | { op: 'last-updated'; stamp: StampSpec }
  | { op: 'escalation'; key: string; section: string }
  | { op: 'compose'; description: string; edits: EditSpec[] }
  | { op: 'optional'; edit: EditSpec };

/** The edit with its spec attached (same object), so the writer can queue it as data. */
export function withSpec<E extends object>(edit: E, spec: EditSpec | null): E & { spec?: EditSpec } {
  if (spec) Object.defineProperty(edit, 'spec', { value: spec, enumerable: false });
  return edit;
}

/** The spec of an edit, if it has one. */
export function specOf(edit: object): EditSpec | null {
  return (edit as { spec?: EditSpec }).spec ?? null;
}

export const stampSpec = (s: { at: Date; timeZone?: string } | undefined): StampSpec | undefined =>
  s ? { at: s.at.toISOString(), ...(s.timeZone !== undefined ? { timeZone: s.timeZone } : {}) } : undefined;

export const refSpec = (r: ItemRefSpec): ItemRefSpec => ({
  id: r.id,
  ...(r.title !== undefined ? { title: r.title } : {}),
  ...(r.priority !== undefined ? { priority: r.priority } : {}),
  ...(r.layer !== undefined ? { layer: r.layer } : {}),
});

/**
 * The spec with any copy of its Change Log rows taken as its own: for an edit that may have been
 * sent by a record that kept no counts (a journal from before `seen`), where a second row is worse
 * than a missing one.
 */
export function anyCopyIsOwn(spec: EditSpec): EditSpec {
  switch (spec.op) {
    case 'log':
      return { ...spec, seen: spec.seen ?? 0 };
    case 'compose':
      return { ...spec, edits: spec.edits.map(anyCopyIsOwn) };
    case 'optional':
      return { ...spec, edit: anyCopyIsOwn(spec.edit) };
    default:
      return spec;
  }
}

/** Drops undefined fields (JSON would drop them anyway; equal specs compare equal). */
export function defined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
