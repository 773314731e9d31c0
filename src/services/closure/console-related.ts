import { actionRow, proposeRelated, type RelatedProposal, type ThreadRef } from '../../domain/closure/related.js';
import { appendActionRow } from '../../domain/closure/actions-table.js';
import { stamp } from '../../domain/closure/summary.js';
import { errorLine, redactSecrets } from '../../domain/redact.js';
import type { ActionResult, ConfirmRequest, PlanResult } from '../../domain/console-engine.js';
import type { Stores } from '../../store/index.js';
import type { RunMode } from '../../store/session-store.js';
import { writeBodyEdit } from '../gitea/body-writer.js';
import type { GiteaClient } from '../gitea/client.js';
import { guardedClose } from '../gitea/guarded-close.js';
import type { GiteaPullRequest } from '../gitea/schemas.js';
import type { Journal } from '../journal/journal.js';
import type { ClosureArbiter } from './console-closure.js';

export interface ConsoleRelatedPorts {
  stores: Stores;
  gitea(): GiteaClient | null;
  journal: Journal | null;
  mode: RunMode;
  arbiter: ClosureArbiter;
  /** The merge loop, as the session offers it (GREEN first, the checked head, the sync wait, the gate). */
  planMerge(pr: number): Promise<PlanResult>;
  runMerge(request: ConfirmRequest, typed: string): Promise<ActionResult>;
  refresh(target: 'issue'): Promise<void>;
  timeZone?: string;
  now?: () => number;
}

const checksOf = (state: string, hasCi: boolean): ThreadRef['checks'] =>
  !hasCi ? 'none' : state === 'success' ? 'success' : state === 'failure' || state === 'error' ? 'failure' : 'pending';

/** What the PR/Issue Actions table calls it. */
function actionWord(p: RelatedProposal): string {
  return p.action === 'merge' ? 'Merged' : p.action === 'close-unmerged' ? 'Closed (not merged)' : 'Closed';
}

/**
 * Related issues and PRs in the console (workflow 4.2, 4.3, 4.7): the open ones that the work
 * resolved, each with its reasons; the operator acts per entry with the entry's number typed —
 * close through the one guarded close path (resolution note prepended, never a comment; the
 * Dependency Dashboard and the maintenance issue refused there), close a superseded PR unmerged, or
 * merge through the merge loop. Each action taken is a PR/Issue Actions row and a journal entry.
 */
export class ConsoleRelated {
  constructor(private readonly p: ConsoleRelatedPorts) {}

  private get store() {
    return this.p.stores.related;
  }

  private at(): Date {
    return new Date(this.p.now?.() ?? Date.now());
  }

  private journal(detail: string): void {
    this.p.journal?.append({ type: 'event', stepId: null, at: this.at().toISOString(), event: 'related', detail: redactSecrets(detail) });
  }

  async load(): Promise<ActionResult> {
    const client = this.p.gitea();
    const number = this.p.stores.issue.getState().number;
    if (!client || number === null) return { ok: false, reason: 'no maintenance issue is open' };
    this.store.setState({ phase: 'loading', error: null });
    try {
      const issue = await client.getIssue(number);
      const [issues, pulls, closed] = await Promise.all([client.listIssues('open'), client.openPulls(), client.closedPulls()]);
      const from = Date.parse(issue.created_at);
      const merged = closed.filter((pr) => pr.merged && pr.merged_at && Date.parse(pr.merged_at) >= from);
      const prRefs = await Promise.all(pulls.map((pr) => this.pullRef(client, pr)));
      const open: ThreadRef[] = [
        ...issues.map((i) => ({
          number: i.number,
          title: i.title,
          body: i.body,
          isPull: false,
          labels: i.labels.map((l) => l.name),
          poster: i.user.login,
          createdAt: i.created_at,
        })),
        ...prRefs,
      ];
      const proposals = proposeRelated({
        maintenance: { number, body: issue.body },
        items: this.p.stores.issue.getState().document?.items ?? [],
        open,
        merged: merged.map((pr) => ({ number: pr.number, title: pr.title, body: pr.body })),
      });
      this.store.setState((s) => ({ phase: 'ready', proposals, selected: proposals.filter((x) => x.selected).map((x) => x.number), done: s.done }));
      const held = proposals.filter((x) => !x.selected).length;
      return { ok: true, message: `${proposals.length} related issue(s)/PR(s) proposed${held ? `, ${held} held back (Do NOT close list)` : ''}` };
    } catch (err) {
      const reason = redactSecrets(errorLine(err));
      this.store.setState({ phase: 'error', error: reason });
      return { ok: false, reason: `related issues and PRs: ${reason}` };
    }
  }

  private async pullRef(client: GiteaClient, pr: GiteaPullRequest): Promise<ThreadRef> {
    const status = await client.combinedStatus(pr.head.sha).catch(() => null);
    return {
      number: pr.number,
      title: pr.title,
      body: pr.body,
      isPull: true,
      labels: pr.labels.map((l) => l.name),
      poster: pr.user.login,
      headBranch: pr.head.ref,
      createdAt: pr.created_at,
      mergeable: pr.mergeable,
      ...(status ? { checks: checksOf(status.state, status.hasCi) } : {}),
    };
  }

