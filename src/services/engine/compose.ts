import type { Journal } from '../journal/journal.js';
import { editText } from '../terminal/editor.js';
import type { TerminalHandover } from '../terminal/handover.js';
import { mergeLoopFor, type MergePortOptions } from '../renovate/session-port.js';
import type { MergePort, SessionContext } from '../session-context.js';
import { createSessionSteps } from '../steps/session-steps.js';
import { ConsoleSession, type SessionOptions } from './console-session.js';

export interface ComposeOptions extends Omit<SessionOptions, 'steps' | 'mergeLoop'> {
  /** One journal for steps and merges: every outcome of the session in one record. */
  journal: Journal;
  /** Environment for runbook commands (the demo points kubectl and curl at its simulators). */
  commandEnv?: NodeJS.ProcessEnv;
  /** The terminal for interactive commands (the UI's Ink hand-over); absent: headless, they run as is. */
  terminal?: TerminalHandover;
  /** The Renovate merge loop and the upgrade protocols; null: no merge loop (no Gitea). */
  merge: Omit<MergePortOptions, 'journal'> | null;
}

/**
 * The composition root: the one place where a console session, its step engine and its merge
 * loop are put together. Each part gets the session's explicit context (SessionContext), the
 * journal and its own options; the live console and the demo both come through here, so they are
 * wired the same way and differ only in what they pass.
 */
export function composeSession(o: ComposeOptions): ConsoleSession {
  const { journal, commandEnv, merge, terminal, ...session } = o;
  return new ConsoleSession({
    ...session,
    // Recon and closure journal their outcomes in the same record.
    journal,
    steps: (context) => createSessionSteps(context, { journal, ...(commandEnv ? { commandEnv } : {}), ...(terminal ? { terminal } : {}) }),
    mergeLoop: merge ? mergePort({ ...merge, journal }) : undefined,
    // The operator's editor gets the same terminal hand-over as interactive steps (and the
    // operator's own environment, not the runbook commands').
    editor: (request) => editText({ ...request, ...(terminal ? { terminal } : {}) }),
  });
}

/** The merge loop's port, with `resume` (the console's `c` key) from the loop itself. */
function mergePort(options: MergePortOptions): (context: SessionContext) => MergePort | null {
  const build = mergeLoopFor(options);
  return (context) => {
    const port = build(context);
    return port ? { ...port, resume: () => port.loop.resume() } : null;
  };
}
