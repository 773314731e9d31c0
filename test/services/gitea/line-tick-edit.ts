import type { BodyEdit } from '../../../src/domain/issue/types.js';

/**
 * A deliberately simple BodyEdit for the concurrency tests: tick `- [ ] <label>: <text>` exactly as
 * the console saw it. Already ticked → no change; the line's text changed or vanished → conflict.
 */
export function lineTick(label: string, seenText: string): BodyEdit {
  const open = `- [ ] ${label}: `;
  const done = `- [x] ${label}: `;
  return {
    description: `tick ${label}`,
    apply(body) {
      const lines = body.split('\n');
      const i = lines.findIndex((l) => l.startsWith(open) || l.startsWith(done));
      if (i < 0) return { ok: false, conflict: `${label} is gone` };
      const line = lines[i]!;
      if (line.slice(open.length) !== seenText) return { ok: false, conflict: `${label} was edited by someone else` };
      if (line.startsWith(done)) return { ok: true, body, changed: false };
      lines[i] = done + seenText;
      return { ok: true, body: lines.join('\n'), changed: true };
    },
    isApplied(body) {
      return body.split('\n').includes(done + seenText);
    },
  };
}
