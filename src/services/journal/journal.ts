import { closeSync, fstatSync, fsyncSync, ftruncateSync, mkdirSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import os from 'node:os';
import path from 'node:path';
import { redactDeep } from '../../domain/redact.js';
import type { BodyLines, InFlightSubject } from '../../domain/steps/in-flight.js';
import { UNKNOWN_OUTCOME } from '../../domain/steps/unknown-hold.js';

/** The record of a step, written before it runs. */
export interface IntentEntry {
  type: 'intent';
  stepId: string;
  at: string;
  issue: string | null;
  itemId: string | null;
  itemLine: number | null;
  title: string;
  kind: 'typed' | 'runbook' | 'manual' | 'rollback' | 'escalation' | 'safe-state' | 'merge' | 'pr-rollback' | 'body-write' | 'closure';
  commandText: string;
  mode: 'WRITE' | 'DRY-RUN' | 'READ-ONLY';
  attempt: number;
  /** Where the step acted: the kube context and the Gitea host of the session (stamped by the Journal). */
  kubeContext?: string | null;
  giteaHost?: string | null;
  /** A write in flight (src/services/journal/in-flight.ts): what a restart checks when no outcome follows. */
  inFlight?: InFlightSubject;
}

/** The session's targets, asked at each intent (the kube context is known once the kubeconfig is read). */
export type JournalWhere = () => { kubeContext: string | null; giteaHost: string | null };

/** The record of how it ended, written after it ran (or was judged). */
export interface OutcomeEntry {
  type: 'outcome';
  stepId: string;
  at: string;
  /** `interrupted`: the console quit while it ran or before its verdict — its outcome is unknown. */
  status: 'passed' | 'failed' | 'cancelled' | 'error' | 'ran' | 'verified-by-operator' | 'deferred' | 'interrupted';
  exitCode: number | null;
  durationMs: number | null;
  outputTail: string[];
  message: string | null;
  /** The step's full output, kept in the state dir (src/services/runner/output-file.ts). */
  outputFile?: string;
}

/**
 * The outcome of a record no process of its own ran for — a write, a merge, a verdict, a
 * verification, a crash's record settled: no exit code, no output; the duration when it is known.
 */
export function outcomeEntry(
  stepId: string,
  at: string,
  status: OutcomeEntry['status'],
  message: string | null,
  durationMs: number | null = null,
): OutcomeEntry {
  return { type: 'outcome', stepId, at, status, exitCode: null, durationMs, outputTail: [], message };
}

/** Anything else worth keeping for the closure notes: judgement, body update, escalation. */
export interface EventEntry {
  type: 'event';
  stepId: string | null;
  at: string;
  event:
    | 'judged'
    | 'body-updated'
    | 'body-update-failed'
    | 'escalated'
    /** The operator lifted the escalation's stop. */
    | 'resumed'
    | 'refused'
    | 'dry-run'
    | 'upgrade-stage'
    | 'interrupted'
    /** A full recon's verdict, and items added from its findings. */
    | 'recon'
    | 'recon-items-added'
    /** Closure: refused (what stands), cancelled, done, failed. */
    | 'closure'
    /** A related issue or PR acted on (closed with its note, closed unmerged). */
    | 'related'
    /** A step's command started in its own process group (`pgid`): a restarted console looks for survivors. */
    | 'spawned'
    /** The operator's finding on an outcome nobody knew (after a crash): done, failed, or still unknown. */
    | 'verified'
    /** Gitea unreachable: a body edit kept (as data, `edit`) to be replayed when it answers. */
    | 'edit-queued'
    /** A queued edit settled (`edit.outcome`): applied, already in the body, a conflict reported, or failed. */
    | 'edit-replayed'
    /** A write in flight moved on (a PATCH sent, a merge made, one of the closure's writes done). */
    | 'progress';
  detail: string;
  /** With `spawned`: the process group the command runs in. */
  pgid?: number;
  /** With `edit-queued` / `edit-replayed`: the queued edit (src/services/gitea/offline-queue.ts). */
  edit?: QueuedEditRecord;
  /** With `progress` of a body write about to be sent: the lines it adds and removes (a restart looks for them). */
  lines?: BodyLines;
  /**
   * With that `progress`: the edit as data as it was sent (an EditSpec; after its first apply it
   * knows what the body held, e.g. the copies of a Change Log row already there), for a restart.
   */
  spec?: unknown;
}

/** A queued body edit in the journal: which issue, what (as data), and how it settled. */
export interface QueuedEditRecord {
  id: string;
  issue: number;
  /** The edit as data (an EditSpec): rebuilt and replayed after a restart. */
  spec?: unknown;
  outcome?: 'applied' | 'already' | 'conflict' | 'failed';
}

export type JournalEntry = IntentEntry | OutcomeEntry | EventEntry;

/** `$XDG_STATE_HOME/homelab-console/journal.jsonl` (default `~/.local/state/…`). */
export function journalPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.local', 'state');
  return path.join(base, 'homelab-console', 'journal.jsonl');
}

