import { EventEmitter } from 'node:events';

export interface MergedEvent {
  number: number;
  title: string;
  /** The merge commit now at the tip of the base branch. */
  sha: string;
  base: string;
  head: string;
  files: string[];
}

export interface BranchChangedEvent {
  branch: string;
  sha: string;
  files: string[];
  cause: 'merge' | 'commit';
  pr?: number;
}

export interface IssueEditedEvent {
  number: number;
  by: string;
  contentVersion: number;
  what: 'body' | 'title' | 'state' | 'labels';
}

export interface RequestEvent {
  method: string;
  path: string;
  status: number;
}

/** What the simulated Gitea tells the rest of the demo world (the Kubernetes simulator listens to `merged`). */
export interface GiteaSimEvents {
  merged: [MergedEvent];
  'branch-changed': [BranchChangedEvent];
  'issue-edited': [IssueEditedEvent];
  'pr-closed': [{ number: number }];
  request: [RequestEvent];
}

export type GiteaSimEmitter = EventEmitter<GiteaSimEvents>;

export function createGiteaSimEmitter(): GiteaSimEmitter {
  return new EventEmitter<GiteaSimEvents>();
}
