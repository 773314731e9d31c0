/** One file of a revert: what the PR changed, what it was before, and what the branch holds now. */
export interface RevertFileInput {
  path: string;
  /** Content at the merge commit's first parent (before the PR), or null when the PR added the file. */
  before: string | null;
  /** Blob SHA of the file on the branch now, or null when it is absent there now. */
  currentSha: string | null;
  /** Content on the branch now (to skip files already back to their old state). */
  current: string | null;
}

export interface RevertChange {
  operation: 'create' | 'update' | 'delete';
  path: string;
  content?: string;
  sha?: string;
}

/**
 * The contents-API file operations that restore each file to its parent version in one commit:
 * files the PR added are deleted, changed ones restored, deleted ones re-created. Files already
 * back to their old state are left out.
 */
export function revertChanges(files: readonly RevertFileInput[]): RevertChange[] {
  const out: RevertChange[] = [];
  for (const f of files) {
    if (f.before === null) {
      if (f.currentSha) out.push({ operation: 'delete', path: f.path, sha: f.currentSha });
    } else if (f.currentSha === null) {
      out.push({ operation: 'create', path: f.path, content: f.before });
    } else if (f.current !== f.before) {
      out.push({ operation: 'update', path: f.path, content: f.before, sha: f.currentSha });
    }
  }
  return out;
}
