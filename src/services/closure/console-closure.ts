import { closureBlockers } from '../../domain/closure/blockers.js';
import { hasClosureSummary, prependClosureSummary } from '../../domain/closure/edit.js';
import { renderClosureSummary, type ClosureFacts } from '../../domain/closure/summary.js';
import { DEFAULT_THRESHOLDS, type HealthThresholds } from '../../domain/health/types.js';
import { appendChangeLogRow, type ChangeLogEntry } from '../../domain/issue/edits/change-log-edit.js';
import { fillClosure, type ClosureFill } from '../../domain/issue/edits/closure-edit.js';
import { composeEdits, optionalEdit } from '../../domain/issue/edits/compose.js';
import { resolvedTitle } from '../../domain/issue/edits/title.js';
import { analyseCached } from '../../domain/issue/parse.js';
import { errorLine, redactSecrets } from '../../domain/redact.js';
import type { ActionResult } from '../../domain/console-engine.js';
import type { Stores } from '../../store/index.js';
import type { RunMode } from '../../store/session-store.js';
import { writeBodyEdit } from '../gitea/body-writer.js';
import type { GiteaClient } from '../gitea/client.js';
import { InFlight } from '../journal/in-flight.js';
import type { Journal } from '../journal/journal.js';
import type { ConsoleRecon } from '../recon/console-recon.js';
import { remainingSteps, runClosurePlan, type ClosureStepName } from './close-issue.js';
import { closedByName, closureFacts, windowActivity } from './facts.js';

const CLOSURE_WRITES = 'notes (summary, Closure section, Change Log row), then the title [RESOLVED], then close';
const WRITTEN: Record<ClosureStepName, string> = {
  body: 'notes written: summary, Closure section, Change Log row',
  title: 'title written: [RESOLVED]',
  state: 'issue closed',
};

/** The session's one owner of what runs (engine/arbiter.ts), as closure needs it. */
export interface ClosureArbiter {
  refusal(kind: 'closure'): string | null;
  run<T extends { ok: boolean }>(
    activity: { kind: 'closure'; what: string; howToStop: string },
    fn: () => Promise<T>,
  ): Promise<T | { ok: false; reason: string }>;
}

export interface ConsoleClosurePorts {
  stores: Stores;
  recon: ConsoleRecon;
  arbiter: ClosureArbiter;
  gitea(): GiteaClient | null;
  refresh(target: 'issue'): Promise<void>;
  journal: Journal | null;
  mode: RunMode;
  thresholds?: HealthThresholds;
  timeZone?: string;
  now?: () => number;
}

/**
 * Closure from the console (workflow 4.4–4.6): prepare() runs the closure's own recon and, when
 * nothing stands, builds the preview — the exhaustive notes at the top, the Closure section filled,
 * the `[RESOLVED]` title — from the issue and the live state; confirm(typed) with the issue number
 * writes body, title, state through the resumable plan. Refused, cancelled, done and failed each go
 * to the journal and (except a refusal, which writes nothing) to the Change Log.
 */
export class ConsoleClosure {
  private facts: ClosureFacts | null = null;
  private resuming = false;

  constructor(private readonly p: ConsoleClosurePorts) {}

  private get store() {
    return this.p.stores.closure;
  }

  private stamp() {
    return { at: new Date(this.p.now?.() ?? Date.now()), timeZone: this.p.timeZone ?? 'UTC' };
  }

  private journal(detail: string): void {
    this.p.journal?.append({ type: 'event', stepId: null, at: this.stamp().at.toISOString(), event: 'closure', detail: redactSecrets(detail) });
  }

  private fill(): ClosureFill {
    return { status: 'RESOLVED', closedBy: closedByName(), closedAt: this.stamp(), tickCriteria: true };
  }

  private logEntry(): ChangeLogEntry {
    return { stamp: this.stamp(), action: 'Closure: summary written, issue closed as [RESOLVED]', result: 'all layers GREEN', phase: 'Closure' };
  }

