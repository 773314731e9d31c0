import { KubeTimeoutError } from './errors.js';

export interface WaitOptions {
  timeoutMs: number;
  intervalMs?: number;
  what: string;
}

/** Re-checks until `check` says done; a timeout names the last state seen. */
export async function waitUntil<T>(
  check: () => Promise<{ done: boolean; detail: string; value: T }>,
  { timeoutMs, intervalMs = 1000, what }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await check();
    if (r.done) return r.value;
    const left = deadline - Date.now();
    if (left <= 0) throw new KubeTimeoutError(what, timeoutMs, r.detail);
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}
