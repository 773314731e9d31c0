import { createStore } from 'zustand/vanilla';
import type { QueueEntry } from '../domain/renovate/types.js';
import { IDLE, type Liveness } from './liveness.js';

export interface DashboardItem {
  section: string;
  text: string;
  checked: boolean;
}

/** A Renovate PR merged recently: what a rollback can be planned for. */
export interface MergedPr {
  number: number;
  title: string;
  mergedAt: string | null;
  mergeSha: string | null;
  headBranch: string | null;
}

export interface QueueState {
  liveness: Liveness;
  /** Open PRs in merge order. */
  prs: QueueEntry[];
  dashboard: { number: number; title: string; items: DashboardItem[] } | null;
  /** Renovate PRs merged recently, newest first (rollback candidates). */
  merged: MergedPr[];
  /** The merge loop's state for the PR being processed, if any. */
  loop: {
    pr: number;
    phase: 'checking' | 'awaiting-confirm' | 'merging' | 'waiting-sync' | 'gating' | 'ticking' | 'done' | 'stopped' | 'rolling-back';
    message: string;
    deadline: number | null;
    /** The whole wait the deadline ends (the sync limit), so a countdown never shows more than it. */
    waitMs?: number;
  } | null;
}

export const createQueueStore = () => createStore<QueueState>()(() => ({ liveness: IDLE, prs: [], dashboard: null, merged: [], loop: null }));
export type QueueStore = ReturnType<typeof createQueueStore>;
