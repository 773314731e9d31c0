import type { BodyLines, InFlightSubject } from '../domain/steps/in-flight.js';
import { createStore } from 'zustand/vanilla';

/** The workflow's phases for one item: READ, PLAN, BACKUP, EXECUTE, VERIFY, UPDATE, NEXT. */
export type StepPhase = 'read' | 'plan' | 'backup' | 'execute' | 'verify' | 'update' | 'next';

export interface StepRun {
  itemId: string | null;
  itemLine: number;
  title: string;
  kind: 'typed' | 'runbook' | 'rollback' | 'merge' | 'escalation';
  /** Exactly what runs, shown before it runs. */
  commandText: string;
  phase: StepPhase;
  status: 'idle' | 'awaiting-confirm' | 'running' | 'awaiting-judgement' | 'passed' | 'failed' | 'cancelled' | 'dry-run';
  startedAt: number | null;
  finishedAt: number | null;
  exitCode: number | null;
  attempt: number;
  message: string | null;
  /** What the operator must type before a destructive step runs (null/absent: none). */
  challenge?: string | null;
  /** The item's Expected and If fails, shown while the operator judges. */
  expected?: string | null;
  ifFails?: string | null;
  /** True when the step needs the terminal handed over (the UI suspends Ink around runStep). */
  interactive?: boolean;
}

export interface StepState {
  current: StepRun | null;
  /**
   * The running (or last judged) step's output, every line up to OUTPUT_LINES_KEPT (the newest
   * kept, the rest counted in outputDropped) and each cut at OUTPUT_LINE_CHARS: the full-screen
   * viewer shows all of it; a few MB at most, however much a command prints.
   */
  output: string[];
  outputDropped: number;
  /** Failed attempts per item ID, for the escalation rule (3 strikes). */
  failures: Record<string, number>;
  /**
   * Steps the journal left without a known outcome (the console died while they ran, or before
   * their verdict), found at start-up: nothing else runs until the operator verified each.
   */
  unknownOutcomes: UnknownOutcome[];
}

/** One step whose outcome nobody knows, with everything the journal knows about it. */
export interface UnknownOutcome {
  stepId: string;
  /** `B2 Restart osd.3`. */
  title: string;
  /** When its intent was written. */
  at: string;
  itemId: string | null;
  itemLine: number | null;
  issue: string | null;
  kind: string;
  commandText: string;
  mode: string;
  attempt: number;
  kubeContext: string | null;
  giteaHost: string | null;
  /** What the journal says happened, oldest first (the outcome so far, the events after the intent). */
  known: string[];
  /** The process groups its commands ran in, as found now: a survivor is still running. */
  groups: Array<{ pgid: number; alive: boolean; members: string[] }>;
  /** The operator said "still unknown" this session: shown, no longer holding the console. */
  acknowledged: boolean;
  /**
   * A write that was in flight (a body edit, a merge, the closure) rather than a step: what it acted
   * on, the lines its last PATCH carried, and what the restart found (`found`: null until checked).
   */
  inFlight?: InFlightSubject & { lines: BodyLines | null; found: string | null };
}

export const OUTPUT_LINES_KEPT = 20_000;
/** A line longer than this is cut, with a note of how much (a minified blob is not evidence to page through). */
export const OUTPUT_LINE_CHARS = 2000;

export const createStepStore = () => createStore<StepState>()(() => ({ current: null, output: [], outputDropped: 0, failures: {}, unknownOutcomes: [] }));
export type StepStore = ReturnType<typeof createStepStore>;
