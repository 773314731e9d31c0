import { randomUUID } from 'node:crypto';
import { errorLine } from '../../domain/redact.js';
import { editFromSpec } from '../../domain/issue/edits/from-spec.js';
import { anyCopyIsOwn, specOf, type EditSpec } from '../../domain/issue/edits/spec.js';
import type { BodyEdit } from '../../domain/issue/types.js';
import type { EditMode } from '../../store/issue-store.js';
import { outcomeEntry, unknownOutcomes, type JournalEntry, type QueuedEditRecord } from '../journal/journal.js';
import { inFlightFacts } from '../journal/in-flight.js';
import { writeBodyEdit, type IssueBodyApi, type OfflineWriteQueue, type WriteOptions, type WriteResult } from './body-writer.js';
import { GiteaError } from './errors.js';
import { isUnreachable, type Reachability } from './reachability.js';

/** One edit waiting for Gitea, in the order it was made. */
export interface QueuedEdit {
  id: string;
  number: number;
  edit: BodyEdit;
  spec: EditSpec;
  description: string;
}

export type Settled = 'applied' | 'already' | 'conflict' | 'failed';

/** Where the queue keeps its record: the session's journal (append-only, fsynced, read at start). */
export interface QueueRecord {
  append(entry: JournalEntry): void;
  read(): { entries: JournalEntry[] };
}

export interface OfflineQueueOptions {
  api: IssueBodyApi;
  reachability: Reachability;
  /** Durable record; null keeps the queue in memory only. */
  journal: QueueRecord | null;
  /** How this server protects writes (the issue store's edit mode). */
  mode: () => EditMode;
  now?: () => number;
  /** First retry after an unreachable failure; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
  /** While Gitea is down and nothing is queued, the retry reads the issue instead (the session's refresh). */
  probe?: () => Promise<void>;
  /**
   * A queued edit settled: applied, already there, a conflict (reported, nothing overwritten), or
   * failed. `inFlight`: the journal's records of this edit's earlier replay, left in flight by a
   * crash, whose outcome the settling recorded (landed or re-applied: nobody need verify them).
   */
  onSettled?: (q: QueuedEdit, outcome: Settled, detail: string, inFlight: string[]) => void;
  /** The count or the retry time changed (the header). */
  onChange?: () => void;
}

/**
 * Body edits made while Gitea is unreachable, kept in the journal as data (their EditSpec) and
 * replayed in order through the conflict-safe writer when it answers again. Attached to a client
 * (attachOfflineQueue), it is where writeBodyEdit sends an edit it cannot write: every caller gets it.
 *
 * At most once: each replay is writeBodyEdit, which re-applies the edit to the body Gitea holds
 * now; an edit whose effect is already there (a tick, the same Change Log row) changes nothing. A
 * conflict (its line changed meanwhile) is reported and dropped, never overwritten. An edit is
 * settled in the journal after its write is verified, so a restart resumes what was not.
 */
export class OfflineQueue implements OfflineWriteQueue {
  private pending: QueuedEdit[] = [];
  /** Per queued edit: the in-flight records a crash left of its replay (their stepIds). */
  private leftInFlight = new Map<string, string[]>();
  private draining: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  private stopped = false;
  private off: (() => void) | null = null;
  /** When the next retry runs (null: none scheduled). */
  retryAt: number | null = null;

  constructor(private readonly o: OfflineQueueOptions) {
    this.pending = this.load();
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  /** The edits waiting, oldest first. */
  get queued(): readonly QueuedEdit[] {
    return this.pending;
  }

  /** Retries when Gitea answers again (any request of the client), and on its own timer meanwhile. */
  start(): void {
    this.stopped = false;
    this.off = this.o.reachability.subscribe((s) => {
      if (s.reachable && this.pending.length) void this.replay();
      else if (!s.reachable) this.schedule();
    });
    if (this.pending.length) void this.replay();
    else if (!this.o.reachability.current.reachable) this.schedule();
  }

  stop(): void {
    this.stopped = true;
    this.off?.();
    this.off = null;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.retryAt = null;
  }

  /** The writer's hook: straight through while Gitea answers and nothing waits; queued otherwise. */
  async write(number: number, edit: BodyEdit, options: WriteOptions, direct: (o: WriteOptions) => Promise<WriteResult>): Promise<WriteResult> {
    const down = this.o.reachability.current;
    // Behind edits already queued (order), or while Gitea is known to be down (no 30 s of retries per edit).
    if (this.pending.length || !down.reachable) return this.enqueue(number, edit, options.mode, down.reachable ? 'edits are queued before it' : down.reason);
    try {
      return await direct({ ...options, stopWhenUnreachable: true });
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      return this.enqueue(number, edit, options.mode, err.message);
    }
  }

  private enqueue(number: number, edit: BodyEdit, mode: EditMode, reason: string): WriteResult {
    const spec = specOf(edit);
    if (!spec) throw new GiteaError('network', `Gitea unreachable (${reason}); "${edit.description}" cannot be queued`, { operation: `edit issue #${number}` });
    const q: QueuedEdit = { id: randomUUID(), number, edit, spec, description: edit.description };
    this.record('edit-queued', q, { id: q.id, issue: number, spec }, `queued: ${edit.description} (${reason})`);
    this.pending.push(q);
    if (this.o.reachability.current.reachable) void this.replay();
    else this.schedule();
    this.o.onChange?.();
    return { outcome: 'queued', mode, attempts: 0, queued: this.pending.length, reason };
  }

  /** Writes every queued edit in order; stops at the first unreachable failure and retries later. One at a time. */
  replay(): Promise<void> {
    if (this.draining) return this.draining;
    this.draining = this.drain().finally(() => {
      this.draining = null;
    });
    return this.draining;
  }

  private async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (!this.pending.length) {
      if (!this.o.reachability.current.reachable) await this.o.probe?.().catch(() => undefined);
      if (!this.o.reachability.current.reachable) this.schedule();
      else this.settledAll();
      return;
    }
    while (this.pending.length && !this.stopped) {
      const q = this.pending[0]!;
      let r: WriteResult;
      try {
        r = await writeBodyEdit(this.o.api, q.number, q.edit, { mode: this.o.mode(), direct: true, stopWhenUnreachable: true, queuedId: q.id });
      } catch (err) {
        // Down again, or the server failing (5xx): keep it, in its place, and retry later.
        if (isUnreachable(err) || (err instanceof GiteaError && err.transient)) {
          this.schedule();
          return;
        }
        this.settle(q, 'failed', errorLine(err));
        continue;
      }
      if (r.outcome === 'conflict') this.settle(q, 'conflict', `${r.conflict}; nothing was overwritten`);
      else if (r.outcome === 'ok') this.settle(q, r.changed ? 'applied' : 'already', q.description);
      // 'queued' cannot come back from a direct write; if it did, leave it for the next round.
      else {
        this.schedule();
        return;
      }
    }
    this.settledAll();
  }

