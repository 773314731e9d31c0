import { createHash } from 'node:crypto';
import type { BodyEdit } from '../../domain/issue/types.js';
import type { EditMode } from '../../store/issue-store.js';
import { GiteaError } from './errors.js';
import { isUnreachable } from './reachability.js';

/** The two calls the writer needs; GiteaClient provides them, tests may wrap them. */
export interface IssueBodyApi {
  getIssue(number: number): Promise<{ body: string; content_version?: number }>;
  editIssueBody(number: number, body: string, contentVersion?: number): Promise<{ body: string; content_version?: number }>;
  /** The client's timing (GiteaClient has it): the per-request deadline and the first backoff. */
  readonly writeTiming?: WriteTiming;
}

/** How long things take on this server, from which the writer's waits are derived. */
export interface WriteTiming {
  /** Per-request deadline: a write not answered within it may still land later. */
  requestTimeoutMs: number;
  /** First pause before a retry; doubles per failure, with jitter. */
  backoffMs: number;
}

/** A write of ours that landed after the console had stopped waiting for it. */
export interface LateWrite {
  /** Lines a human had saved (seen in the read before) that the late write removed. */
  lines: string[];
  /** true: put back through the conflict-safe path; false: the issue changed again first, so it was reported, not written. */
  restored: boolean;
}

export type WriteResult =
  | {
      outcome: 'ok';
      mode: EditMode;
      attempts: number;
      body: string;
      contentVersion: number | null;
      changed: boolean;
      /** Late writes seen (and repaired) while this edit was written. */
      lateWrites?: LateWrite[];
    }
  /**
   * The edit's own target changed under it (e.g. a human edited that line): nothing more was written.
   * `wrote`: an earlier attempt of this edit was sent without a guard (last writer wins), so it is
   * not known that nothing was overwritten.
   */
  | { outcome: 'conflict'; mode: EditMode; attempts: number; conflict: string; body: string; wrote: boolean; lateWrites?: LateWrite[] }
  /**
   * Gitea is unreachable: the edit was queued in the journal (durable) and is replayed, in order and
   * verified, when Gitea answers again (src/services/gitea/offline-queue.ts). Nothing was written yet.
   */
  | { outcome: 'queued'; mode: EditMode; attempts: number; queued: number; reason: string; lateWrites?: LateWrite[] };

export interface WriteOptions {
  mode: EditMode;
  /** Bound on re-fetch/re-apply rounds (409s, failed verifications, failed writes). */
  maxAttempts?: number;
  /** Called after each round with what happened, for the journal and the header. */
  onRound?: (round: { attempt: number; what: 'patched' | 'stale' | 'removed' | 'unchanged' | 'failed' | 'late-write' | 'restored'; detail?: string }) => void;
  /** Write now, past any offline queue (the queue's own replay). */
  direct?: boolean;
  /** Give up at the first unreachable failure instead of retrying (the queue retries). */
  stopWhenUnreachable?: boolean;
  /** Overrides of the timing derived from the client (tests). */
  timing?: Partial<WriteTiming & { recheckMs: number; settleMs: number; deadlineMs: number }>;
  /** Called just before each PATCH with the body read and the body about to be sent. */
  onSend?: (read: string, sent: string) => void;
  /** The offline queue's id of the edit this write replays (the journal links the two). */
  queuedId?: string;
}

export type WriteRound = Parameters<NonNullable<WriteOptions['onRound']>>[0];

/** One write as an observer follows it: each PATCH about to go out, each round, and how it ended. */
export interface WriteWatch {
  sending(read: string, sent: string): void;
  round(round: WriteRound): void;
  end(end: { ok: true; result: WriteResult } | { ok: false; error: unknown }): void;
}

/** Starts following one write of `edit` to issue `number` (the journal's in-flight record does). */
export type WriteObserver = (number: number, edit: BodyEdit, write?: { queuedId?: string }) => WriteWatch;

/** Kinds after which a PATCH may or may not have happened (the answer, not the question, was lost). */
const UNKNOWN_OUTCOME = new Set(['network', 'timeout', 'bad-response']);
/** Kinds that are the server failing (not a conflict): retried with backoff, reported as the server's. */
const SERVER_FAILURE = new Set(['server', 'network', 'timeout', 'bad-response', 'checking']);

