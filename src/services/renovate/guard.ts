import type { QueueEntry } from '../../domain/renovate/types.js';

/**
 * What the upgrade protocols (src/services/upgrade) add to every merge the loop makes: more
 * blockers at the check (protocol steps not verified, a stabilisation window open, a PR out of
 * order without a reason) and the post-merge stages once the merge synced and the gate is GREEN.
 * It sits in the loop's check so that every path to a merge (queue key, runbook item, any shell
 * shape the step engine recognises) meets it.
 */
export interface MergeGuard {
  blockers(entry: QueueEntry, queue: readonly QueueEntry[]): string[];
  afterMerge(entry: QueueEntry, mergeSha: string): Promise<{ ok: true; message: string } | { ok: false; reason: string }>;
}
