import { createStore } from 'zustand/vanilla';
import type { QueueEntry } from '../domain/renovate/types.js';
import { IDLE, type Liveness } from './liveness.js';

export interface DashboardItem {
  section: string;
  text: string;
  checked: boolean;
}

export interface QueueState {
  liveness: Liveness;
  /** Open PRs in merge order. */
  prs: QueueEntry[];
  dashboard: { number: number; title: string; items: DashboardItem[] } | null;
  /** The merge loop's state for the PR being processed, if any. */
  loop: {
    pr: number;
    phase: 'checking' | 'awaiting-confirm' | 'merging' | 'waiting-sync' | 'gating' | 'ticking' | 'done' | 'stopped' | 'rolling-back';
    message: string;
    deadline: number | null;
  } | null;
}

export const createQueueStore = () => createStore<QueueState>()(() => ({ liveness: IDLE, prs: [], dashboard: null, loop: null }));
export type QueueStore = ReturnType<typeof createQueueStore>;
