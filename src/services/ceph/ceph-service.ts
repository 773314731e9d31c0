import { CephActionError, planCephAction, verifyCephAction, type CephAction } from '../../domain/ceph/actions.js';
import { checkCephWrite } from '../../domain/ceph/output.js';
import { withJsonFormat } from '../../domain/ceph/reads.js';
import { toCephHealthInput, unknownCephSummary } from '../../domain/ceph/summarise.js';
import type { CephSummary } from '../../domain/ceph/types.js';
import type { CephHealthInput } from '../../domain/health/types.js';
import { errorLine as oneLine } from '../../domain/redact.js';
import type { CephState, CephStore } from '../../store/ceph-store.js';
import { isLive, type Liveness } from '../../store/liveness.js';
import type { CephExecutor } from './executor.js';
import { readCephSummary, type DetailRead } from './reader.js';

/** What a verification re-reads besides status: only the part its action changes. */
const VERIFY_READS: Record<CephAction['kind'], readonly DetailRead[]> = {
  'crash-archive-all': ['crashLs'],
  'crash-archive': ['crashLs'],
  'osd-reweight': ['osdTree', 'osdDump'],
  'osd-out': ['osdTree', 'osdDump'],
  'osd-in': ['osdTree', 'osdDump'],
  'osd-purge': ['osdTree', 'osdDump'],
  'osd-set': ['osdDump'],
  'osd-unset': ['osdDump'],
};

export interface CephServiceOptions {
  executor: CephExecutor;
  store: CephStore;
  /** Between polls; the config's ceph.intervalSeconds. */
  intervalMs?: number;
  /** Per ceph call; the executor's own default when absent. */
  timeoutMs?: number;
  /** Writes are refused, not only hidden. */
  readOnly?: boolean;
  /** Writes only report the argv they would send. */
  dryRun?: boolean;
  /** How long a write's verification keeps re-reading before it says "not confirmed". */
  verifyTimeoutMs?: number;
  verifyIntervalMs?: number;
  now?: () => number;
}

export type CephActionStatus = 'refused' | 'dry-run' | 'failed' | 'unverified' | 'verified';

export interface CephActionOutcome {
  ok: boolean;
  status: CephActionStatus;
  /** What was (or would be) sent, as typed: "ceph osd set noout"; null when refused before planning. */
  command: string | null;
  /** The executor argv, for dry-run output and the journal. */
  args: string[] | null;
  /** One line for the operator. */
  message: string;
  /** What the verification read last (status plus the part the action changes). */
  summary?: CephSummary;
}

/**
 * A summary as far as a change matters: ceph restates the age of whatever is stuck on every read
 * ("oldest one blocked for 31 sec", "stuck undersized for 61m"), so those durations are masked;
 * a poll that only moved an age writes nothing (no re-grade, no frame, no `status --watch` line).
 */
export function cephFingerprint(summary: CephSummary): string {
  return JSON.stringify(summary, (_key, value: unknown) => (typeof value === 'string' ? value.replace(MOVING_AGE, 'for N ') : value));
}
const MOVING_AGE = /\bfor (?:\d+(?:\.\d+)?\s?(?:seconds|secs|sec|s|minutes|min|m|hours|h|days|d|weeks|w)\b\s?)+/g;

/** The System layer's Ceph input from the store: UNKNOWN unless the data is live. */
export function cephHealthInputOf(state: CephState): CephHealthInput | null {
  if (state.liveness.state === 'idle') return null;
  const error = state.liveness.state === 'error' ? state.liveness.message : state.liveness.state === 'reconnecting' ? state.liveness.lastError : undefined;
  return toCephHealthInput(state.summary, error ? { live: false, error } : { live: isLive(state.liveness) });
}

/**
 * Keeps the CephStore live by polling one executor, and performs the typed actions: validate,
 * send (unless read-only or dry-run), then re-read until the effect shows or time runs out.
 */
export class CephService {
  private readonly o: Required<Omit<CephServiceOptions, 'executor' | 'store' | 'timeoutMs'>> & Pick<CephServiceOptions, 'executor' | 'store' | 'timeoutMs'>;
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private inFlight: Promise<CephSummary | null> | null = null;
  private attempt = 0;
  /** The fingerprint, liveness and newest success of what this service last wrote. */
  private written: { fingerprint: string; liveness: Liveness; checkedAt: number } | null = null;
  /** Store writes, for tests and benches: an idle poll adds none. */
  writes = 0;

  constructor(options: CephServiceOptions) {
    this.o = {
      intervalMs: 10_000,
      readOnly: false,
      dryRun: false,
      verifyTimeoutMs: 30_000,
      verifyIntervalMs: 1_000,
      now: Date.now,
      // An option passed as undefined means "the default", not "no value".
      ...(Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CephServiceOptions),
    };
    this.o.store.setState({ source: options.executor.source });
  }

  get source(): string {
    return this.o.executor.source;
  }

  /** Between polls, as configured (shown with the pane's liveness). */
  get intervalMs(): number {
    return this.o.intervalMs;
  }

