import { randomUUID } from 'node:crypto';
import { redactSecrets } from '../../domain/redact.js';
import type { ActionResult, ConfirmRequest } from '../../domain/console-engine.js';
import { INTERRUPTED, outcomeEntry, type JournalEntry } from '../journal/journal.js';
import type { GateSource, MaintenanceLog } from './ports.js';

interface RecordPorts {
  journal?: { append(entry: JournalEntry): void } | null;
  log?: MaintenanceLog | null;
  gate: GateSource;
}

/**
 * One merge or PR rollback as the journal and the Change Log keep it, like a step: the intent before
 * anything is sent, the outcome after. A merge the loop succeeded with is ticked by the loop itself;
 * what this adds is the rest — a merge (or revert) that was sent and then failed to sync or to pass
 * the gate, and one the operator quit on while it waited (interrupted — outcome unknown).
 */
export class MergeRecord {
  private readonly stepId = randomUUID();
  private title: string;
  private sentAt: string | null = null;
  private rowWritten = false;

  constructor(
    private readonly kind: 'merge' | 'pr-rollback',
    private readonly pr: number,
    request: ConfirmRequest,
    private readonly o: RecordPorts,
  ) {
    this.title = request.title;
    this.append({
      type: 'intent',
      stepId: this.stepId,
      at: new Date().toISOString(),
      issue: null,
      itemId: null,
      itemLine: null,
      title: request.title,
      kind,
      commandText: request.command,
      mode: 'WRITE',
      attempt: 1,
      // A restart asks Gitea whether this PR merged when no outcome follows (src/services/steps/in-flight-check.ts).
      inFlight: { what: 'merge', pr },
    });
  }

  private append(entry: JournalEntry): void {
    try {
      this.o.journal?.append(entry);
    } catch {
      // The journal is the record of last resort; a full disk must not fail the merge itself.
    }
  }

  /** The merge (or revert commit) is being sent: from here a failure is a failed merge, not a refusal. */
  sent(title: string): void {
    this.title = title;
    this.sentAt = new Date().toISOString();
    this.progress(`${this.kind === 'merge' ? 'merge' : 'revert'} of PR #${this.pr} sent`);
  }

  /** The merge moved on (merged, waiting for its sync, synced): a restart after a kill -9 tells how far it got. */
  progress(detail: string): void {
    this.append({ type: 'event', stepId: this.stepId, at: new Date().toISOString(), event: 'progress', detail: redactSecrets(detail) });
  }

  /** The loop wrote the Change Log row itself (a merge that stopped after it was merged). */
  logged(): void {
    this.rowWritten = true;
  }

  /** `stopped`: the operator's stop key (or Ctrl-C) ended the wait: a cancel, not a failure. */
  async finish(r: ActionResult, closing: boolean, stopped = false): Promise<void> {
    const interrupted = closing && this.sentAt !== null && !r.ok;
    const halted = !interrupted && stopped && this.sentAt !== null && !r.ok;
    const status = r.ok ? 'passed' : interrupted ? 'interrupted' : halted ? 'cancelled' : this.sentAt ? 'failed' : 'error';
    const what = this.kind === 'merge' ? 'merge' : 'rollback';
    const message = r.ok ? r.message : interrupted ? `${INTERRUPTED}: the console quit while the ${what} of PR #${this.pr} waited (${r.reason})` : r.reason;
    this.append(outcomeEntry(this.stepId, new Date().toISOString(), status, redactSecrets(message), this.sentAt ? Date.now() - Date.parse(this.sentAt) : null));
    if (r.ok || !this.sentAt || !this.o.log || this.rowWritten) return;
    const outcome = interrupted || halted ? message : `${what} failed: ${r.reason}`;
    try {
      const said = await this.o.log.record({
        pr: this.pr,
        title: this.title,
        outcome: redactSecrets(outcome),
        tick: false,
        kind: interrupted ? 'interrupted' : halted ? 'stopped' : 'failed',
        status: this.o.gate.current()?.overall,
      });
      this.append({ type: 'event', stepId: this.stepId, at: new Date().toISOString(), event: 'body-updated', detail: said });
    } catch (err) {
      this.append({
        type: 'event',
        stepId: this.stepId,
        at: new Date().toISOString(),
        event: 'body-update-failed',
        detail: redactSecrets(err instanceof Error ? err.message : String(err)),
      });
    }
  }
}
