import { errorLine } from '../../domain/redact.js';
import type { Liveness } from '../../store/liveness.js';

/** Where a poller keeps its liveness: read back so another writer's liveness is noticed. */
export interface LivenessSlot {
  get(): Liveness;
  set(l: Liveness): void;
}

/**
 * Polls `read` every `intervalMs`, reporting liveness honestly: syncing until the first success,
 * then live, then "reconnecting (attempt n)" with the age of the last good data after failures.
 * A success while already live writes nothing: the live liveness carries `checkedAt`, which reads
 * the newest success, so an idle poll costs no store write (and no frame).
 * A refresh while a read is in flight joins it instead of starting another.
 */
export class Poller {
  private timer: NodeJS.Timeout | null = null;
  private inflight: Promise<void> | null = null;
  private failures = 0;
  private lastOk: number | null = null;
  private stopped = false;
  private published: Liveness | null = null;

  constructor(
    private readonly read: () => Promise<void>,
    private readonly slot: LivenessSlot,
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  start(): void {
    this.stopped = false;
    this.publish({ state: 'syncing', since: this.now() });
    void this.refresh();
  }

  private publish(l: Liveness): void {
    this.published = l;
    this.slot.set(l);
  }

  private live(at: number): void {
    this.lastOk = at;
    const mine = this.published;
    if (mine?.state === 'live' && this.slot.get() === mine) return;
    this.publish({ state: 'live', updatedAt: at, checkedAt: () => this.lastOk ?? at });
  }

  refresh(): Promise<void> {
    if (this.inflight) return this.inflight;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.inflight = this.read()
      .then(
        () => {
          this.failures = 0;
          this.live(this.now());
        },
        (err: unknown) => {
          this.failures += 1;
          this.publish({ state: 'reconnecting', attempt: this.failures, lastError: errorLine(err), updatedAt: this.lastOk });
        },
      )
      .finally(() => {
        this.inflight = null;
        if (!this.stopped) {
          // Back off after failures (up to 4x), so a dead server is not hammered.
          const delay = this.intervalMs * Math.min(2 ** Math.max(this.failures - 1, 0), 4);
          this.timer = setTimeout(() => void this.refresh(), delay);
          this.timer.unref();
        }
      });
    return this.inflight;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