/** Masks secrets in every string of an entry (the one redactor: registered values, URL credentials). */
export function redactEntry<T extends JournalEntry>(entry: T): T {
  return redactDeep(entry);
}

/** `JSON<TAB>crc32` — JSON.stringify never emits a raw tab, so the last tab separates the checksum. */
const FRAME = /^(.*)\t([0-9a-f]{8})$/s;

/** A torn last line moved out of the journal: how long it was, where it started, where it went. */
export interface TornTail {
  bytes: number;
  offset: number;
  file: string;
}

/** One framed line: the entry's JSON, a tab, and the CRC-32 of the JSON's UTF-8 bytes. */
export function frameLine(json: string): Buffer {
  const body = Buffer.from(json, 'utf8');
  return Buffer.concat([body, Buffer.from(`\t${crc32(body).toString(16).padStart(8, '0')}\n`, 'utf8')]);
}

/** The JSON of a framed line if its checksum holds; a plain line (journals before framing) as it is; null when torn. */
export function unframeLine(raw: string): string | null {
  const m = FRAME.exec(raw);
  if (!m) return raw.includes('\t') ? null : raw;
  const json = m[1]!;
  return crc32(Buffer.from(json, 'utf8')).toString(16).padStart(8, '0') === m[2] ? json : null;
}

function stripUnset(entry: IntentEntry): IntentEntry {
  const out = { ...entry };
  if (out.kubeContext === undefined) delete out.kubeContext;
  if (out.giteaHost === undefined) delete out.giteaHost;
  return out;
}

/**
 * Append-only, one checksummed JSON object per line. Each append is ONE write(2) of the whole
 * framed line on an O_APPEND descriptor, then fsync. A kill -9 can still cut a large write short;
 * so a line whose checksum fails is torn, and before every append a tail without its newline (the
 * torn end of the previous process's last write) is moved to `<file>.torn` and cut off, so it can
 * never run into the next entry and swallow it.
 */
export class Journal {
  /**
   * `where` stamps every intent with the session's kube context and Gitea host, here at the one
   * place every step, merge and rollback is journaled, so no path can leave them out.
   */
  constructor(
    readonly file: string = journalPath(),
    private readonly where?: JournalWhere,
  ) {}

  /** Where torn tails are set aside (appended, never overwritten). */
  get tornFile(): string {
    return `${this.file}.torn`;
  }

