import type { BodyEdit } from '../issue/types.js';
import { applied } from '../issue/edits/result.js';
import { SUMMARY_MARKER } from './summary.js';

/** The body already carries the closure summary (a re-run must not write a second one). */
export function hasClosureSummary(body: string): boolean {
  return body.includes(SUMMARY_MARKER);
}

/** Puts the summary at the top of the body, once: with the marker present it changes nothing. */
export function prependClosureSummary(summary: string): BodyEdit {
  return {
    description: 'prepend the closure summary',
    apply(body: string) {
      if (hasClosureSummary(body)) return applied(body, body);
      const eol = body.includes('\r\n') ? '\r\n' : '\n';
      return applied(body, summary.replace(/\n/g, eol) + eol + body);
    },
    isApplied: hasClosureSummary,
  };
}