  /** Builds the preview, or says what still stands. */
  async prepare(): Promise<ActionResult> {
    const { stores } = this.p;
    const refusal = this.p.arbiter.refusal('closure');
    if (refusal) return this.refuse([refusal]);
    const client = this.p.gitea();
    const number = stores.issue.getState().number;
    if (!client || number === null) return this.refuse(['no maintenance issue is open']);
    this.store.setState({ phase: 'preparing', number, error: null, blockers: [], steps: [] });
    try {
      let issue = await client.getIssue(number);
      const left = remainingSteps(issue);
      if (left.length === 0) {
        this.store.setState({ phase: 'closed', title: issue.title, body: issue.body, steps: [] });
        return { ok: true, message: `#${number} is already closed as [RESOLVED] with its summary` };
      }
      this.resuming = hasClosureSummary(issue.body);
      if (!this.resuming) {
        const recon = await this.p.recon.run('closure');
        if (!recon.ok) return this.refuse([recon.reason]);
        issue = await client.getIssue(number);
        const r = stores.recon.getState();
        const gate = stores.health.getState().gate;
        const blockers = closureBlockers(analyseCached(issue.body).document.items, gate, r.overall ?? undefined);
        if (blockers.length) return this.refuse(blockers);
        const activity = await windowActivity(client, issue, new Date(issue.created_at));
        const th = this.p.thresholds ?? DEFAULT_THRESHOLDS;
        this.facts = closureFacts(
          issue,
          { gate: gate!, cluster: stores.cluster.getState(), ceph: stores.ceph.getState(), at: r.at ?? new Date().toISOString() },
          activity,
          this.store.getState().lessons,
          th.nodeCpuPercentWarn,
          th.nodeMemoryPercentWarn,
        );
        this.facts = { ...this.facts, timeZone: this.p.timeZone ?? this.facts.timeZone };
      }
      const preview = this.previewOf(issue.body);
      if (!preview.ok) return this.refuse([preview.reason]);
      this.store.setState({
        phase: 'ready',
        title: resolvedTitle(issue.title),
        body: preview.body,
        baseBody: issue.body,
        baseVersion: issue.content_version ?? null,
      });
      return { ok: true, message: this.resuming ? `#${number}: closure was started; left: ${left.join(', ')}` : `#${number}: closure preview ready` };
    } catch (err) {
      return this.refuse([`reading #${number}: ${redactSecrets(errorLine(err))}`]);
    }
  }

  private summary(): string {
    return this.facts ? renderClosureSummary({ ...this.facts, lessons: this.store.getState().lessons }) : '';
  }

  private edit() {
    return composeEdits('close: summary, Closure section, Change Log', [
      prependClosureSummary(this.summary()),
      fillClosure(this.fill()),
      optionalEdit(appendChangeLogRow(this.logEntry())),
    ]);
  }

  private previewOf(body: string): { ok: true; body: string } | { ok: false; reason: string } {
    const r = (this.resuming ? fillClosure(this.fill()) : this.edit()).apply(body);
    return r.ok ? { ok: true, body: r.body } : { ok: false, reason: r.conflict };
  }

  private refuse(blockers: string[]): ActionResult {
    this.store.setState({ phase: 'refused', blockers });
    this.journal(`refused: ${blockers.join('; ')}`);
    return { ok: false, reason: `closure is not allowed yet: ${blockers.join('; ')}` };
  }

  /** A Lessons Learned entry the operator typed; the preview is rebuilt with it. */
  addLesson(text: string): ActionResult {
    const lesson = text.replace(/\s+/g, ' ').trim();
    if (!lesson) return { ok: false, reason: 'an empty lesson adds nothing' };
    this.store.setState((s) => ({ lessons: [...s.lessons, lesson] }));
    const s = this.store.getState();
    if (s.phase === 'ready' && s.baseBody !== null) {
      const preview = this.previewOf(s.baseBody);
      if (preview.ok) this.store.setState({ body: preview.body });
    }
    return { ok: true, message: `lesson ${s.lessons.length} added to the closure notes` };
  }