interface Pending {
  number: number;
  sent: string;
  edit: BodyEdit;
  /** No other write before this (unless it is seen landing first). */
  until: number;
  /** Still recognised when it lands until this: a slow server may apply it long after. */
  forgetAt: number;
}

/** How long a write with an unknown outcome is still recognised if it lands: far past its window. */
const REMEMBER_MS = 10 * 60_000;

/** Per client: writes whose outcome is unknown, and the last body read of each issue. */
interface Ledger {
  pending: Pending[];
  lastRead: Map<number, string>;
  /** Who records a late write (the console: a message and a journal event), whichever read found it. */
  listeners: Set<LateWriteListener>;
  /** Who follows every write made through this client (the journal's in-flight record). */
  observers: Set<WriteObserver>;
}
const ledgers = new WeakMap<object, Ledger>();
const ledgerOf = (api: object): Ledger => {
  let l = ledgers.get(api);
  if (!l) ledgers.set(api, (l = { pending: [], lastRead: new Map(), listeners: new Set(), observers: new Set() }));
  return l;
};

export type LateWriteListener = (number: number, late: LateWrite & { description: string }) => void;

/**
 * Hears every late write found on this client's reads (the writer's own, or a poll's), repaired
 * or not: callers of writeBodyEdit need not each remember to record `lateWrites`.
 */
export function onLateWrite(api: object, listener: LateWriteListener): () => void {
  const ledger = ledgerOf(api);
  ledger.listeners.add(listener);
  return () => ledger.listeners.delete(listener);
}

/**
 * Follows every write made through this client, whichever caller makes it (steps, merges, recon,
 * closure, the CLI): the session records each in the journal as in flight until its outcome.
 */
