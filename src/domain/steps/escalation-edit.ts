import type { BodyEdit } from '../issue/types.js';
import { withSpec } from '../issue/edits/spec.js';

/**
 * Writes an escalation section into the issue body (never a comment: comments are for humans),
 * before the Change Log when there is one, else at the end. A marker makes it re-appliable: the
 * Gitea writer may apply it again after a conflict, and it must land exactly once.
 */
export function escalationEdit(key: string, section: string): BodyEdit {
  const marker = `<!-- homelab-console:escalation ${key.replace(/-->/g, '')} ${hash(section)} -->`;
  return withSpec(
    {
      description: `escalation summary for ${key}`,
      apply(body) {
        if (body.includes(marker)) return { ok: true, body, changed: false };
        const eol = body.includes('\r\n') ? '\r\n' : '\n';
        const block = `${marker}${eol}${section.split('\n').join(eol)}${eol}${eol}`;
        const m = /^##\s+Change Log\b.*$/im.exec(body);
        const next = m ? `${body.slice(0, m.index)}${block}${body.slice(m.index)}` : `${body.replace(/\s*$/, '')}${eol}${eol}${block}`;
        return { ok: true, body: next, changed: true };
      },
      isApplied: (body) => body.includes(marker),
    } satisfies BodyEdit,
    { op: 'escalation', key, section },
  );
}

function hash(s: string): string {
  let h = 5381;
  for (let i = 0; i < s.length; i++) h = ((h * 33) ^ s.charCodeAt(i)) >>> 0;
  return h.toString(36);
}