  /** The operator left the preview without confirming: recorded, nothing else written. */
  async cancel(): Promise<void> {
    const s = this.store.getState();
    if (s.phase !== 'ready') return;
    this.store.setState({ phase: 'idle' });
    this.journal(`cancelled: #${s.number} previewed, not confirmed`);
    await this.logRow('Closure previewed, not confirmed', 'cancelled by the operator; the issue stays open');
  }

  private async logRow(action: string, result: string): Promise<void> {
    const client = this.p.gitea();
    const number = this.store.getState().number;
    if (!client || number === null || this.p.mode !== 'WRITE') return;
    try {
      const edit = appendChangeLogRow({ stamp: this.stamp(), action, result, phase: 'Closure' });
      await writeBodyEdit(client, number, edit, { mode: this.p.stores.issue.getState().editMode ?? 'last-writer-wins' });
      await this.p.refresh('issue');
    } catch (err) {
      this.journal(`Change Log row '${action}' not written: ${redactSecrets(errorLine(err))}`);
    }
  }

  /** Writes body, title, state once the operator typed the issue number. */
  async confirm(typed: string): Promise<ActionResult> {
    const s = this.store.getState();
    if (s.phase !== 'ready' || s.number === null) return { ok: false, reason: 'no closure preview to confirm: open it with :close' };
    const number = s.number;
    if (typed.trim().replace(/^#/, '') !== String(number)) return { ok: false, reason: `type ${number}, the issue's number, to close it; nothing was written` };
    if (this.p.mode === 'READ-ONLY') return { ok: false, reason: 'read-only: closing the issue is off (--read-only)' };
    const client = this.p.gitea();
    if (!client) return { ok: false, reason: 'no Gitea connection' };
    if (this.p.mode === 'DRY-RUN') {
      this.journal(`dry run: would write #${number}'s body, title '${s.title}', state closed`);
      return { ok: true, message: `dry run: would write the body, retitle '${s.title}' and close #${number}; nothing was sent` };
    }
    return this.p.arbiter.run({ kind: 'closure', what: `the closure of #${number}`, howToStop: 'it is three writes; wait for them' }, async () => {
      const done: ClosureStepName[] = [];
      let record: InFlight | null = null;
      try {
        const now = await client.getIssue(number);
        if (now.body !== s.baseBody && !hasClosureSummary(now.body)) {
          await this.prepare();
          return {
            ok: false,
            reason: `#${number} changed since the preview (a person edited it); the preview is made again — review it and confirm once more`,
          };
        }
        this.store.setState({ phase: 'closing', steps: [] });
        // One record of the three writes: a kill -9 between them leaves it in flight, saying which were done.
        record = new InFlight(this.p.journal, { what: 'closure', issue: number }, `Closure of #${number}: ${s.title}`, CLOSURE_WRITES);
        const steps = await runClosurePlan(client, {
          number,
          summary: () => this.summary(),
          fill: this.fill(),
          log: this.logEntry(),
          mode: this.p.stores.issue.getState().editMode ?? 'last-writer-wins',
          afterStep: (step) => {
            done.push(step);
            record?.progress(WRITTEN[step]);
            this.store.setState((x) => ({ steps: [...x.steps, { step, did: 'written' }] }));
          },
        });
        this.store.setState({ phase: 'closed', steps });
        const what = steps.map((x) => `${x.step} ${x.did}`).join(', ');
        this.journal(`done: #${number} ${s.title} (${what})`);
        record.finish('passed', `closed: ${what}`);
        await this.p.refresh('issue');
        return { ok: true, message: `#${number}: ${s.title} — closed (${what})` };
      } catch (err) {
        const reason = redactSecrets(errorLine(err));
        this.store.setState({ phase: 'failed', error: reason });
        const after = done.length ? ` after ${done.join(', ')}` : '';
        this.journal(`failed${after}: ${reason}`);
        record?.finish('failed', `failed${after}: ${reason}`);
        await this.logRow('Closure failed', `${reason}${after}; run :close again to finish (the summary is never written twice)`);
        return { ok: false, reason: `closure failed${after}: ${reason}; :close again finishes it` };
      }
    });
  }
}
