import type { Liveness } from '../store/liveness.js';

export interface LivenessText {
  text: string;
  tone: 'ok' | 'warn' | 'fail' | 'muted';
  /** False while no trustworthy data exists: panes show this text instead of an empty list. */
  hasData: boolean;
}

function ago(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s ago`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ago`;
  return `${Math.floor(m / 60)} h ago`;
}

/** The newest successful check of a live source (a poller advances it without a store write). */
export function checkedAt(l: Extract<Liveness, { state: 'live' }>): number {
  return l.checkedAt?.() ?? l.updatedAt;
}

/** Honest pane status: never "0 pods" while the first list is in flight. */
export function describeLiveness(l: Liveness, now: number): LivenessText {
  switch (l.state) {
    case 'idle':
      return { text: 'waiting...', tone: 'muted', hasData: false };
    case 'syncing':
      return { text: 'syncing...', tone: 'muted', hasData: false };
    case 'live':
      return { text: `updated ${ago(now - checkedAt(l))}`, tone: 'ok', hasData: true };
    case 'reconnecting':
      return {
        text: `reconnecting (attempt ${l.attempt})${l.updatedAt ? `, data from ${ago(now - l.updatedAt)}` : ''}`,
        tone: 'warn',
        hasData: l.updatedAt !== null,
      };
    case 'error':
      return { text: `error: ${l.message}`, tone: 'fail', hasData: l.updatedAt !== null };
    case 'not-installed':
      return { text: `not installed: ${l.what}`, tone: 'muted', hasData: false };
  }
}

/** The least trustworthy of several sources (a pane fed by nodes + pods shows the worse). */
export function worstLiveness(all: Liveness[]): Liveness {
  const rank = (l: Liveness) => ({ error: 0, reconnecting: 1, idle: 2, syncing: 3, 'not-installed': 4, live: 5 })[l.state];
  let worst: Liveness | undefined;
  for (const l of all) {
    if (!worst || rank(l) < rank(worst)) worst = l;
    else if (l.state === 'live' && worst.state === 'live' && checkedAt(l) < checkedAt(worst)) worst = l;
  }
  return worst ?? { state: 'idle' };
}
