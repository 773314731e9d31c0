import type { ActionResult, ConfirmRequest, PlanResult, ProtocolInput, ProtocolNext } from '../../domain/console-engine.js';
import { errorLine } from '../../domain/redact.js';
import type { QueueEntry } from '../../domain/renovate/types.js';
import { ASSESSMENT_QUESTIONS, unanswered, type AssessmentQuestion } from '../../domain/upgrade/assessment.js';
import { formatBytes } from '../../domain/upgrade/database.js';
import { gate2, postUpgradeLines, postUpgradeProblems, type GateVerdict, type PostUpgradeReport } from '../../domain/upgrade/gates.js';
import { countdown, windowRefusal, windowRemaining } from '../../domain/upgrade/order.js';
import { formatDuration, protocolFor, protocolSteps } from '../../domain/upgrade/protocol.js';
import type { ProtocolRun, StepStatus, UpgradeStore } from '../../store/upgrade-store.js';
import type { AfterMergeContext, AfterMergeResult } from '../renovate/guard.js';
import { classifyLivePull } from '../renovate/live-queue.js';
import type { BackupReport } from './backup.js';
import { ProtocolContext, short, type RunExtras, type UpgradeRunnerOptions } from './protocol-context.js';
import { snapshotCrds, diffCrds } from './stages/crds.js';
import { backupAndVerify, identifyDatabase } from './stages/database.js';
import { planScaleDown, runScaleDown, scaleDown, scaleUp } from './stages/dependents.js';
import { postValidation, runGate1 } from './stages/gates.js';
import { blockers, orderProblem, setOrderReason } from './stages/merge.js';
import { answer, checkDependencies, podFacts, readBreakingChanges, reviewDiff, writeRollbackPlan } from './stages/preflight.js';
import { finishAfterMerge, mergeFailed, rollbackConfirmation, rollbackNeedsDataConfirmation } from './stages/recovery.js';
import { checkWindow, openWindow } from './stages/stabilise.js';

export type { FunctionalInputs, ProtocolRecorder, UpgradeRunnerOptions } from './protocol-context.js';

/**
 * Runs a major or database PR through its protocol (workflow Phases 5–7). The merge itself stays the
 * merge loop's: this service prepares (pre-flight, backup, scale-down), tells the loop what still
 * blocks the merge (`blockers`), and after the merge runs Gates 1–2, brings dependents back one at a
 * time, diffs CRDs, reads the post-upgrade validation and opens the stabilisation window (Gate 3)
 * that the next major waits for. Every step is recorded in the issue's Change Log and the journal.
 *
 * This class is the orchestrator: the order of the stages and the console's questions; each stage's
 * work is in stages/ (preflight, crds, database, dependents, merge, gates, stabilise, recovery),
 * over the run state they share (ProtocolContext).
 */
export class UpgradeRunner {
  private readonly p: ProtocolContext;

  constructor(o: UpgradeRunnerOptions) {
    this.p = new ProtocolContext(o);
  }

  get store(): UpgradeStore {
    return this.p.o.store;
  }

  /** What protocol wait is in progress (quitting would interrupt it), else null. */
  busy(): string | null {
    const w = this.p.o.store.getState().waiting;
    return w ? `PR #${w.pr}: ${w.label}` : null;
  }

  /** The session closes: a wait in progress ends and is recorded as interrupted by the quit. */
  close(): void {
    this.p.closing = true;
    this.p.waitStop?.abort();
  }

  /**
   * Ends the protocol wait in progress (the console's stop key, the same as the merge wait's):
   * the step it belongs to is recorded as cancelled. True when a wait was stopped.
   */
  stop(): boolean {
    const c = this.p.waitStop;
    if (!c || c.signal.aborted) return false;
    c.abort();
    return true;
  }

  /** The protocol this PR needs, or null (it merges through the plain loop). */
  async protocolOf(pr: number): Promise<{ entry: QueueEntry; protocol: ReturnType<typeof protocolFor> }> {
    const pull = await this.p.o.gitea.getPull(pr);
    const apps = await this.p.o.apps.list().catch(() => []);
    const { entry } = await classifyLivePull(this.p.o.gitea, pull, { apps, now: new Date(this.p.clock.now()) });
    return { entry, protocol: protocolFor(entry, this.p.o.protocol) };
  }

  crdFile(pr: number, when: 'before' | 'after' | 'diff'): string {
    return this.p.crdFile(pr, when);
  }

