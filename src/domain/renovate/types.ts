export type RenovateCategory = 'non-major' | 'platform' | 'monitoring' | 'core' | 'apps' | 'database';
export type Risk = 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL';
export type UpdateType = 'major' | 'minor' | 'patch' | 'digest' | 'pin' | 'unknown';
export type CiState = 'success' | 'pending' | 'failure' | 'error' | 'none' | 'unknown';

export interface PackageUpdate {
  name: string;
  from: string | null;
  to: string | null;
  updateType: UpdateType;
}

/** One PR in merge order; field names are the `queue --json` contract. */
export interface QueueEntry {
  number: number;
  title: string;
  renovate: boolean;
  category: RenovateCategory;
  order: number; // 1–6
  risk: Risk;
  updateType: UpdateType;
  containsDatabase: boolean;
  containsCore: boolean;
  packages: PackageUpdate[];
  mergeable: boolean | null;
  draft: boolean;
  ci: CiState;
  headSha: string | null;
  headBranch: string | null;
  createdAt: string | null;
  ageDays: number | null;
  affectedApps: string[];
  htmlUrl: string | null;
  /** Added: the PR author's login (any account; not a recognition signal). */
  author: string | null;
  /** Added: why the merge loop will not take this PR (onboarding, draft, not Renovate …), or null. */
  excluded: string | null;
  /** Added: one line per fact behind the category and risk, for the operator. */
  reasons: string[];
  /** Added: the PR's changed files when known (live mode), else null; affectedApps is empty then. */
  changedFiles: string[] | null;
}
