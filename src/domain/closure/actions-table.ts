import { applied } from '../issue/edits/result.js';
import type { BodyEdit, EditResult } from '../issue/types.js';

/** The workflow's 4.3 log of every PR and issue actioned during the window. */
export const ACTIONS_HEADING = '## PR/Issue Actions';
const HEADER = '| Type | Number | Title | Action | Timestamp | Notes |';
const RULE = '|------|--------|-------|--------|-----------|-------|';

const headingAt = (lines: string[]) => lines.findIndex((l) => /^##\s+PR\/Issue Actions\s*$/i.test(l.trim()));

/**
 * Appends one row (from `actionRow`) to the body's `## PR/Issue Actions` table, creating the section
 * before `## Change Log` (else `## Closure`, else at the end) when the body has none. Re-applying is
 * a no-op once the row is there, so the conflict-safe writer can replay it over a person's edit.
 */
export function appendActionRow(row: string): BodyEdit {
  const has = (body: string) => body.split(/\r?\n/).some((l) => l.trim() === row.trim());
  return {
    description: 'add a PR/Issue Actions row',
    apply(body: string): EditResult {
      if (has(body)) return applied(body, body);
      const eol = body.includes('\r\n') ? '\r\n' : '\n';
      const lines = body.split(/\r?\n/);
      const h = headingAt(lines);
      if (h >= 0) {
        // After the section's last table row (or its header when the table is empty).
        let at = h + 1;
        while (at < lines.length && !/^##\s/.test(lines[at]!)) at++;
        let last = -1;
        for (let i = h + 1; i < at; i++) if (lines[i]!.trim().startsWith('|')) last = i;
        if (last < 0) lines.splice(h + 1, 0, '', HEADER, RULE, row);
        else lines.splice(last + 1, 0, row);
        return applied(body, lines.join(eol));
      }
      const before = ['change log', 'closure'].map((w) => lines.findIndex((l) => new RegExp(`^##\\s+${w}\\b`, 'i').test(l.trim()))).find((i) => i >= 0);
      const block = [ACTIONS_HEADING, '', HEADER, RULE, row, ''];
      if (before === undefined) {
        // One blank line between the body's end and the section, however the body ended.
        while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
        lines.push('', ...block);
      } else lines.splice(before, 0, ...block);
      return applied(body, lines.join(eol));
    },
    isApplied: has,
  };
}