  // ── stage 1: prepare ─────────────────────────────────────────────────────────────────────────

  /** Starts (or restarts, after a new push) the protocol and runs the pre-flight steps that need no answer. */
  async prepare(pr: number): Promise<ProtocolRun> {
    const { o } = this.p;
    const pull = await o.gitea.getPull(pr);
    const apps = await o.apps.list().catch(() => []);
    const { entry } = await classifyLivePull(o.gitea, pull, { apps, now: new Date(this.p.clock.now()) });
    const protocol = protocolFor(entry, o.protocol);
    if (!protocol) throw new Error(`PR #${pr} is a ${entry.updateType} ${entry.category} update: it merges through the plain loop, no protocol`);
    const steps = protocolSteps(protocol).map((s) => ({ id: s.id, stage: s.stage, text: s.text, status: 'pending' as StepStatus, detail: null }));
    const run: ProtocolRun = { pr, title: pull.title, headSha: pull.head.sha, protocol, steps, notes: [], backup: null, finished: null };
    o.store.setState({ runs: { ...o.store.getState().runs, [pr]: run } });
    const x: RunExtras = {
      entry,
      answers: {},
      componentPods: [],
      db: null,
      dependents: [],
      crdBefore: null,
      crdNames: [],
      restartBaseline: new Map(),
      suggestions: {},
    };
    this.p.extras.set(pr, x);
    await this.p.record({
      pr,
      step: `${protocol.upgradeClass} protocol started (risk ${protocol.risk}; ${protocol.requiredPrep})`,
      result: protocol.stages.map((s) => s.title).join(' → '),
    });
    await readBreakingChanges(this.p, pr, x, pull.body);
    const ctx = o.kube();
    const pods = await podFacts(ctx);
    await checkDependencies(this.p, pr, x, pods);
    if (steps.some((s) => s.id === 'crd-snapshot')) await snapshotCrds(this.p, pr, x);
    await reviewDiff(this.p, pr, x);
    if (protocol.database) await identifyDatabase(this.p, pr, x, ctx, pods);
    await writeRollbackPlan(this.p, pr);
    return this.p.run(pr);
  }

  /** Records one assessment answer (`yes: …`, `no`, `unknown`); returns why it was refused, or null. */
  answer(pr: number, question: AssessmentQuestion['id'], typed: string): Promise<string | null> {
    return answer(this.p, pr, question, typed);
  }

  unansweredQuestions(pr: number): AssessmentQuestion[] {
    return unanswered(this.p.extras.get(pr)?.answers ?? {});
  }

  /** 6.1 steps 2–4: the backup streamed off the database pod and verified, then the recovery procedure. */
  backup(pr: number, onProgress?: (bytes: number) => void): Promise<BackupReport> {
    return backupAndVerify(this.p, pr, onProgress);
  }

  /** 6.2 [STOP]: every dependent scaled to 0, one at a time, each confirmed at 0 ready before the next. */
  scaleDown(pr: number): Promise<{ ok: boolean; message: string }> {
    return scaleDown(this.p, pr);
  }

  // ── the merge loop's side ─────────────────────────────────────────────────────────────────────

  /** Records the operator's typed reason for taking PR `pr` out of the workflow's order. */
  setOrderReason(pr: number, reason: string): Promise<string | null> {
    return setOrderReason(this.p, pr, reason);
  }

  /** What blocks merging `entry` now beyond the loop's own checks (the window, the order, the protocol's steps). */
  blockers(entry: QueueEntry, queue: readonly QueueEntry[]): string[] {
    return blockers(this.p, entry, queue);
  }

  // ── the console's side: what the protocol needs next, and each stage on the operator's word ────

