/**
 * How fresh a pane's data is, told honestly: never "0 pods" while the first list is in flight,
 * never a stale GREEN after the source went away.
 */
export type Liveness =
  | { state: 'idle' }
  | { state: 'syncing'; since: number }
  /**
   * `checkedAt`, when given, is the newest successful check: it advances without a store write, so a
   * poller whose data did not change costs no frame, and the pane (redrawn by its clock) stays honest.
   */
  | { state: 'live'; updatedAt: number; checkedAt?: () => number }
  | { state: 'reconnecting'; attempt: number; lastError: string; updatedAt: number | null }
  | { state: 'error'; message: string; updatedAt: number | null }
  | { state: 'not-installed'; what: string };

export const IDLE: Liveness = { state: 'idle' };

/** True when the data behind this liveness can be trusted for grading. */
export function isLive(l: Liveness): boolean {
  return l.state === 'live';
}
