/** Time for the simulated world: real timers for the demo, a manual clock that tests step deterministically. */
export interface Clock {
  now(): number;
  setTimer(ms: number, fn: () => void): TimerId;
  clearTimer(id: TimerId): void;
}

export type TimerId = number;

export class RealClock implements Clock {
  private next = 1;
  private readonly timers = new Map<TimerId, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimer(ms: number, fn: () => void): TimerId {
    const id = this.next++;
    const t = setTimeout(
      () => {
        this.timers.delete(id);
        fn();
      },
      Math.max(0, ms),
    );
    t.unref();
    this.timers.set(id, t);
    return id;
  }

  clearTimer(id: TimerId): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

interface ManualTimer {
  id: TimerId;
  due: number;
  fn: () => void;
}

/** Timers fire only when `advance` moves the virtual time past them, in due order. */
export class ManualClock implements Clock {
  private next = 1;
  private current: number;
  private timers: ManualTimer[] = [];

  constructor(start = Date.now()) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimer(ms: number, fn: () => void): TimerId {
    const id = this.next++;
    this.timers.push({ id, due: this.current + Math.max(0, ms), fn });
    return id;
  }

  clearTimer(id: TimerId): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  /** Moves time forward by `ms`, firing every timer that falls due (including ones scheduled meanwhile). */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      let earliest: ManualTimer | undefined;
      for (const t of this.timers) if (t.due <= target && (!earliest || t.due < earliest.due || (t.due === earliest.due && t.id < earliest.id))) earliest = t;
      if (!earliest) break;
      this.timers = this.timers.filter((t) => t !== earliest);
      this.current = Math.max(this.current, earliest.due);
      earliest.fn();
    }
    this.current = target;
  }

  pending(): number {
    return this.timers.length;
  }
}
