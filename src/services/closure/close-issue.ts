import { hasClosureSummary, prependClosureSummary } from '../../domain/closure/edit.js';
import { appendChangeLogRow, type ChangeLogEntry } from '../../domain/issue/edits/change-log-edit.js';
import { fillClosure, type ClosureFill } from '../../domain/issue/edits/closure-edit.js';
import { composeEdits, optionalEdit } from '../../domain/issue/edits/compose.js';
import { isResolvedTitle, resolvedTitle } from '../../domain/issue/edits/title.js';
import type { EditMode } from '../../store/issue-store.js';
import { writeBodyEdit, type IssueBodyApi } from '../gitea/body-writer.js';
import { GiteaError } from '../gitea/errors.js';
import { guardedClose } from '../gitea/guarded-close.js';
import type { GiteaIssue } from '../gitea/schemas.js';

/** The Gitea calls the closure plan makes (GiteaClient has them). */
export interface ClosureApi {
  getIssue(number: number): Promise<GiteaIssue>;
  editIssueBody(number: number, body: string, contentVersion?: number): Promise<{ body: string; content_version?: number }>;
  editIssueMeta(number: number, change: { title?: string; state?: 'open' | 'closed' }): Promise<GiteaIssue>;
  readonly writeTiming?: IssueBodyApi['writeTiming'];
}

export type ClosureStepName = 'body' | 'title' | 'state';
export interface ClosureStepResult {
  step: ClosureStepName;
  did: 'written' | 'already';
}

export interface ClosurePlanInput {
  number: number;
  /** Rendered only when the body has no summary yet (a re-run keeps the first one). */
  summary: () => string;
  fill: ClosureFill;
  log: ChangeLogEntry;
  mode: EditMode;
  /** Test seam: called after each step that wrote, so a test can stop the plan between writes. */
  afterStep?: (step: ClosureStepName) => void | Promise<void>;
}

/** Which steps are still to do on the issue as it is now. */
export function remainingSteps(issue: Pick<GiteaIssue, 'body' | 'title' | 'state'>): ClosureStepName[] {
  const out: ClosureStepName[] = [];
  if (!hasClosureSummary(issue.body) || !fillClosure({ tickCriteria: true }).isApplied(issue.body)) out.push('body');
  if (!isResolvedTitle(issue.title)) out.push('title');
  if (issue.state !== 'closed') out.push('state');
  return out;
}

/**
 * Closure as one resumable plan (workflow 4.4–4.6): body (summary at the top, Closure section
 * filled, a Change Log row), then title `[RESOLVED] …`, then state closed — in that order, each
 * step checked against the issue as it is now, so a run cut off between writes is finished by
 * running again: the summary's marker is found and never written twice, nor the log row.
 */
export async function runClosurePlan(api: ClosureApi, o: ClosurePlanInput): Promise<ClosureStepResult[]> {
  const results: ClosureStepResult[] = [];
  const first = await api.getIssue(o.number);
  // Summary and its log row go together: with the summary in, only the Closure fields may be left.
  const edit = hasClosureSummary(first.body)
    ? fillClosure(o.fill)
    : composeEdits('close: summary, Closure section, Change Log', [
        prependClosureSummary(o.summary()),
        fillClosure(o.fill),
        optionalEdit(appendChangeLogRow(o.log)),
      ]);
  if (remainingSteps(first).includes('body')) {
    const r = await writeBodyEdit(api, o.number, edit, { mode: o.mode });
    if (r.outcome === 'conflict')
      throw new GiteaError('conflict', `closure: ${r.conflict}; nothing was overwritten`, { operation: `close issue #${o.number}` });
    // Closing needs Gitea: a closure is never left half done behind a queue.
    if (r.outcome === 'queued') throw new GiteaError('network', `closure: Gitea unreachable (${r.reason})`, { operation: `close issue #${o.number}` });
    results.push({ step: 'body', did: r.changed ? 'written' : 'already' });
    await o.afterStep?.('body');
  } else results.push({ step: 'body', did: 'already' });

  const now = await api.getIssue(o.number);
  if (!isResolvedTitle(now.title)) {
    await api.editIssueMeta(o.number, { title: resolvedTitle(now.title) });
    results.push({ step: 'title', did: 'written' });
    await o.afterStep?.('title');
  } else results.push({ step: 'title', did: 'already' });

  if (now.state !== 'closed') {
    // Through the one close path: it checks the summary is in the body it closes.
    const closed = await guardedClose(api, { number: o.number, maintenance: o.number, viaClosure: true, reason: '', date: '', mode: o.mode });
    if (!closed.ok) throw new GiteaError('precondition', `closure: ${closed.reason}`, { operation: `close issue #${o.number}` });
    results.push({ step: 'state', did: 'written' });
    await o.afterStep?.('state');
  } else results.push({ step: 'state', did: 'already' });
  return results;
}