  /** Starts polling; the first read begins at once. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.o.store.setState({ liveness: { state: 'syncing', since: this.o.now() } });
    void this.poll();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  async close(): Promise<void> {
    this.stop();
    await this.inFlight?.catch(() => null);
    await this.o.executor.close?.();
  }

  private async poll(): Promise<void> {
    await this.refresh();
    if (this.running) {
      this.timer = setTimeout(() => void this.poll(), this.o.intervalMs);
      this.timer.unref();
    }
  }

  /** Reads now; never throws. Concurrent callers share one read. Resolves to the new summary, or null on failure. */
  refresh(): Promise<CephSummary | null> {
    this.inFlight ??= this.readOnce().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private get runOptions() {
    return this.o.timeoutMs !== undefined ? { timeoutMs: this.o.timeoutMs } : {};
  }

  private async readOnce(): Promise<CephSummary | null> {
    const { store, now } = this.o;
    try {
      const summary = await readCephSummary(this.o.executor, this.runOptions);
      this.attempt = 0;
      const at = now();
      const fingerprint = cephFingerprint(summary);
      const prev = store.getState();
      const w = this.written;
      if (w && prev.liveness === w.liveness && prev.source === this.o.executor.source) {
        w.checkedAt = at;
        if (w.fingerprint === fingerprint) return summary;
        w.fingerprint = fingerprint;
        this.write({ summary });
        return summary;
      }
      // The live liveness reads the newest success through checkedAt, so "updated N s ago" stays honest without a write per poll.
      const written = { fingerprint, checkedAt: at, liveness: null as unknown as Liveness };
      written.liveness = { state: 'live', updatedAt: at, checkedAt: () => written.checkedAt };
      this.written = written;
      this.write({ summary, liveness: written.liveness, source: this.o.executor.source });
      return summary;
    } catch (err) {
      const message = oneLine(err);
      this.attempt += 1;
      const prev = store.getState();
      const updatedAt = prev.liveness.state === 'live' ? prev.liveness.updatedAt : 'updatedAt' in prev.liveness ? prev.liveness.updatedAt : null;
      this.written = null;
      this.write({
        summary: unknownCephSummary(message, prev.summary),
        liveness:
          updatedAt !== null ? { state: 'reconnecting', attempt: this.attempt, lastError: message, updatedAt } : { state: 'error', message, updatedAt: null },
      });
      return null;
    }
  }

  private write(patch: Partial<CephState>): void {
    this.writes += 1;
    this.o.store.setState(patch);
  }

  healthInput(): CephHealthInput | null {
    return cephHealthInputOf(this.o.store.getState());
  }

  /** Validates and performs one typed action, then verifies it by re-reading the cluster. */
  async perform(action: CephAction): Promise<CephActionOutcome> {
    const known = this.o.store.getState().summary;
    const usable = known && !known.error ? known : null;
    let plan;
    try {
      plan = planCephAction(action, usable);
    } catch (err) {
      if (err instanceof CephActionError) return { ok: false, status: 'refused', command: null, args: null, message: err.message };
      throw err;
    }
    const args = withJsonFormat(plan.args);
    if (this.o.readOnly) {
      return { ok: false, status: 'refused', command: plan.command, args, message: `read-only: not sending ${plan.command}` };
    }
    if (this.o.dryRun) {
      return { ok: true, status: 'dry-run', command: plan.command, args, message: `dry-run: would run ${plan.command}` };
    }
    // Validate against the cluster as it is now, not as the last poll saw it (only the part the action touches).
    let current: CephSummary | null = null;
    try {
      current = await readCephSummary(this.o.executor, this.runOptions, VERIFY_READS[action.kind]);
    } catch {
      // Unreadable now: the form was validated above, and ceph checks the rest itself.
    }
    if (current) {
      try {
        planCephAction(action, current);
      } catch (err) {
        if (err instanceof CephActionError) return { ok: false, status: 'refused', command: plan.command, args, message: err.message };
        throw err;
      }
    }
    let said: string;
    try {
      said = checkCephWrite(await this.o.executor.run(args, this.runOptions), ['ceph', ...args]);
    } catch (err) {
      void this.refresh();
      return { ok: false, status: 'failed', command: plan.command, args, message: oneLine(err) };
    }
    const verdict = await this.verify(action);
    const head = said ? `${plan.command}: ${oneLine(said)}` : plan.command;
    const outcome: CephActionOutcome = {
      ok: verdict.ok,
      status: verdict.ok ? 'verified' : 'unverified',
      command: plan.command,
      args,
      message: verdict.ok
        ? `${head}; verified: ${verdict.message}`
        : `${head}; not confirmed after ${Math.round(this.o.verifyTimeoutMs / 1000)} s: ${verdict.message}`,
    };
    if (verdict.summary) outcome.summary = verdict.summary;
    return outcome;
  }

  private async verify(action: CephAction): Promise<{ ok: boolean; message: string; summary?: CephSummary }> {
    const deadline = this.o.now() + this.o.verifyTimeoutMs;
    let last: { ok: boolean; message: string; summary?: CephSummary };
    for (;;) {
      try {
        const summary = await readCephSummary(this.o.executor, this.runOptions, VERIFY_READS[action.kind]);
        last = { ...verifyCephAction(action, summary), summary };
      } catch (err) {
        last = { ok: false, message: `could not re-read the cluster: ${oneLine(err)}` };
      }
      if (last.ok || this.o.now() >= deadline) break;
      await new Promise((r) => setTimeout(r, this.o.verifyIntervalMs));
    }
    // The panes get the whole picture with the next full read, started now.
    void this.refresh();
    return last;
  }
}
