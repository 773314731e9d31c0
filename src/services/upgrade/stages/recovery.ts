import type { QueueEntry } from '../../../domain/renovate/types.js';
import { formatBytes } from '../../../domain/upgrade/database.js';
import { protocolFor } from '../../../domain/upgrade/protocol.js';
import { short, type ProtocolContext } from '../protocol-context.js';

/** Workflow 6.4: what the operator can do when the upgrade fails after its merge, and the data rule of its revert. */

/** The recovery offer in the run's notes: revert the merge; for a database, restore from the verified backup first. */
export function recoveryOffer(p: ProtocolContext, pr: number): void {
  const r = p.o.store.getState().runs[pr];
  if (!r) return;
  const lines = ['Failure recovery (6.4):', `- revert the merge: roll back PR #${pr} (its files restored in one commit)`];
  if (r.backup) {
    lines.push(
      `- restore from the verified backup ${r.backup.file} (${formatBytes(r.backup.size)}) into ${r.backup.namespace}/${r.backup.pod}`,
      '- do NOT start the old version on data the new version migrated: restore first (the rollback asks for a typed confirmation)',
    );
  }
  p.note(pr, ...lines);
}

/** A stage after the merge failed (or was stopped): the step says so, recovery is offered, the run ends. */
export async function finishAfterMerge(
  p: ProtocolContext,
  pr: number,
  id: string,
  how: 'failed' | 'cancelled',
  reason: string,
): Promise<{ ok: false; reason: string; stopped?: boolean }> {
  await p.step(pr, id, how, reason);
  recoveryOffer(p, pr);
  p.patch(pr, (y) => ({ ...y, finished: how }));
  return how === 'cancelled' ? { ok: false, reason: `${id}: ${reason}`, stopped: true } : { ok: false, reason: `${id}: ${reason}` };
}

/** The loop merged but its sync wait or gate failed: the protocol's merge stage says so, and recovery is offered. */
export async function mergeFailed(p: ProtocolContext, entry: QueueEntry, mergeSha: string, reason: string): Promise<void> {
  const pr = entry.number;
  if (!p.o.store.getState().runs[pr]) return;
  await p.step(pr, 'merge', 'failed', `merged ${short(mergeSha)}, then: ${reason}`);
  recoveryOffer(p, pr);
  p.patch(pr, (y) => ({ ...y, finished: 'failed' }));
}

/** True when rolling back `pr` would start an older database on data the new one may have migrated. */
export function rollbackNeedsDataConfirmation(p: ProtocolContext, pr: number): boolean {
  const r = p.o.store.getState().runs[pr];
  // A merge step that failed after the merge (its sync or a gate) still merged: the new version ran.
  const merge = r?.steps.find((s) => s.id === 'merge')?.status;
  return Boolean(r?.protocol.database && (merge === 'done' || merge === 'failed'));
}

/**
 * 6.4: reverting a database major after its merge would start the old version on data the new
 * one may have migrated; the rollback then needs the operator to type that they restore first
 * (or that the data was not migrated).
 */
export function rollbackConfirmation(p: ProtocolContext, pr: number, entry: QueueEntry | null): { challenge: string; notes: string[] } | null {
  const r = p.o.store.getState().runs[pr];
  // A merged database update, through this protocol or merged elsewhere (the web UI): the same 6.4 rule.
  const database = rollbackNeedsDataConfirmation(p, pr) || Boolean(entry && protocolFor(entry, p.o.protocol)?.database);
  if (!database) return null;
  return {
    challenge: `revert ${pr} data`,
    notes: [
      'DATABASE: the old version must not start on data the new version may have migrated (workflow 6.4)',
      r?.backup
        ? `restore first from the verified backup ${r.backup.file} (${formatBytes(r.backup.size)}) into ${r.backup.namespace}/${r.backup.pod}`
        : 'no verified backup was recorded for this PR: check the data before the old version starts',
      `type "revert ${pr} data" to confirm the revert anyway`,
    ],
  };
}
