import { createStore } from 'zustand/vanilla';
import type { RelatedProposal } from '../domain/closure/related.js';

/** Related issues and PRs (workflow 4.2, 4.3, 4.7): the proposals, the operator's picks, what was done. */
export interface RelatedState {
  phase: 'idle' | 'loading' | 'ready' | 'error';
  proposals: RelatedProposal[];
  /** Number → what was done to it (`closed with a resolution note`, `merged`, `not closed: …`). */
  done: Record<number, { ok: boolean; text: string }>;
  /** Numbers the operator selected (starts as the proposals' pre-selection). */
  selected: number[];
  error: string | null;
}

export const createRelatedStore = () => createStore<RelatedState>()(() => ({ phase: 'idle', proposals: [], done: {}, selected: [], error: null }));
export type RelatedStore = ReturnType<typeof createRelatedStore>;

/** Selected and not yet done: what criteria 9 and 13 wait for. */
export function pendingRelated(s: RelatedState): number[] {
  return s.selected.filter((n) => !s.done[n]?.ok);
}
