import type { QueueState } from '../store/queue-store.js';

/** What the queue keys act on: the selected row of the pane, or the PR a detail screen shows. */
export type QueueTarget = { kind: 'open' | 'merged'; number: number } | { kind: 'dashboard' } | null;

export interface QueueKeyState {
  wired: boolean;
  /** loopHolding(loop): the PR the merge loop holds now, as a reason; null when it holds none. */
  holding: string | null;
  /** The loop stopped after a failure (what continue resumes). */
  stopped: boolean;
  /** The step running or awaiting its verdict ("a step is running: A3"), else null. */
  stepBusy: string | null;
}

const NOT_WIRED = 'the merge loop is not wired in this build';
/** Phases in which the loop holds its one PR: another merge or rollback waits for it. */
const HOLDING = new Set(['checking', 'merging', 'waiting-sync', 'gating', 'ticking', 'rolling-back']);

/** The loop's PR while it holds it (merging, waiting for the sync, gating…), as a key's reason. */
export function loopHolding(loop: QueueState['loop']): string | null {
  return loop && HOLDING.has(loop.phase) ? `PR #${loop.pr} is ${loop.phase}: one merge or rollback at a time` : null;
}

/**
 * Why merge, rollback and continue are off for `target` now (null: they can act): the queue pane's
 * row keys and the PR detail's controls answer the same (nothing selected, wrong kind of row, one
 * merge at a time, a step running); read-only and an escalation are the binding table's.
 */
export function queueOffReasons(target: QueueTarget, { wired, holding, stopped, stepBusy }: QueueKeyState) {
  if (!wired) return { merge: NOT_WIRED, prRollback: NOT_WIRED, mergeResume: NOT_WIRED };
  const busy = holding ?? stepBusy;
  const merge =
    target === null
      ? 'nothing selected: select an open PR to merge'
      : target.kind === 'dashboard'
        ? 'the Dependency Dashboard is not a PR: select an open PR to merge'
        : target.kind === 'merged'
          ? `PR #${target.number} is already merged (b rolls it back)`
          : busy;
  const prRollback =
    target === null
      ? 'nothing selected: select a merged PR (under "Merged recently") to roll back'
      : target.kind === 'dashboard'
        ? 'the Dependency Dashboard is not a PR: select a merged PR to roll back'
        : target.kind === 'open'
          ? `PR #${target.number} is not merged: only a merged PR (under "Merged recently") can be rolled back`
          : busy;
  const mergeResume = stopped ? stepBusy : 'the merge loop is not stopped: nothing to continue';
  return { merge, prRollback, mergeResume };
}
