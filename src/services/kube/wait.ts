import { KubeTimeoutError } from './errors.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  what: string;
  /** Ends the wait early (the operator's stop key): throws a WaitStoppedError. */
  signal?: AbortSignal;
}

/** A wait the operator stopped before it was done or timed out. */
export class WaitStoppedError extends Error {
  constructor(what: string, detail: string) {
    super(`stopped by the operator while waiting for ${what} (${detail})`);
    this.name = 'WaitStoppedError';
  }
}

/** Re-checks until `check` says done; a timeout names the last state seen. */
export async function waitUntil<T>(
  check: () => Promise<{ done: boolean; detail: string; value: T }>,
  { timeoutMs, intervalMs = 1000, what, signal }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await check();
    if (r.done) return r.value;
    const left = deadline - Date.now();
    if (left <= 0) throw new KubeTimeoutError(what, timeoutMs, r.detail);
    if (signal?.aborted) throw new WaitStoppedError(what, r.detail);
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, Math.min(intervalMs, left));
      function done() {
        clearTimeout(t);
        signal?.removeEventListener('abort', done);
        resolve();
      }
      signal?.addEventListener('abort', done, { once: true });
    });
    if (signal?.aborted) throw new WaitStoppedError(what, r.detail);
  }
}
