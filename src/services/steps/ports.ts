import type { GateResult } from '../../domain/health/types.js';
import type { BodyEdit } from '../../domain/issue/types.js';
import type { TypedAction } from '../../domain/steps/typed-action.js';
import type { ActionResult, ConfirmRequest, PlanResult } from '../../domain/console-engine.js';
import type { Stores } from '../../store/index.js';
import type { Journal } from '../journal/journal.js';
import type { RunningCommand, RunOptions, RunResult } from '../runner/run-bash.js';

export interface ActionContext {
  signal: AbortSignal;
  log(lines: string[]): void;
  /** The item the action belongs to (a close's resolution note names it). */
  item?: { id: string | null; title: string } | null;
}

export interface ActionOutcome {
  ok: boolean;
  message: string;
}

/**
 * What the step engine needs from the rest of the console. The session wiring (src/services/engine)
 * passes the real services: typed actions go to the Ceph, kube and Gitea services (which refuse
 * writes themselves in read-only mode), the gate to the health grader, the body to the
 * conflict-safe Gitea writer.
 */
export interface StepPorts {
  stores: Pick<Stores, 'step' | 'health' | 'issue' | 'session'>;
  journal: Journal;
  executeAction(action: TypedAction, ctx: ActionContext): Promise<ActionOutcome>;
  /** The Renovate merge loop, for items that merge PRs; absent: such items are refused (a merge never runs as bash). */
  merges?: StepMerges;
  /** Grades all four layers now. */
  gate(): Promise<GateResult>;
  /** Writes one composed edit to the maintenance issue through the conflict-safe writer. */
  writeBody(edit: BodyEdit): Promise<{ ok: true } | { ok: false; reason: string }>;
  /** Adds a label to the maintenance issue, creating it in the repository when missing. */
  addLabel(name: string): Promise<void>;
  /** bash on the controller host; defaults to the runner. */
  runCommand?: (opts: RunOptions) => RunningCommand;
  /** Terminal-owning run for interactive commands (the UI suspends Ink around runStep). */
  runInteractive?: (opts: Pick<RunOptions, 'command' | 'mode' | 'env'>) => Promise<RunResult>;
  now?: () => Date;
  /** Operator's time zone for body stamps. */
  timeZone?: string;
  /** Deadline for a runbook command. */
  commandTimeoutMs?: number;
  /** Where each step's full output is kept (one bounded, redacted file per step); absent: not kept on disk. */
  outputDir?: string;
  /** Environment for runbook commands (the demo points kubectl and curl at its simulators); default: this process's. */
  commandEnv?: NodeJS.ProcessEnv;
}

/** Each merge of a composed step goes through the loop: GREEN first, the checked head, sync wait, full gate. */
export interface StepMerges {
  /** The loop's own plan for one merge (refused unless every layer is GREEN and the PR may merge). */
  plan(pr: number): Promise<PlanResult>;
  /** Runs a confirmed merge plan to its end (merged, synced, gated); records it but never ticks. */
  run(request: ConfirmRequest, typed: string): Promise<ActionResult>;
  /** Stops a running wait; the loop then stops too. */
  stop(): void;
}

/** Failed attempts before the engine offers (and the workflow demands) escalation. */
export const ESCALATE_AFTER = 3;
export const NEEDS_HUMAN = 'needs-human';