export function observeWrites(api: object, observer: WriteObserver): () => void {
  const ledger = ledgerOf(api);
  ledger.observers.add(observer);
  return () => ledger.observers.delete(observer);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const jitter = (ms: number) => Math.round(ms * (0.5 + Math.random()));

/** Lines of `before` that are not in `after` (as a multiset), blank lines left out. */
export function removedLines(before: string, after: string): string[] {
  const left = new Map<string, number>();
  for (const l of after.split(/\r?\n/)) left.set(l, (left.get(l) ?? 0) + 1);
  const out: string[] = [];
  for (const l of before.split(/\r?\n/)) {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    else if (l.trim()) out.push(l);
  }
  return out;
}

/**
 * Writes one BodyEdit to a live issue without erasing anyone else's change.
 *
 * content-version (Gitea ≥ 1.26): GET → apply → PATCH with the version read; on 409 re-read and
 * re-apply. The server's compare-and-swap guarantees nothing is overwritten.
 *
 * last-writer-wins (older Gitea, Forgejo): GET immediately before the PATCH (never a body read
 * earlier), apply, PATCH, GET again and check `isApplied`, and once more a short while later. A
 * PATCH whose answer was lost (timeout, reset) may still land: no other write is sent until it is
 * seen landing or its window (two request deadlines) has passed, and if it lands late over lines a
 * human saved meanwhile, those lines are put back (only if the body is still exactly what the late
 * write left; otherwise they are reported). A human save landing between a GET and its PATCH is
 * lost: the one round trip no client can close without a server-side guard.
 *
 * Either way an edit that reports a conflict (its line was changed by someone else) stops the
 * write: the conflict is returned, never overwritten. Server failures (5xx, resets, timeouts,
 * malformed answers) are retried with backoff and jitter, within a bound, and reported as the
 * server's failure, never as a conflict.
 */
export async function writeBodyEdit(api: IssueBodyApi, number: number, edit: BodyEdit, options: WriteOptions): Promise<WriteResult> {
  const queue = offlineQueues.get(api);
  if (queue && !options.direct) return queue.write(number, edit, options, (o) => writeBodyEdit(api, number, edit, { ...o, direct: true }));
  // A queued edit is not in flight: it is written (and followed) when the queue replays it, directly.
  const watches = [...ledgerOf(api).observers].map((observe) => observe(number, edit, options.queuedId ? { queuedId: options.queuedId } : undefined));
  const watched: WriteOptions = watches.length
    ? {
        ...options,
        onRound: (r) => {
          options.onRound?.(r);
          for (const w of watches) w.round(r);
        },
        onSend: (read, sent) => {
          options.onSend?.(read, sent);
          for (const w of watches) w.sending(read, sent);
        },
      }
    : options;
  let result: WriteResult;
  try {
    result = await writeOnce(api, number, edit, watched);
  } catch (error) {
    for (const w of watches) w.end({ ok: false, error });
    throw error;
  }
  for (const w of watches) w.end({ ok: true, result });
  if (result.outcome === 'ok' && result.changed) rememberWrite(number, result.body, edit.description);
  return result;
}

/** Where edits go while Gitea is unreachable (one per client; the console session attaches it). */
export interface OfflineWriteQueue {
  write(number: number, edit: BodyEdit, options: WriteOptions, direct: (options: WriteOptions) => Promise<WriteResult>): Promise<WriteResult>;
}
const offlineQueues = new WeakMap<object, OfflineWriteQueue>();

/** Every writeBodyEdit on `api` goes through `queue` (which writes directly while Gitea answers); returns the detach. */
export function attachOfflineQueue(api: object, queue: OfflineWriteQueue): () => void {
  offlineQueues.set(api, queue);
  return () => {
    if (offlineQueues.get(api) === queue) offlineQueues.delete(api);
  };
}

/**
 * The bodies this process wrote, by issue: a poll that reads one of them sees our own edit, any
 * other change of the body was made elsewhere (the issue view's "who changed what"). Every write
 * path goes through writeBodyEdit, so the answer holds for steps, merges, recon and closure alike.
 */
const written = new Map<string, { description: string; at: number }>();
const WRITTEN_KEPT = 100;
const writeKey = (number: number, body: string) => `${number}:${createHash('sha256').update(body).digest('hex')}`;

function rememberWrite(number: number, body: string, description: string): void {
  written.set(writeKey(number, body), { description, at: Date.now() });
  while (written.size > WRITTEN_KEPT) written.delete(written.keys().next().value!);
}

/** What this process wrote when it left issue `number` with exactly `body`; null when it did not. */
export function writtenHere(number: number, body: string): { description: string; at: number } | null {
  return written.get(writeKey(number, body)) ?? null;
}

/** The most one edit may take, retries and waits included (a longer --timeout still gets one try). */
export const WRITE_BOUND_MS = 30_000;

/** The writer's waits, from the client's per-request deadline and first backoff. */
export function writeBudget(base: WriteTiming): WriteTiming & { recheckMs: number; settleMs: number; deadlineMs: number } {
  return {
    requestTimeoutMs: base.requestTimeoutMs,
    backoffMs: base.backoffMs,
    recheckMs: Math.min(2_000, base.backoffMs * 4),
    // A PATCH whose answer was lost is watched for this long before it is taken for dead.
    settleMs: base.requestTimeoutMs * 2,
    deadlineMs: Math.max(WRITE_BOUND_MS, base.requestTimeoutMs + base.backoffMs),
  };
}

async function writeOnce(api: IssueBodyApi, number: number, edit: BodyEdit, options: WriteOptions): Promise<WriteResult> {
  const { mode } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const note = options.onRound ?? (() => {});
  const t = { ...writeBudget(api.writeTiming ?? { requestTimeoutMs: 10_000, backoffMs: 250 }), ...options.timing };
  const started = Date.now();
  /** Time left in the bound; a PATCH is only sent when its answer is due before the bound ends. */
  const left = () => started + t.deadlineMs - Date.now();
  const canSend = () => attempt <= 1 || left() >= t.requestTimeoutMs;
  const ledger = ledgerOf(api);
  const lateWrites: LateWrite[] = [];
  let wrote = false;
  let failures = 0;
  let lastFailure: GiteaError | null = null;
  let lastRoundFailed = false;
  let attempt = 0;

  /** A GET that also notices one of our unknown-outcome writes landing late, and repairs it. */
  const read = async (): Promise<{ body: string; content_version?: number }> => {
    const issue = await api.getIssue(number);
    const late = await repairLateWrite(api, number, issue);
    if (!late) return issue;
    lateWrites.push(late.late);
    note({ attempt, what: late.late.restored ? 'restored' : 'late-write', detail: late.late.lines.join('\n') });
    return late.issue;
  };

  /** No write while one of ours with an unknown outcome may still land: watch for it until its window ends. */
  const quiet = async (): Promise<boolean> => {
    for (;;) {
      const open = ledger.pending.filter((p) => p.number === number && p.until > Date.now());
      if (open.length === 0) return true;
      // Still unknown when no later write could be answered within the bound: stop here, say so.
      if (!canSend()) return false;
      await sleep(Math.max(0, Math.min(500, Math.max(10, t.backoffMs * 2), left())));
      await read();
    }
  };

  const failed = async (err: unknown, sent: string | null): Promise<void> => {
    if (!(err instanceof GiteaError) || !SERVER_FAILURE.has(err.kind)) throw err;
    failures++;
    lastFailure = err;
    lastRoundFailed = true;
    if (sent !== null && mode === 'last-writer-wins' && UNKNOWN_OUTCOME.has(err.kind)) {
      ledger.pending.push({ number, sent, edit, until: Date.now() + t.settleMs, forgetAt: Date.now() + Math.max(REMEMBER_MS, t.settleMs) });
    }
    // The offline queue retries: hand it the failure now (the ledger above still guards a late landing).
    if (options.stopWhenUnreachable && isUnreachable(err)) throw err;
    note({ attempt, what: 'failed', detail: err.message });
    if (left() > 0) await sleep(Math.min(jitter(t.backoffMs * 2 ** Math.min(failures - 1, 5)), left()));
  };

  const withLate = <R extends WriteResult>(r: R): R => (lateWrites.length ? { ...r, lateWrites } : r);

  while (attempt < maxAttempts && (attempt === 0 || left() >= t.requestTimeoutMs)) {
    attempt++;
    const afterFailure = lastRoundFailed;
    lastRoundFailed = false;
    if (mode === 'last-writer-wins' && !(await quiet())) {
      // An earlier write of this edit may still land: no second one, and the bound is reached.
      attempt--;
      lastRoundFailed = true;
      break;
    }
    const fresh = await read();
    if (!canSend()) {
      // The reads took the rest of the bound: a PATCH now could be answered only after it.
      attempt--;
      lastRoundFailed = afterFailure;
      break;
    }
    const applied = edit.apply(fresh.body);
    if (!applied.ok) return withLate({ outcome: 'conflict', mode, attempts: attempt, conflict: applied.conflict, body: fresh.body, wrote });

    if (mode === 'content-version') {
      if (fresh.content_version === undefined) {
        throw new GiteaError('bad-response', 'server sent no content_version; use last-writer-wins mode', { operation: `edit issue #${number}` });
      }
      if (!applied.changed) {
        note({ attempt, what: 'unchanged' });
        return withLate({ outcome: 'ok', mode, attempts: attempt, body: fresh.body, contentVersion: fresh.content_version, changed: false });
      }
      try {
        options.onSend?.(fresh.body, applied.body);
        const written = await api.editIssueBody(number, applied.body, fresh.content_version);
        note({ attempt, what: 'patched' });
        return withLate({ outcome: 'ok', mode, attempts: attempt, body: written.body, contentVersion: written.content_version ?? null, changed: true });
      } catch (err) {
        if (err instanceof GiteaError && err.kind === 'conflict') {
          note({ attempt, what: 'stale' });
          continue;
        }
        await failed(err, null);
        // The answer was lost, not the question: look before trying again (never re-send blindly).
        const now = await read();
        if (edit.isApplied(now.body))
          return withLate({ outcome: 'ok', mode, attempts: attempt, body: now.body, contentVersion: now.content_version ?? null, changed: true });
        continue;
      }
    }

    if (applied.changed) {
      try {
        options.onSend?.(fresh.body, applied.body);
        await api.editIssueBody(number, applied.body);
        wrote = true;
        note({ attempt, what: 'patched' });
      } catch (err) {
        if (err instanceof GiteaError && UNKNOWN_OUTCOME.has(err.kind)) wrote = true;
        await failed(err, applied.body);
        continue;
      }
    } else {
      note({ attempt, what: 'unchanged' });
    }
    const check = await read();
    if (edit.isApplied(check.body)) {
      // Verify again a short while later: a late write (ours or a proxy's replay) may still land.
      if (t.recheckMs > 0) await sleep(t.recheckMs);
      const again = await read();
      if (edit.isApplied(again.body)) {
        return withLate({
          outcome: 'ok',
          mode,
          attempts: attempt,
          body: again.body,
          contentVersion: again.content_version ?? null,
          changed: applied.changed || wrote,
        });
      }
    }
    note({ attempt, what: 'removed' });
  }
  const operation = `edit issue #${number} (${edit.description})`;
  const serverFailure = lastFailure as GiteaError | null;
  if (serverFailure && lastRoundFailed) {
    // Every round failed at the server: name it, with its status and first line, never "a conflict".
    const unknown = mode === 'last-writer-wins' && wrote ? '; an unanswered write may still land, check the issue' : '';
    throw new GiteaError(serverFailure.kind, `the server failed ${failures} write${failures === 1 ? '' : 's'}: ${serverFailure.message}${unknown}`, {
      status: serverFailure.status,
      operation,
    });
  }
  const why =
    mode === 'content-version'
      ? `the issue kept changing; gave up after ${attempt} attempts without overwriting anything`
      : `later saves kept removing the edit; gave up after ${attempt} attempts`;
  throw new GiteaError('conflict', why, { operation });
}

/**
 * Call with every body read of an issue (the writer does; the issue poller should): when it is
 * exactly a write of ours whose answer was lost, landing now over a body read before it, the lines
 * it removed are put back through the conflict-safe path (only while the body is still exactly what
 * the late write left) and the repair is returned for the record. null: nothing late landed.
 */
export async function repairLateWrite(
  api: IssueBodyApi,
  number: number,
  issue: { body: string; content_version?: number },
): Promise<{ late: LateWrite; issue: { body: string; content_version?: number } } | null> {
  const ledger = ledgerOf(api);
  const now = Date.now();
  ledger.pending = ledger.pending.filter((p) => p.forgetAt > now);
  const before = ledger.lastRead.get(number);
  ledger.lastRead.set(number, issue.body);
  const late = ledger.pending.find((p) => p.number === number && p.sent === issue.body);
  if (!late) return null;
  ledger.pending.splice(ledger.pending.indexOf(late), 1);
  if (before === undefined || before === issue.body) return null;
  const repaired = late.edit.apply(before);
  const target = repaired.ok ? repaired.body : before;
  // Lines the edit itself replaces (the unticked box) are not losses.
  const own = new Set(removedLines(before, target));
  const lines = removedLines(before, issue.body).filter((l) => !own.has(l));
  if (lines.length === 0) return null;
  const told = (found: LateWrite) => {
    for (const l of ledger.listeners) l(number, { ...found, description: late.edit.description });
    return found;
  };
  const fresh = await api.getIssue(number);
  ledger.lastRead.set(number, fresh.body);
  if (fresh.body !== issue.body) return { late: told({ lines, restored: false }), issue: fresh };
  // The repair is a body write like any other: followed in flight (the journal) until its outcome.
  const restore: BodyEdit = {
    description: `put back ${lines.length} line(s) a late write of "${late.edit.description}" removed`,
    apply: (b) => (b === issue.body ? { ok: true, body: target, changed: true } : { ok: true, body: b, changed: false }),
    isApplied: (b) => lines.every((l) => b.split(/\r?\n/).includes(l)),
  };
  const watches = [...ledger.observers].map((observe) => observe(number, restore));
  for (const w of watches) w.sending(issue.body, target);
  let after: { body: string; content_version?: number };
  try {
    await api.editIssueBody(number, target);
    after = await api.getIssue(number);
  } catch (error) {
    for (const w of watches) w.end({ ok: false, error });
    throw error;
  }
  ledger.lastRead.set(number, after.body);
  const result: WriteResult = {
    outcome: 'ok',
    mode: 'last-writer-wins',
    attempts: 1,
    body: after.body,
    contentVersion: after.content_version ?? null,
    changed: true,
  };
  for (const w of watches) w.end({ ok: true, result });
  return { late: told({ lines, restored: after.body === target }), issue: after };
}
