import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { redactSecrets } from '../../domain/redact.js';

/** The record of a step, written before it runs. */
export interface IntentEntry {
  type: 'intent';
  stepId: string;
  at: string;
  issue: string | null;
  itemId: string | null;
  itemLine: number | null;
  title: string;
  kind: 'typed' | 'runbook' | 'manual' | 'rollback' | 'escalation' | 'safe-state' | 'merge';
  commandText: string;
  mode: 'WRITE' | 'DRY-RUN' | 'READ-ONLY';
  attempt: number;
}

/** The record of how it ended, written after it ran (or was judged). */
export interface OutcomeEntry {
  type: 'outcome';
  stepId: string;
  at: string;
  status: 'passed' | 'failed' | 'cancelled' | 'error' | 'ran' | 'verified-by-operator';
  exitCode: number | null;
  durationMs: number | null;
  outputTail: string[];
  message: string | null;
}

/** Anything else worth keeping for the closure notes: judgement, body update, escalation. */
export interface EventEntry {
  type: 'event';
  stepId: string | null;
  at: string;
  event: 'judged' | 'body-updated' | 'body-update-failed' | 'escalated' | 'refused' | 'dry-run';
  detail: string;
}

export type JournalEntry = IntentEntry | OutcomeEntry | EventEntry;

/** `$XDG_STATE_HOME/homelab-console/journal.jsonl` (default `~/.local/state/…`). */
export function journalPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.local', 'state');
  return path.join(base, 'homelab-console', 'journal.jsonl');
}

/** Masks secrets in every string of an entry (tokens, passwords, Authorization headers, registered values). */
export function redactEntry<T extends JournalEntry>(entry: T): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return redactSecrets(v);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    return v;
  };
  return walk(entry) as T;
}

/**
 * Append-only, one JSON object per line. Each append is one write(2) of a whole line on an
 * O_APPEND descriptor followed by fsync, so a crash (kill -9, power loss after fsync) leaves
 * either the whole line or nothing of it.
 */
export class Journal {
  constructor(readonly file: string = journalPath()) {}

  append(entry: JournalEntry): void {
    mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o700 });
    const line = Buffer.from(`${JSON.stringify(redactEntry(entry))}\n`, 'utf8');
    const fd = openSync(this.file, 'a', 0o600);
    try {
      let off = 0;
      while (off < line.length) off += writeSync(fd, line, off, line.length - off);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** Every entry; a torn or foreign line is reported, never thrown. */
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
      try {
        const v = JSON.parse(raw) as JournalEntry;
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

/** Steps with an intent and no outcome: the process died while they ran. Never assumed done. */
export function unknownOutcomes(entries: JournalEntry[]): StepRecord[] {
  return stepRecords(entries).filter((r) => r.outcome === null);
}

export const UNKNOWN_OUTCOME = 'outcome unknown — verify';
