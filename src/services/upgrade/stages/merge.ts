import type { QueueEntry } from '../../../domain/renovate/types.js';
import { outOfOrder, validOrderReason, windowRefusal } from '../../../domain/upgrade/order.js';
import { protocolFor } from '../../../domain/upgrade/protocol.js';
import { short, type ProtocolContext } from '../protocol-context.js';

/** The merge itself is the loop's: this is what the protocol holds it to (the order, the window, the steps before it). */

/** Records the operator's typed reason for taking PR `pr` out of the workflow's order. */
export async function setOrderReason(p: ProtocolContext, pr: number, reason: string): Promise<string | null> {
  const problem = validOrderReason(reason);
  if (problem) return problem;
  p.o.store.setState({ orderReasons: { ...p.o.store.getState().orderReasons, [pr]: reason.trim() } });
  await p.record({ pr, step: `PR #${pr} taken out of the merge order`, result: `reason: ${reason.trim()}` });
  return null;
}

/** Taking `entry` before a safer PR the loop could take now, with no recorded reason: what to say, else null. */
export function orderProblem(p: ProtocolContext, entry: QueueEntry, queue: readonly QueueEntry[]): string | null {
  if (p.o.store.getState().orderReasons[entry.number]) return null;
  // PRs the loop cannot take now (CI red, conflicting) do not hold the order.
  const candidates = queue.filter((e) => e.ci !== 'failure' && e.ci !== 'error' && e.mergeable !== false);
  const ooo = outOfOrder(candidates, entry.number);
  return ooo
    ? `out of order: PR #${ooo.next.number} (${ooo.next.category}, order ${ooo.next.order}) comes first — type a reason to take PR #${entry.number} now`
    : null;
}

/**
 * What blocks merging `entry` now beyond the loop's own checks: a major during another's
 * stabilisation window (with the time left); a PR out of order without a recorded reason; a
 * protocol whose steps before the merge are not all verified (or a new head since they were).
 */
export function blockers(p: ProtocolContext, entry: QueueEntry, queue: readonly QueueEntry[]): string[] {
  const out: string[] = [];
  const st = p.o.store.getState();
  const protocol = protocolFor(entry, p.o.protocol);
  if (protocol || entry.updateType === 'major') {
    const refusal = windowRefusal(st.window, p.clock.now(), entry.number);
    if (refusal) out.push(refusal);
  }
  // A major or database update taken before safer PRs needs a typed reason; other PRs keep the loop's
  // advisory note (a runbook may merge a minor first). PRs the loop cannot take now (CI red,
  // conflicting) do not hold the order.
  const ooo = protocol ? orderProblem(p, entry, queue) : null;
  if (ooo) out.push(ooo);
  if (protocol) {
    const run = st.runs[entry.number];
    if (!run)
      out.push(
        `${protocol.upgradeClass} protocol (${protocol.risk}): not started — prepare it first (pre-flight${protocol.database ? ', backup, dependents' : ''})`,
      );
    else if (run.headSha && entry.headSha && run.headSha !== entry.headSha)
      out.push(`the PR head moved since its protocol was prepared (${short(run.headSha)} → ${short(entry.headSha)}): prepare it again`);
    else {
      const missing = p.missingBefore(entry.number, 'merge');
      if (missing.length) out.push(`${protocol.upgradeClass} protocol: ${missing.length} step(s) before the merge not verified: ${missing.join('; ')}`);
    }
  }
  return out;
}
