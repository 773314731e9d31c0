import { createStore } from 'zustand/vanilla';
import type { IssueDocument } from '../domain/issue/types.js';
import { IDLE, type Liveness } from './liveness.js';

/** How body edits are protected on this server (shown in the header). */
export type EditMode = 'content-version' | 'last-writer-wins';

export interface IssueState {
  liveness: Liveness;
  repo: string | null;
  number: number | null;
  /** The API title (wins over the H1). */
  title: string | null;
  htmlUrl: string | null;
  labels: string[];
  state: 'open' | 'closed' | null;
  body: string | null;
  contentVersion: number | null;
  document: IssueDocument | null;
  serverVersion: string | null;
  editMode: EditMode | null;
  /** Last body write: what, when, and whether it needed a re-apply. */
  lastWrite: { description: string; at: number; attempts: number; outcome: 'ok' | 'conflict' | 'error'; message?: string } | null;
}

export const initialIssueState: IssueState = {
  liveness: IDLE,
  repo: null,
  number: null,
  title: null,
  htmlUrl: null,
  labels: [],
  state: null,
  body: null,
  contentVersion: null,
  document: null,
  serverVersion: null,
  editMode: null,
  lastWrite: null,
};

export const createIssueStore = () => createStore<IssueState>()(() => ({ ...initialIssueState }));
export type IssueStore = ReturnType<typeof createIssueStore>;
