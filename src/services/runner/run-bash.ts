import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { redactSecrets } from '../../domain/redact.js';
import { giteaCalls } from '../../domain/steps/gitea-calls.js';
import { isReadOnlyCommand, writingCommands } from '../../domain/steps/read-only.js';
import type { RunMode } from '../../store/session-store.js';
import { LineSplitter } from './output-sink.js';
import { trackGroup } from './process-group.js';

/** Refused because the session is read-only (or dry-run) and the command is not provably read-only. */
export class WriteRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WriteRefused';
  }
}

export interface RunOptions {
  /** The exact text, run with `bash -c` on this (the controller) host. */
  command: string;
  mode: RunMode;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Every output line (stdout and stderr interleaved as they arrive), already redacted. */
  onLines?: (lines: string[]) => void;
  /** Kill the run after this long (SIGTERM, then SIGKILL). */
  timeoutMs?: number;
  /** Time between SIGTERM and SIGKILL on cancel or timeout. */
  killGraceMs?: number;
  /** Lines kept for the record (journal, escalation summary). */
  tailLines?: number;
}

export interface RunResult {
  exitCode: number | null;
  /** Signal that ended the process, if any. */
  signal: string | null;
  durationMs: number;
  tail: string[];
  cancelled: boolean;
  timedOut: boolean;
}

export interface RunningCommand {
  readonly pid: number | undefined;
  readonly result: Promise<RunResult>;
  /** SIGTERM to the whole process group, SIGKILL after the grace period; true if it was running. */
  cancel(): boolean;
}

/** Throws WriteRefused unless `command` may run in `mode`. */
export function assertMayRun(command: string, mode: RunMode): void {
  if (mode === 'DRY-RUN') throw new WriteRefused('dry-run: nothing is executed');
  // In every mode: a PR merge goes through the merge loop and a close through the guarded close;
  // no Gitea write ever reaches bash, whatever path planned it.
  const gitea = giteaCalls(command);
  const first = gitea.merges[0]?.command ?? gitea.closes[0]?.command ?? gitea.refused[0]?.command;
  if (first)
    throw new WriteRefused(
      `refusing to run a Gitea write with bash (${first.text.replace(/\s+/g, ' ').slice(0, 120)}): merges go through the merge loop, closes through the console's close`,
    );
  if (mode === 'READ-ONLY' && !isReadOnlyCommand(command)) {
    const writes = writingCommands(command).slice(0, 3);
    throw new WriteRefused(`read-only mode: refusing a command that may write${writes.length ? ` (${writes.join('; ')})` : ''}`);
  }
}

/**
 * Runs bash in its own process group (detached: its pid is the group id, which the step engine
 * journals) so cancel reaches every child (kubectl, ssh, pipelines), streaming output line by
 * line. The group dies with the console: on exit (process-group.ts) and, after a kill -9 that runs
 * no handler, through its watchdog. Nothing is shown or recorded unredacted.
 */
export function runBash(opts: RunOptions): RunningCommand {
  assertMayRun(opts.command, opts.mode);
  const started = Date.now();
  const tailLines = opts.tailLines ?? 20;
  const grace = opts.killGraceMs ?? 3000;
  const tail: string[] = [];
  const onLines = (lines: string[]) => {
    const clean = lines.map(redactSecrets);
    tail.push(...clean);
    if (tail.length > tailLines) tail.splice(0, tail.length - tailLines);
    opts.onLines?.(clean);
  };
  const child = spawn('bash', ['-c', opts.command], {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const watchdog = child.pid === undefined ? null : watchGroup(child.pid, grace);
  // Killed when this process exits with the step still running (process-group.ts).
  const untrack = child.pid === undefined ? () => false : trackGroup(child.pid);
  const out = new LineSplitter(onLines);
  const err = new LineSplitter(onLines);
  child.stdout.on('data', (c: Buffer) => out.push(c));
  child.stderr.on('data', (c: Buffer) => err.push(c));

  let cancelled = false;
  let timedOut = false;
  let exited = false;
  let killTimer: NodeJS.Timeout | undefined;
  const signalGroup = (sig: NodeJS.Signals) => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig);
    } catch {
      /* already gone */
    }
  };
  const stop = () => {
    signalGroup('SIGTERM');
    killTimer = setTimeout(() => signalGroup('SIGKILL'), grace);
    killTimer.unref();
  };
  const timeout = opts.timeoutMs
    ? setTimeout(() => {
        timedOut = true;
        stop();
      }, opts.timeoutMs)
    : undefined;
  timeout?.unref();

  const result = new Promise<RunResult>((resolve) => {
    child.on('error', (e) => {
      onLines([`failed to start bash: ${e.message}`]);
    });
    child.on('close', (code, signal) => {
      exited = true;
      out.flush();
      err.flush();
      if (timeout) clearTimeout(timeout);
      if (killTimer) clearTimeout(killTimer);
      // Children that outlived bash (backgrounded, or ignoring SIGTERM) go with the group.
      if (cancelled || timedOut) signalGroup('SIGKILL');
      watchdog?.kill('SIGKILL');
      untrack();
      resolve({ exitCode: code, signal, durationMs: Date.now() - started, tail: [...tail], cancelled, timedOut });
    });
  });

  return {
    pid: child.pid,
    result,
    cancel() {
      if (exited) return false;
      cancelled = true;
      stop();
      return true;
    },
  };
}