  append(given: JournalEntry): void {
    const entry: JournalEntry = given.type === 'intent' && this.where ? { ...this.where(), ...stripUnset(given) } : given;
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const line = frameLine(JSON.stringify(redactEntry(entry)));
    const fd = openSync(this.file, 'a+', 0o600);
    try {
      this.setAsideTornTail(fd);
      const written = writeSync(fd, line, 0, line.length);
      // A short write leaves a torn line: the next append (or read) sets it aside; report it now.
      if (written !== line.length) throw new Error(`journal: short write (${written} of ${line.length} bytes) to ${this.file}`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /**
   * Sets a torn tail aside now (a console starting after a crash calls this, so the operator is told
   * before anything is appended); null when the journal ends cleanly or does not exist.
   */
  repairTail(): TornTail | null {
    let fd: number;
    try {
      fd = openSync(this.file, 'r+');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
    try {
      return this.setAsideTornTail(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** If the file does not end in a newline, its last partial line is torn: keep it aside, cut it off. */
  private setAsideTornTail(fd: number): TornTail | null {
    const size = fstatSync(fd).size;
    if (size === 0) return null;
    const last = Buffer.alloc(1);
    readSync(fd, last, 0, 1, size - 1);
    if (last[0] === 0x0a) return null;
    // Find the start of the torn line, reading backwards in chunks.
    let start = size;
    const chunk = Buffer.alloc(64 * 1024);
    while (start > 0) {
      const from = Math.max(0, start - chunk.length);
      const n = readSync(fd, chunk, 0, start - from, from);
      const nl = chunk.subarray(0, n).lastIndexOf(0x0a);
      if (nl >= 0) {
        start = from + nl + 1;
        break;
      }
      start = from;
    }
    const torn = Buffer.alloc(size - start);
    readSync(fd, torn, 0, torn.length, start);
    const aside = openSync(this.tornFile, 'a', 0o600);
    try {
      writeSync(
        aside,
        Buffer.concat([Buffer.from(`${new Date().toISOString()} torn tail of ${size - start} bytes at offset ${start}: `), torn, Buffer.from('\n')]),
      );
      fsyncSync(aside);
    } finally {
      closeSync(aside);
    }
    ftruncateSync(fd, start);
    fsyncSync(fd);
    return { bytes: size - start, offset: start, file: this.tornFile };
  }

  /** Every entry; a torn (checksum) or foreign line is reported, never thrown, and never joined to its neighbour. */
  read(): { entries: JournalEntry[]; bad: Array<{ line: number; text: string }> } {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], bad: [] };
      throw err;
    }
    const entries: JournalEntry[] = [];
    const bad: Array<{ line: number; text: string }> = [];
    text.split('\n').forEach((raw, i) => {
      if (!raw.trim()) return;
      const json = unframeLine(raw);
      try {
        if (json === null) throw new Error('torn');
        const v = JSON.parse(json) as JournalEntry;
        if (v && typeof v === 'object' && (v.type === 'intent' || v.type === 'outcome' || v.type === 'event')) entries.push(v);
        else bad.push({ line: i + 1, text: raw.slice(0, 200) });
      } catch {
        bad.push({ line: i + 1, text: raw.slice(0, 200) });
      }
    });
    return { entries, bad };
  }
}

export interface StepRecord {
  intent: IntentEntry;
  outcome: OutcomeEntry | null;
  events: EventEntry[];
}

/** Groups entries by step, in intent order. */
export function stepRecords(entries: JournalEntry[]): StepRecord[] {
  const byId = new Map<string, StepRecord>();
  for (const e of entries) {
    if (e.type === 'intent') byId.set(e.stepId, { intent: e, outcome: null, events: [] });
    else if (e.type === 'outcome') {
      const r = byId.get(e.stepId);
      if (r) r.outcome = e;
    } else if (e.stepId) byId.get(e.stepId)?.events.push(e);
  }
  return [...byId.values()];
}

/**
 * Steps whose outcome nobody knows: an intent and no outcome (the process died while they ran), or
 * an outcome of `interrupted` (the operator quit before the verdict) not since verified. Never assumed done.
 */
export function unknownOutcomes(entries: JournalEntry[]): StepRecord[] {
  return stepRecords(entries).filter(isUnknown);
}

/**
 * No outcome (it died running), `interrupted` (quit before the verdict), or `ran` with no verdict
 * after it (the console died while the step awaited the operator's pass or fail).
 */
export function isUnknown(r: StepRecord): boolean {
  if (r.outcome === null || r.outcome.status === 'interrupted') return true;
  return r.outcome.status === 'ran' && !r.events.some((e) => e.event === 'judged');
}

/** The process groups a step's commands ran in (journaled as they started). */
export function spawnedGroups(r: StepRecord): number[] {
  return r.events.flatMap((e) => (e.event === 'spawned' && typeof e.pgid === 'number' ? [e.pgid] : []));
}

export { UNKNOWN_OUTCOME };
export type { InFlightSubject };

/** What a quit while a step awaited its verdict (or a merge waited for its sync) records, in the issue and here. */
export const INTERRUPTED = 'interrupted — outcome unknown';
