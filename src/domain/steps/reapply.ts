import type { BodyLines, InFlightSubject } from './in-flight.js';

/** What the verify screen knows of a write a crash left in flight (the step store's UnknownOutcome.inFlight). */
type Flight = InFlightSubject & { lines: BodyLines | null; found: string | null };

/**
 * Why a step with an unknown outcome cannot be written again from the verify screen; null: it can.
 * Only a body write whose edit was journaled as data, and only once the restart's lookup said it is
 * not in the body (a landed write is never offered: it would be a second row).
 */
export function reapplyOff(u: { inFlight?: Flight }): string | null {
  const f = u.inFlight;
  if (!f || f.what !== 'body-write') return 'only a body write left in flight can be written again';
  if (!f.spec) return 'this write was journaled without its edit (an older console): mark it instead';
  if (f.found === null) return 'not looked up in the body yet (Gitea has not answered since the restart)';
  if (!f.found.startsWith('not in the body')) return 'it is in the body already: mark it done';
  return null;
}
