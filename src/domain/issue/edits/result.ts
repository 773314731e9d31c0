import type { EditResult } from '../types.js';

export function applied(before: string, after: string): EditResult {
  return { ok: true, body: after, changed: after !== before };
}

export function conflict(kind: 'missing' | 'changed' | 'ambiguous', message: string): EditResult {
  return { ok: false, conflict: message, kind };
}