  toggle(number: number): void {
    this.store.setState((s) => ({ selected: s.selected.includes(number) ? s.selected.filter((n) => n !== number) : [...s.selected, number] }));
  }

  async plan(number: number): Promise<PlanResult> {
    const p = this.store.getState().proposals.find((x) => x.number === number);
    if (!p) return { ok: false, reason: `#${number} is not among the related proposals (:related reads them again)` };
    if (!this.store.getState().selected.includes(number))
      return { ok: false, reason: `#${number} is not selected${p.hold ? ` (${p.hold})` : ''}; Space selects it if you mean it` };
    const refusal = this.p.arbiter.refusal('closure');
    if (refusal) return { ok: false, reason: refusal };
    const maintenance = this.p.stores.issue.getState().number;
    if (p.action === 'merge') {
      const plan = await this.p.planMerge(number);
      if (!plan.ok) return plan;
      return { ok: true, request: { ...plan.request, notes: [`related to #${maintenance}: ${p.reasons.join('; ')}`, ...plan.request.notes] } };
    }
    const what = p.isPull ? `PR #${number}` : `issue #${number}`;
    return {
      ok: true,
      request: {
        action: 'close',
        title: p.action === 'close-unmerged' ? `Close ${what} without merging` : `Close ${what} as resolved`,
        target: `${what}: ${p.title}`,
        command: `prepend '## Resolution' (resolved as part of #${maintenance}) to ${what}'s body, then set its state to closed`,
        destructive: true,
        challenge: String(number),
        notes: [
          ...p.reasons.map((r) => `why: ${r}`),
          ...(p.hold ? [`held back by default: ${p.hold}`] : []),
          'no comment is posted; the note goes into the body',
        ],
        binding: { kind: 'thread', id: String(number), version: null },
        dryRun: this.p.mode === 'DRY-RUN',
      },
    };
  }

  async run(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    const number = Number(request.binding.id);
    const p = this.store.getState().proposals.find((x) => x.number === number);
    if (!p) return { ok: false, reason: `#${number} is not among the related proposals` };
    if (typed.trim().replace(/^#/, '') !== String(number)) return { ok: false, reason: `type ${number} to act on #${number}; nothing was done` };
    if (this.p.mode === 'READ-ONLY') return { ok: false, reason: 'read-only: closing related issues is off (--read-only)' };
    const client = this.p.gitea();
    const maintenance = this.p.stores.issue.getState().number;
    if (!client || maintenance === null) return { ok: false, reason: 'no maintenance issue is open' };
    if (this.p.mode === 'DRY-RUN') {
      this.journal(`dry run: would ${actionWord(p).toLowerCase()} #${number}`);
      return { ok: true, message: `dry run: would ${actionWord(p).toLowerCase()} #${number}; nothing was sent` };
    }
    let result: ActionResult;
    if (p.action === 'merge') result = await this.p.runMerge(request, typed);
    else {
      const at = this.at();
      const r = await this.p.arbiter.run({ kind: 'closure', what: `the close of #${number}`, howToStop: 'two writes; wait for them' }, () =>
        guardedClose(client, {
          number,
          maintenance,
          reason: p.reasons.join('; '),
          date: stamp(at, this.p.timeZone ?? 'UTC').slice(0, 10),
          mode: this.p.stores.issue.getState().editMode ?? 'last-writer-wins',
        }),
      );
      result = r.ok ? { ok: true, message: 'message' in r ? r.message : `#${number} closed` } : { ok: false, reason: r.reason };
    }
    // The record first (journal, PR/Issue Actions row), then the screen says it is done.
    this.journal(result.ok ? `${actionWord(p)} #${number} (${p.reasons.join('; ')})` : `#${number} not actioned: ${result.reason}`);
    if (result.ok) await this.logRow(p);
    this.store.setState((s) => ({ done: { ...s.done, [number]: result.ok ? { ok: true, text: actionWord(p) } : { ok: false, text: result.reason } } }));
    return result;
  }

  /** The maintenance body's PR/Issue Actions row (4.3), through the conflict-safe writer. */
  private async logRow(p: RelatedProposal): Promise<void> {
    const client = this.p.gitea();
    const number = this.p.stores.issue.getState().number;
    if (!client || number === null) return;
    const notes = p.reasons.join('; ');
    const row = actionRow(p, actionWord(p), stamp(this.at(), this.p.timeZone ?? 'UTC'), notes);
    try {
      const w = await writeBodyEdit(client, number, appendActionRow(row), { mode: this.p.stores.issue.getState().editMode ?? 'last-writer-wins' });
      if (w.outcome === 'conflict') this.journal(`PR/Issue Actions row for #${p.number} not written: ${w.conflict}`);
      await this.p.refresh('issue');
    } catch (err) {
      this.journal(`PR/Issue Actions row for #${p.number} not written: ${redactSecrets(errorLine(err))}`);
    }
  }
}
