import { createStore } from 'zustand/vanilla';

/** One write of the closure plan and whether it was written now or found done. */
export interface ClosureStepView {
  step: 'body' | 'title' | 'state';
  did: 'written' | 'already';
}

/** The console's closure (workflow 4.4–4.6): preview, typed confirmation, the three writes. */
export interface ClosureState {
  phase: 'idle' | 'preparing' | 'refused' | 'ready' | 'closing' | 'closed' | 'failed';
  number: number | null;
  /** What the preview shows: the `[RESOLVED]` title and the whole body as it will be written. */
  title: string | null;
  body: string | null;
  /** The body's content version the preview was made from (the confirmation is bound to it). */
  baseVersion: number | null;
  baseBody: string | null;
  /** What still stands, when closure is refused. */
  blockers: string[];
  /** Lessons Learned the operator typed (the preview is rebuilt with them). */
  lessons: string[];
  steps: ClosureStepView[];
  error: string | null;
}

export const initialClosureState: ClosureState = {
  phase: 'idle',
  number: null,
  title: null,
  body: null,
  baseVersion: null,
  baseBody: null,
  blockers: [],
  lessons: [],
  steps: [],
  error: null,
};

export const createClosureStore = () => createStore<ClosureState>()(() => ({ ...initialClosureState }));
export type ClosureStore = ReturnType<typeof createClosureStore>;
