import type { GateResult } from '../../domain/health/types.js';
import type { BodyEdit } from '../../domain/issue/types.js';
import type { TypedAction } from '../../domain/steps/typed-action.js';
import type { Stores } from '../../store/index.js';
import type { Journal } from '../journal/journal.js';
import type { RunningCommand, RunOptions, RunResult } from '../runner/run-bash.js';

export interface ActionContext {
  signal: AbortSignal;
  log(lines: string[]): void;
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
  /** Environment for runbook commands (the demo points kubectl and curl at its simulators); default: this process's. */
  commandEnv?: NodeJS.ProcessEnv;
}

/** Failed attempts before the engine offers (and the workflow demands) escalation. */
export const ESCALATE_AFTER = 3;
export const NEEDS_HUMAN = 'needs-human';
