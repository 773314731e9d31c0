import { hasClosureSummary } from '../../domain/closure/edit.js';
import { closeRefusal, hasResolutionNote, prependResolution, resolutionBlock, type CloseContext } from '../../domain/closure/resolution.js';
import { errorLine, redactSecrets } from '../../domain/redact.js';
import type { EditMode } from '../../store/issue-store.js';
import { writeBodyEdit, type IssueBodyApi } from './body-writer.js';
import type { GiteaIssue } from './schemas.js';

/**
 * The one way the console closes an issue or a PR. Every close path (a typed step action, the
 * related-issues flow, the closure flow's last step) goes through here, so the rules hold at the
 * mechanism: the Dependency Dashboard is never closed, the maintenance issue only by the closure
 * flow, and nothing is closed before its body carries a note saying why — the workflow's
 * `## Resolution` section, prepended through the conflict-safe writer (never a comment, never a
 * bare {"state":"closed"}).
 */
export interface GuardedCloseApi extends IssueBodyApi {
  getIssue(number: number): Promise<GiteaIssue>;
  editIssueMeta(number: number, change: { state: 'closed' }): Promise<unknown>;
  /** Needed to close a PR (the closure flow, which closes only its issue, has none). */
  closePull?(number: number): Promise<unknown>;
}

export interface GuardedCloseRequest extends CloseContext {
  /** The issue or PR to close. */
  number: number;
  /** Why it is resolved, for the note (`fixed by B2: the crash archive`). */
  reason: string;
  /** The note's date, YYYY-MM-DD (the operator's day). */
  date: string;
  mode: EditMode;
}

export type GuardedCloseResult =
  { ok: true; message: string; noteWritten: boolean; alreadyClosed: boolean } | { ok: false; reason: string; noteWritten: boolean };

const thread = (i: Pick<GiteaIssue, 'number' | 'pull_request'>) => `${i.pull_request ? 'PR' : 'issue'} #${i.number}`;

/** Prepends the resolution note (once), then closes. Refuses, sending nothing, what must stay open. */
export async function guardedClose(api: GuardedCloseApi, req: GuardedCloseRequest): Promise<GuardedCloseResult> {
  let noteWritten = false;
  try {
    const issue = await api.getIssue(req.number);
    const refusal = closeRefusal({ number: issue.number, title: issue.title, isPull: Boolean(issue.pull_request) }, req);
    if (refusal) return { ok: false, reason: `not closed: ${refusal}`, noteWritten };
    if (issue.state === 'closed') return { ok: true, message: `${thread(issue)} is already closed`, noteWritten, alreadyClosed: true };
    // The closure flow writes its own, larger record (the summary at the top) before it closes.
    if (!req.viaClosure || !hasClosureSummary(issue.body)) {
      const edit = prependResolution(resolutionBlock({ maintenance: req.maintenance, date: req.date, reason: req.reason }));
      const w = await writeBodyEdit(api, req.number, edit, { mode: req.mode });
      if (w.outcome === 'conflict') return { ok: false, reason: `not closed: the resolution note could not be written (${w.conflict})`, noteWritten };
      if (w.outcome === 'queued') return { ok: false, reason: `not closed: Gitea unreachable (${w.reason})`, noteWritten };
      noteWritten = w.changed;
    }
    return await sendClose(api, req, noteWritten);
  } catch (err) {
    return { ok: false, reason: redactSecrets(`not closed: ${errorLine(err)}`), noteWritten };
  }
}

/**
 * The state change itself, after a fresh read proves the note is there: a note lost to a
 * concurrent edit between the write and the close means no close.
 */
async function sendClose(api: GuardedCloseApi, req: GuardedCloseRequest, noteWritten: boolean): Promise<GuardedCloseResult> {
  const now = await api.getIssue(req.number);
  const noted = hasResolutionNote(now.body) || (req.viaClosure === true && hasClosureSummary(now.body));
  if (!noted) return { ok: false, reason: `not closed: ${thread(now)} has no resolution note in its body`, noteWritten };
  if (now.pull_request) {
    if (!api.closePull) return { ok: false, reason: `not closed: ${thread(now)} is a PR and this path cannot close PRs`, noteWritten };
    await api.closePull(req.number);
  } else await api.editIssueMeta(req.number, { state: 'closed' });
  return {
    ok: true,
    message: `${thread(now)} closed${noteWritten ? ' after the resolution note was prepended' : ' (its body already had the resolution note)'}`,
    noteWritten,
    alreadyClosed: false,
  };
}
