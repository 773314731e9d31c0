import type { BodyEdit, EditResult } from '../types.js';

/**
 * Several edits as one: applied in order to the running body, all or nothing. The step engine writes
 * a tick, a Change Log row, Last Updated and the status together this way.
 */
export function composeEdits(description: string, edits: readonly BodyEdit[]): BodyEdit {
  return {
    description,
    apply(body: string): EditResult {
      let current = body;
      for (const edit of edits) {
        const r = edit.apply(current);
        if (!r.ok) return r;
        current = r.body;
      }
      return { ok: true, body: current, changed: current !== body };
    },
    isApplied(body: string): boolean {
      return edits.every((e) => e.isApplied(body));
    },
  };
}

/** An edit whose target may be absent (a body without Last Updated or Change Log): then it does nothing. */
export function optionalEdit(edit: BodyEdit): BodyEdit {
  const missing = (r: EditResult) => !r.ok && r.kind === 'missing';
  return {
    description: edit.description,
    apply(body: string): EditResult {
      const r = edit.apply(body);
      return missing(r) ? { ok: true, body, changed: false } : r;
    },
    isApplied(body: string): boolean {
      return edit.isApplied(body) || missing(edit.apply(body));
    },
  };
}