  /** What PR `pr`'s protocol needs next from the operator, in the protocol's order. */
  async next(pr: number, queue: readonly QueueEntry[]): Promise<ProtocolNext> {
    const st = this.p.o.store.getState();
    const run = st.runs[pr];
    let entry = run ? this.p.extras.get(pr)?.entry : undefined;
    let fresh: QueueEntry | null = null;
    if (!run || !entry || !run.finished) {
      const { entry: e, protocol } = await this.protocolOf(pr);
      if (!protocol) return { kind: 'none', message: `PR #${pr} is a ${e.updateType} ${e.category} update: no protocol, it merges through the loop (m)` };
      fresh = e;
      entry ??= e;
    }
    if (run?.finished) {
      const w = st.window?.pr === pr ? st.window : null;
      return {
        kind: 'none',
        message: `PR #${pr}'s protocol ${run.finished}${w ? ` (stabilising: ${countdown(windowRemaining(w, this.p.clock.now()))} left)` : ''}`,
      };
    }
    const refusal = windowRefusal(st.window, this.p.clock.now(), pr);
    if (refusal) return { kind: 'none', message: refusal };
    const ooo = orderProblem(this.p, fresh ?? entry, queue);
    if (ooo) return { kind: 'reason', prompt: `PR #${pr} ${ooo.replace(/ — type a reason.*$/, '')}: why take it now? (at least 10 characters) ` };
    if (!run || (fresh?.headSha && run.headSha && fresh.headSha !== run.headSha))
      return { kind: 'prepare', prompt: `start the ${protocolFor(fresh ?? entry, this.p.o.protocol)!.upgradeClass} protocol of PR #${pr}: pre-flight` };
    const q = this.unansweredQuestions(pr)[0];
    if (q) {
      const hint = this.p.extras.get(pr)?.suggestions[q.id];
      const n = 5 - this.unansweredQuestions(pr).length + 1;
      return { kind: 'answer', question: q.id, prompt: `PR #${pr} (${n}/5) ${q.text}${hint ? ` [notes: ${hint}]` : ''} yes: …/no/unknown: ` };
    }
    const failed = run.steps.find((s) => s.status === 'failed' && s.id !== 'db-backup' && s.id !== 'db-verify');
    if (failed) return { kind: 'none', message: `PR #${pr}: ${failed.text} FAILED: ${failed.detail ?? ''}` };
    if (run.protocol.database && !run.backup) {
      const refused = run.steps.find((s) => (s.id === 'db-backup' || s.id === 'db-verify') && s.status === 'failed');
      return {
        kind: 'backup',
        prompt: `${refused ? `the last backup was refused (${refused.detail}); ` : ''}take the full backup of PR #${pr}'s database and verify it`,
      };
    }
    const down = run.steps.find((s) => s.id === 'scale-down');
    if (down && down.status !== 'done') return { kind: 'scale-down', prompt: `scale PR #${pr}'s dependents to 0, one at a time` };
    const missing = this.p.missingBefore(pr, 'merge');
    if (missing.length) return { kind: 'none', message: `PR #${pr}: not verified yet: ${missing.join('; ')}` };
    if (run.steps.find((s) => s.id === 'merge')?.status === 'pending') return { kind: 'merge', prompt: `PR #${pr} is ready: m merges it through the loop` };
    const current = run.steps.find((s) => s.status === 'running');
    return { kind: 'none', message: current ? `PR #${pr}: ${current.text}: ${current.detail ?? 'running'}` : `PR #${pr}: nothing to do now` };
  }

  /** One stage on the operator's word (no dialog: these read, or record what was typed). */
  async act(pr: number, input: ProtocolInput): Promise<ActionResult> {
    try {
      switch (input.kind) {
        case 'prepare': {
          const run = await this.prepare(pr);
          const done = run.steps.filter((s) => s.status === 'done').length;
          const failed = run.steps.filter((s) => s.status === 'failed');
          return failed.length
            ? { ok: false, reason: `pre-flight of PR #${pr}: ${failed.map((f) => `${f.text} FAILED: ${f.detail}`).join('; ')}` }
            : { ok: true, message: `pre-flight of PR #${pr}: ${done} of ${run.steps.length} steps verified; answer the assessment next (u)` };
        }
        case 'reason': {
          const problem = await this.setOrderReason(pr, input.text);
          return problem ? { ok: false, reason: problem } : { ok: true, message: `PR #${pr}: out-of-order reason recorded` };
        }
        case 'answer': {
          const q = ASSESSMENT_QUESTIONS.find((a) => a.id === input.question);
          if (!q) return { ok: false, reason: `no such assessment question: ${input.question}` };
          const problem = await this.answer(pr, q.id, input.text);
          if (problem) return { ok: false, reason: problem };
          const left = this.unansweredQuestions(pr).length;
          return { ok: true, message: left ? `PR #${pr}: answer recorded, ${left} to go` : `PR #${pr}: the assessment is answered` };
        }
        case 'backup': {
          let last = 0;
          const report = await this.backup(pr, (bytes) => {
            // The checklist shows the bytes received; the store is written about once a second.
            const now = this.p.clock.now();
            if (now - last < 1_000) return;
            last = now;
            this.p.detail(pr, 'db-backup', `received ${formatBytes(bytes)}`);
          });
          return report.ok
            ? { ok: true, message: `PR #${pr}: backup verified: ${report.file} (${formatBytes(report.size)})` }
            : { ok: false, reason: `backup refused, the merge stays blocked: ${report.problems.join('; ')}` };
        }
      }
    } catch (err) {
      return { ok: false, reason: errorLine(err) };
    }
  }