  private settledAll(): void {
    this.failures = 0;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.retryAt !== null) {
      this.retryAt = null;
      this.o.onChange?.();
    }
  }

  private settle(q: QueuedEdit, outcome: Settled, detail: string): void {
    this.record('edit-replayed', q, { id: q.id, issue: q.number, outcome }, `${outcome}: ${detail}`);
    this.pending = this.pending.filter((p) => p !== q);
    const inFlight = outcome === 'applied' || outcome === 'already' ? this.settleInFlight(q, outcome) : [];
    this.o.onSettled?.(q, outcome, detail, inFlight);
    this.o.onChange?.();
  }

  /**
   * A crash during this edit's earlier replay left that write in flight: the verified replay now
   * says where it is (already in the body: that write landed; applied: it did not, and is in now),
   * so its outcome is recorded and the verify screen does not ask about it.
   */
  private settleInFlight(q: QueuedEdit, outcome: 'applied' | 'already'): string[] {
    const steps = this.leftInFlight.get(q.id) ?? [];
    this.leftInFlight.delete(q.id);
    const message =
      outcome === 'already'
        ? `landed: the resumed queue found it in the body of #${q.number} (${q.description}); not written again`
        : `did not land: the resumed queue wrote it to #${q.number} (${q.description}), verified`;
    for (const stepId of steps) this.o.journal?.append(outcomeEntry(stepId, new Date(this.now()).toISOString(), 'passed', message));
    return steps;
  }

  /** The next retry, backing off (1, 2, 4 … s up to 15 s); the header counts down to it. */
  private schedule(): void {
    if (this.stopped || this.timer) return;
    const first = this.o.retryMs ?? 1_000;
    const delay = Math.min(first * 2 ** Math.min(this.failures, 10), this.o.maxRetryMs ?? 15_000);
    this.failures++;
    this.retryAt = this.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.replay();
    }, delay);
    this.timer.unref();
    this.o.onChange?.();
  }

  private record(event: 'edit-queued' | 'edit-replayed', q: QueuedEdit, edit: QueuedEditRecord, detail: string): void {
    this.o.journal?.append({ type: 'event', stepId: null, at: new Date(this.now()).toISOString(), event, detail, edit });
  }

  /** The edits the journal queued and never settled, in order: a restarted console resumes them. */
  private load(): QueuedEdit[] {
    if (!this.o.journal) return [];
    const open = new Map<string, QueuedEdit>();
    const entries = this.o.journal.read().entries;
    /**
     * A replay a crash left in flight, sent: its spec as sent knows what the body held then (the
     * copies of its Change Log row), so the resumed replay finds it landed rather than adding it
     * again; sent by a record without that spec, any copy counts as its own.
     */
    const sentSpec = new Map<string, EditSpec | 'counts-unknown'>();
    for (const r of unknownOutcomes(entries)) {
      const f = r.intent.inFlight;
      if (r.outcome === null && f?.what === 'body-write' && f.queued) {
        this.leftInFlight.set(f.queued, [...(this.leftInFlight.get(f.queued) ?? []), r.intent.stepId]);
        const facts = inFlightFacts(r);
        if (facts?.sentSpec) sentSpec.set(f.queued, facts.sentSpec);
        else if (facts?.lines && !sentSpec.has(f.queued)) sentSpec.set(f.queued, 'counts-unknown');
      }
    }
    for (const e of entries) {
      if (e.type !== 'event' || !e.edit) continue;
      if (e.event === 'edit-replayed') open.delete(e.edit.id);
      else if (e.event === 'edit-queued' && e.edit.spec) {
        const sent = sentSpec.get(e.edit.id);
        const spec = sent === 'counts-unknown' ? anyCopyIsOwn(e.edit.spec as EditSpec) : (sent ?? (e.edit.spec as EditSpec));
        try {
          const edit = editFromSpec(spec);
          open.set(e.edit.id, { id: e.edit.id, number: e.edit.issue, edit, spec, description: edit.description });
        } catch {
          // A spec this build cannot read: settle it as failed rather than block the queue.
          this.o.journal.append({
            type: 'event',
            stepId: null,
            at: new Date(this.now()).toISOString(),
            event: 'edit-replayed',
            detail: `failed: the queued edit could not be read (${e.detail})`,
            edit: { id: e.edit.id, issue: e.edit.issue, outcome: 'failed' },
          });
        }
      }
    }
    return [...open.values()];
  }
}
