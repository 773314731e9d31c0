import type { BodyEdit } from '../../domain/issue/types.js';
import type { EditMode } from '../../store/issue-store.js';
import { GiteaError } from './errors.js';

/** The two calls the writer needs; GiteaClient provides them, tests may wrap them. */
export interface IssueBodyApi {
  getIssue(number: number): Promise<{ body: string; content_version?: number }>;
  editIssueBody(number: number, body: string, contentVersion?: number): Promise<{ body: string; content_version?: number }>;
}

export type WriteResult =
  | { outcome: 'ok'; mode: EditMode; attempts: number; body: string; contentVersion: number | null; changed: boolean }
  /** The edit's own target changed under it (e.g. a human edited that line): nothing was written. */
  | { outcome: 'conflict'; mode: EditMode; attempts: number; conflict: string; body: string };

export interface WriteOptions {
  mode: EditMode;
  /** Bound on re-fetch/re-apply rounds (409s or failed verifications). */
  maxAttempts?: number;
  /** Called after each round with what happened, for the journal and the header. */
  onRound?: (round: { attempt: number; what: 'patched' | 'stale' | 'removed' | 'unchanged' }) => void;
}

/**
 * Writes one BodyEdit to a live issue without erasing anyone else's change.
 *
 * content-version (Gitea ≥ 1.26): GET → apply → PATCH with the version read; on 409 re-read and
 * re-apply. The server's compare-and-swap guarantees nothing is overwritten.
 *
 * last-writer-wins (older Gitea, Forgejo): GET immediately before the PATCH (never a body read
 * earlier), apply, PATCH, GET again and check `isApplied`; if a later save removed the edit,
 * apply it again. A human save landing between that GET and the PATCH is lost: the one round
 * trip that no client can close without a server-side guard.
 *
 * Either way an edit that reports a conflict (its line was changed by someone else) stops the
 * write: the conflict is returned, never overwritten.
 */
export async function writeBodyEdit(api: IssueBodyApi, number: number, edit: BodyEdit, options: WriteOptions): Promise<WriteResult> {
  const { mode } = options;
  const maxAttempts = options.maxAttempts ?? 6;
  const note = options.onRound ?? (() => {});

  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const fresh = await api.getIssue(number);
    const applied = edit.apply(fresh.body);
    if (!applied.ok) return { outcome: 'conflict', mode, attempts: attempt, conflict: applied.conflict, body: fresh.body };

    if (mode === 'content-version') {
      if (fresh.content_version === undefined) {
        throw new GiteaError('bad-response', 'server sent no content_version; use last-writer-wins mode', { operation: `edit issue #${number}` });
      }
      if (!applied.changed) {
        note({ attempt, what: 'unchanged' });
        return { outcome: 'ok', mode, attempts: attempt, body: fresh.body, contentVersion: fresh.content_version, changed: false };
      }
      try {
        const written = await api.editIssueBody(number, applied.body, fresh.content_version);
        note({ attempt, what: 'patched' });
        return { outcome: 'ok', mode, attempts: attempt, body: written.body, contentVersion: written.content_version ?? null, changed: true };
      } catch (err) {
        if (err instanceof GiteaError && err.kind === 'conflict') {
          note({ attempt, what: 'stale' });
          continue;
        }
        // The answer was lost, not the question: look before trying again (never re-send blindly).
        const landed = await answerLost(api, number, edit, err);
        if (landed) return { outcome: 'ok', mode, attempts: attempt, body: landed.body, contentVersion: landed.content_version ?? null, changed: true };
        note({ attempt, what: 'stale' });
        continue;
      }
    }

    if (applied.changed) {
      try {
        await api.editIssueBody(number, applied.body);
      } catch (err) {
        await answerLost(api, number, edit, err);
      }
      note({ attempt, what: 'patched' });
    } else {
      note({ attempt, what: 'unchanged' });
    }
    const check = await api.getIssue(number);
    if (edit.isApplied(check.body)) {
      return { outcome: 'ok', mode, attempts: attempt, body: check.body, contentVersion: check.content_version ?? null, changed: applied.changed };
    }
    note({ attempt, what: 'removed' });
  }
  const why =
    mode === 'content-version'
      ? `the issue kept changing; gave up after ${maxAttempts} attempts without overwriting anything`
      : `later saves kept removing the edit; gave up after ${maxAttempts} attempts`;
  throw new GiteaError('conflict', why, {
    operation: `edit issue #${number} (${edit.description})`,
  });
}

const LOST_ANSWER = new Set(['network', 'timeout', 'bad-response', 'server']);

/**
 * After a PATCH failed in a way that says nothing about whether it happened, re-read the issue:
 * the fresh body if the edit is in, null if not. Other failures are rethrown.
 */
async function answerLost(api: IssueBodyApi, number: number, edit: BodyEdit, err: unknown): Promise<{ body: string; content_version?: number } | null> {
  if (!(err instanceof GiteaError) || !LOST_ANSWER.has(err.kind)) throw err;
  const now = await api.getIssue(number);
  return edit.isApplied(now.body) ? now : null;
}
