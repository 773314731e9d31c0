import type { BodyEdit, EditResult } from '../types.js';
import { specOf, withSpec, type EditSpec } from './spec.js';

/**
 * Several edits as one: applied in order to the running body, all or nothing. The step engine writes
 * a tick, a Change Log row, Last Updated and the status together this way.
 */
export function composeEdits(description: string, edits: readonly BodyEdit[]): BodyEdit {
  const specs = edits.map(specOf);
  const spec: EditSpec | null = specs.every((s) => s !== null) ? { op: 'compose', description, edits: specs as EditSpec[] } : null;
  return withSpec(
    {
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
    },
    spec,
  );
}

/** An edit whose target may be absent (a body without Last Updated or Change Log): then it does nothing. */
export function optionalEdit(edit: BodyEdit): BodyEdit {
  const missing = (r: EditResult) => !r.ok && r.kind === 'missing';
  const inner = specOf(edit);
  return withSpec(
    {
      description: edit.description,
      apply(body: string): EditResult {
        const r = edit.apply(body);
        return missing(r) ? { ok: true, body, changed: false } : r;
      },
      isApplied(body: string): boolean {
        return edit.isApplied(body) || missing(edit.apply(body));
      },
    },
    inner ? { op: 'optional', edit: inner } : null,
  );
}
