import type { QueueEntry } from '../../domain/renovate/types.js';

/** What the loop gives the guard's post-merge stages: the stop (the operator's key, or a quit) their waits end on. */
export interface AfterMergeContext {
  signal?: AbortSignal;
}

export type AfterMergeResult = { ok: true; message: string } | { ok: false; reason: string; stopped?: boolean };

/**
 * What the upgrade protocols (src/services/upgrade) add to every merge the loop makes: more
 * blockers at the check (protocol steps not verified, a stabilisation window open, a PR out of
 * order without a reason) and the post-merge stages once the merge synced and the gate is GREEN.
 * It sits in the loop's check so that every path to a merge (queue key, runbook item, any shell
 * shape the step engine recognises) meets it.
 */
export interface MergeGuard {
  blockers(entry: QueueEntry, queue: readonly QueueEntry[]): string[];
  /** `stopped`: a wait was ended by the operator (recorded as stopped, not failed). */
  afterMerge(entry: QueueEntry, mergeSha: string, context?: AfterMergeContext): Promise<AfterMergeResult>;
  /** The merge went through but its sync or gate failed before the protocol's own stages: recorded in the protocol. */
  mergeFailed?(entry: QueueEntry, mergeSha: string, reason: string): Promise<void>;
  /**
   * What a rollback of `pr` must add: a database the new version may have migrated needs the
   * operator's typed confirmation (never start the old version on migrated data unconfirmed).
   */
  rollbackConfirmation?(pr: number, entry: QueueEntry | null): { challenge: string; notes: string[] } | null;
}
