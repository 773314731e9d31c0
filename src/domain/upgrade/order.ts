import type { QueueEntry } from '../renovate/types.js';
import { formatDuration } from './protocol.js';

/** The PRs the merge loop may take, in the queue's (workflow 2.4.1) order. */
export function mergeable(queue: readonly QueueEntry[]): QueueEntry[] {
  return queue.filter((e) => e.renovate && !e.excluded && !e.draft);
}

/** The PR the queue offers next: the first one the loop may take. */
export function nextInOrder(queue: readonly QueueEntry[]): QueueEntry | null {
  return mergeable(queue)[0] ?? null;
}

/**
 * Whether taking `pr` now skips the order: a PR earlier in the queue (a lower order, or the same
 * order and safer) is still open. Null when `pr` is next.
 */
export function outOfOrder(queue: readonly QueueEntry[], pr: number): { skipped: QueueEntry[]; next: QueueEntry } | null {
  const list = mergeable(queue);
  const i = list.findIndex((e) => e.number === pr);
  if (i <= 0) return null;
  return { skipped: list.slice(0, i), next: list[0]! };
}

/** A reason for taking a PR out of order must say something: at least 10 characters with a word in it. */
export function validOrderReason(reason: string): string | null {
  const r = reason.trim();
  if (r.length < 10 || !/[a-z]{3}/i.test(r)) return 'give a reason (at least 10 characters) for taking this PR out of order';
  return null;
}

/** A stabilisation window after a HIGH/CRITICAL upgrade: the next major waits until it ends. */
export interface StabilisationWindow {
  pr: number;
  title: string;
  startedAt: number;
  endsAt: number;
  /** Alerts that fired and restarts seen during the window, one line each. */
  findings: string[];
}

export function windowRemaining(w: StabilisationWindow | null, now: number): number {
  return w ? Math.max(0, w.endsAt - now) : 0;
}

/** The refusal for a second major during the window, with the time left; null when none applies. */
export function windowRefusal(w: StabilisationWindow | null, now: number, pr: number): string | null {
  const left = windowRemaining(w, now);
  if (!w || left <= 0 || w.pr === pr) return null;
  return `stabilisation window after PR #${w.pr} (${w.title}): ${formatDuration(left)} left — the next major waits for it`;
}

/** `12:04` countdown. */
export function countdown(ms: number): string {
  const s = Math.ceil(Math.max(0, ms) / 1000);
  const m = Math.floor(s / 60);
  return `${m}:${String(s % 60).padStart(2, '0')}`;
}
