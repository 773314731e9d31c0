import type { ApplicationView, GateResult } from '../../domain/health/types.js';

/**
 * The Gitea calls the queue and the merge loop make. `GiteaClient` (src/services/gitea/client.ts)
 * satisfies this structurally; tests may pass a narrower fake.
 */
export interface PullLike {
  number: number;
  title: string;
  body: string;
  state: string;
  user: { login: string };
  labels: Array<{ name: string }>;
  draft?: boolean;
  mergeable: boolean;
  merged: boolean;
  merge_commit_sha?: string | null;
  head: { label: string; ref: string; sha: string };
  base: { label: string; ref: string; sha: string };
  html_url: string;
  created_at: string;
}

export interface RenovateGitea {
  readonly repoName: string;
  openPulls(options?: { poster?: string }): Promise<PullLike[]>;
  getPull(number: number): Promise<PullLike>;
  pullFiles(number: number): Promise<Array<{ filename: string; previous_filename?: string; status: string }>>;
  combinedStatus(ref: string): Promise<{ state: string; total_count: number }>;
  mergePull(number: number, options: { headSha: string; style?: 'merge'; deleteBranch?: boolean; title?: string; message?: string }): Promise<void>;
  getCommit(sha: string): Promise<{ sha: string; parents: Array<{ sha: string }>; files: Array<{ filename: string; status: string }> }>;
  fileAt(path: string, ref: string): Promise<{ content: string; sha: string } | null>;
  changeFiles(options: {
    branch: string;
    newBranch?: string;
    message: string;
    files: Array<{ operation: 'create' | 'update' | 'delete'; path: string; content?: string; sha?: string }>;
  }): Promise<{ sha: string; parents: string[] }>;
  branchProtection(branch: string): Promise<{ protected: boolean; userCanPush: boolean }>;
  createPull(options: { head: string; base: string; title: string; body: string }): Promise<{ number: number; html_url: string }>;
  getBranch(name: string): Promise<{ name: string; commit: { id: string } }>;
}

/** ArgoCD Applications: read (with source paths) and refresh. */
export interface AppControl {
  list(): Promise<ApplicationView[]>;
  /** `argocd app refresh`: makes the controller look at the repository now. */
  refresh(app: { name: string; namespace: string }): Promise<void>;
}

/** The four-layer gate. */
export interface GateSource {
  /** The latest grade (the HealthStore's), or null before the first one. */
  current(): GateResult | null;
  /** A grade made at or after `since` (ms): the "full gate" after a merge synced. */
  fresh(since: number): Promise<GateResult>;
}

/**
 * How a merge ended, for the issue: merged (ticks), merged-only (a row: a composed step ticks its item
 * on its verdict), rolled back (unticks), failed, interrupted or stopped by the operator's key (a row).
 */
export type MergeOutcomeKind = 'merged' | 'merged-only' | 'rolled-back' | 'failed' | 'interrupted' | 'stopped';

/** Where a merge or rollback is written down: the PR's item ticked and a Change Log row. */
export interface MaintenanceLog {
  /**
   * Returns a one-line description of what was written (or why nothing was). `kind` defaults to
   * merged when `tick`, else failed (a row only; unticking needs `rolled-back`); `status` is the last gate's grade, written as Overall Status.
   */
  record(entry: { pr: number; title: string; outcome: string; tick: boolean; kind?: MergeOutcomeKind; status?: GateResult['overall'] }): Promise<string>;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      });
    }),
};