/**
 * A step's process group must die with the console, also when the console is killed with -9 and
 * can run no handler: a small watchdog (its own group, so a cancel of the step does not end it)
 * polls the console's pid and, once it is gone while the group still runs, sends the group SIGTERM
 * and SIGKILL after the grace period. It ends by itself when the group does.
 */
function watchGroup(pgid: number, graceMs: number): ChildProcess | null {
  const grace = Math.max(0.1, graceMs / 1000).toFixed(1);
  const script =
    `c=${process.pid}; g=${pgid}; ` +
    `while kill -0 "$c" 2>/dev/null && kill -0 -- "-$g" 2>/dev/null; do sleep 0.3; done; ` +
    `if kill -0 -- "-$g" 2>/dev/null; then kill -TERM -- "-$g" 2>/dev/null; sleep ${grace}; kill -KILL -- "-$g" 2>/dev/null; fi`;
  try {
    const w = spawn('bash', ['-c', script], { detached: true, stdio: 'ignore' });
    w.on('error', () => {});
    w.unref();
    return w;
  } catch {
    return null;
  }
}

/** A fresh open of the controlling terminal, or null (no terminal: inherit whatever stdio is). */
function openOwnTty(): number | null {
  try {
    return openSync('/dev/tty', 'r+');
  } catch {
    return null;
  }
}

export interface TerminalRun {
  exitCode: number | null;
  signal: string | null;
  /** Set when the program could not be started. */
  error: string | null;
}

/**
 * Runs `file args` on the terminal: stdin, stdout and stderr are a fresh open of /dev/tty (or
 * inherited without one). The caller has handed the terminal over first (the UI suspends Ink).
 *
 * The child gets its own open of the terminal, not ours: programs like less and vi clear
 * O_NONBLOCK on their stdin when they leave, and on a shared file description that left this
 * process's tty blocking — its next read then held the event loop until the next key (a frozen
 * console).
 */
export function runOnTerminal(file: string, args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TerminalRun> {
  let tty = openOwnTty();
  const close = () => {
    if (tty !== null) closeSync(tty);
    tty = null;
  };
  return new Promise((resolve) => {
    const stdio = tty !== null ? [tty, tty, tty] : 'inherit';
    const child = spawn(file, [...args], { cwd: opts.cwd, env: opts.env ?? process.env, stdio });
    child.on('exit', close);
    child.on('error', (e) => {
      close();
      resolve({ exitCode: null, signal: null, error: e.message });
    });
    child.on('close', (code, signal) => resolve({ exitCode: code, signal, error: null }));
  });
}

/**
 * Runs with the terminal handed over (runOnTerminal). The UI suspends Ink first
 * (`suspendTerminal`) and resumes after; output is not captured, so the tail says so.
 */
export async function runInteractive(opts: Pick<RunOptions, 'command' | 'mode' | 'cwd' | 'env'>): Promise<RunResult> {
  assertMayRun(opts.command, opts.mode);
  const started = Date.now();
  const r = await runOnTerminal('bash', ['-c', opts.command], { ...(opts.cwd ? { cwd: opts.cwd } : {}), ...(opts.env ? { env: opts.env } : {}) });
  return {
    exitCode: r.exitCode,
    signal: r.signal,
    durationMs: Date.now() - started,
    tail: [r.error ? `failed to start bash: ${r.error}` : '(interactive: output went to the terminal)'],
    cancelled: false,
    timedOut: false,
  };
}
