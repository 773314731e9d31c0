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
  /** Who changed the body since the session opened it, oldest first (bounded: ISSUE_HISTORY_KEPT). */
  history: IssueChange[];
  /** Gitea unreachable, or edits still queued for it (null: neither) — the header says which. */
  offline: OfflineState | null;
}

/**
 * While Gitea cannot be reached the console works from its copy of the body (the one last read,
 * kept in the state dir) and queues its edits; `retryAt` is when it tries again.
 */
export interface OfflineState {
  reachable: boolean;
  /** Why not (the transport's words), while unreachable. */
  reason: string | null;
  /** When the body shown was read from Gitea (null: no copy). */
  copyAt: number | null;
  /** Edits waiting to be written, in order. */
  queued: number;
  retryAt: number | null;
}

/** One change of the body: written by this console, or seen on a poll (the web UI, tea, another session). */
export interface IssueChange {
  at: number;
  by: 'console' | 'elsewhere';
  what: string;
  /** For a change made elsewhere: who its appended Change Log rows name (the API does not say who saved a body). */
  who?: string[];
}

export const ISSUE_HISTORY_KEPT = 200;

export function withChange(history: readonly IssueChange[], change: IssueChange): IssueChange[] {
  const next = [...history, change];
  return next.length > ISSUE_HISTORY_KEPT ? next.slice(-ISSUE_HISTORY_KEPT) : next;
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
  history: [],
  offline: null,
};

export const createIssueStore = () => createStore<IssueState>()(() => ({ ...initialIssueState }));
export type IssueStore = ReturnType<typeof createIssueStore>;