  /** 6.2 [STOP] as a plan the operator confirms (it changes the cluster): every dependent, the exact scale commands. */
  planScaleDown(pr: number, dryRun: boolean): PlanResult {
    return planScaleDown(this.p, pr, dryRun);
  }

  runScaleDown(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    return runScaleDown(this.p, request, typed);
  }

  /** After the loop merged and synced: Gates 1–2, dependents back, CRD diff, validation, window. */
  async afterMerge(entry: QueueEntry, mergeSha: string, context: AfterMergeContext = {}): Promise<AfterMergeResult> {
    const pr = entry.number;
    const r = this.p.o.store.getState().runs[pr];
    if (!r) return { ok: true, message: 'no protocol' };
    const x = this.p.extras.get(pr)!;
    await this.p.step(pr, 'merge', 'done', `merged ${short(mergeSha)}; ${entry.affectedApps.join(', ') || 'no Applications'} Synced and Healthy at it`);
    const fail = (id: string, v: { problems: string[] } | string) =>
      finishAfterMerge(this.p, pr, id, 'failed', typeof v === 'string' ? v : v.problems.join('; '));
    const cancelled = (id: string, reason: string) => finishAfterMerge(this.p, pr, id, 'cancelled', reason);
    const g1 = await runGate1(this.p, pr, x, context.signal);
    if ('stopped' in g1) return cancelled('gate-1', g1.stopped);
    if (!g1.ok) return fail('gate-1', g1);
    await this.p.step(pr, 'gate-1', 'done', g1.checks.join('; '));
    const { functional } = this.p.o;
    const g2 = gate2(functional.applications(), functional.externalSecrets(), functional.ceph());
    if (!g2.ok) return fail('gate-2', g2);
    await this.p.step(pr, 'gate-2', 'done', g2.checks.join('; '));
    if (r.steps.some((s) => s.id === 'scale-up')) {
      const up = await scaleUp(this.p, pr, x, context.signal);
      if (!up.ok) return up.stopped ? cancelled('scale-up', up.reason) : fail('scale-up', up.reason);
    }
    if (r.steps.some((s) => s.id === 'crd-diff')) await diffCrds(this.p, pr, x);
    const report = await postValidation(this.p, pr, x);
    const problems = postUpgradeProblems(report);
    if (problems.length) return fail('post-validation', problems.join('; '));
    await this.p.step(pr, 'post-validation', 'done', 'pods, errors, events, ArgoCD and endpoints read', postUpgradeLines(report));
    if (r.protocol.stabiliseMs > 0) await openWindow(this.p, pr, r.title, r.protocol.stabiliseMs);
    else this.p.patch(pr, (y) => ({ ...y, finished: 'passed' }));
    return { ok: true, message: r.protocol.stabiliseMs > 0 ? `stabilising for ${formatDuration(r.protocol.stabiliseMs)}` : 'protocol complete' };
  }

  /** 7.3 as one typed read: pods, recent errors, events, ArgoCD and endpoints of the component. */
  postValidation(pr: number): Promise<PostUpgradeReport> {
    return postValidation(this.p, pr, this.p.extras.get(pr)!);
  }

  /** One look during the stabilisation window (the session calls it every few seconds). */
  checkWindow(): Promise<void> {
    return checkWindow(this.p);
  }

  /** The loop merged but its sync wait or gate failed: the protocol's merge stage says so, and recovery is offered. */
  mergeFailed(entry: QueueEntry, mergeSha: string, reason: string): Promise<void> {
    return mergeFailed(this.p, entry, mergeSha, reason);
  }

  /** 6.4: the typed data confirmation a database revert needs after its merge, else null. */
  rollbackConfirmation(pr: number, entry: QueueEntry | null = null): { challenge: string; notes: string[] } | null {
    return rollbackConfirmation(this.p, pr, entry);
  }

  /** True when rolling back `pr` would start an older database on data the new one may have migrated. */
  rollbackNeedsDataConfirmation(pr: number): boolean {
    return rollbackNeedsDataConfirmation(this.p, pr);
  }
}

export { ASSESSMENT_QUESTIONS };
export type { GateVerdict };
