import { randomUUID } from 'node:crypto';
import type { GateResult } from '../../domain/health/types.js';
import { stepOutcomeEdit, type StepOutcomeKind } from '../../domain/issue/index.js';
import type { ActionItem } from '../../domain/issue/types.js';
import { actionSummary } from '../../domain/steps/action-summary.js';
import {
  changeLogResult,
  completionNote,
  escalationSummary,
  formatDuration,
  gateLine,
  type AttemptRecord,
  type StepFacts,
} from '../../domain/steps/completion.js';
import { escalationEdit } from '../../domain/steps/escalation-edit.js';
import { planItem, planRollback, type StepPlan } from '../../domain/steps/plan-step.js';
import { describeAction, type TypedAction } from '../../domain/steps/typed-action.js';
import { hiddenCharacterChallenge, hiddenCharacters } from '../../domain/display.js';
import { redactSecrets } from '../../domain/redact.js';
import type { ActionResult, ConfirmRequest, ItemRef, PlanResult } from '../../domain/console-engine.js';
import type { StepRun } from '../../store/step-store.js';
import { INTERRUPTED, outcomeEntry, UNKNOWN_OUTCOME, type IntentEntry, type OutcomeEntry } from '../journal/journal.js';
import { appendOutput, clearOutput } from '../runner/output-sink.js';
import { saveStepOutput } from '../runner/output-file.js';
import { runBash, runInteractive, WriteRefused, type RunningCommand, type RunOptions, type RunResult } from '../runner/run-bash.js';
import { ESCALATE_AFTER, NEEDS_HUMAN, type StepPorts } from './ports.js';
import { holdReason, loadUnknown, verifyUnknown, type Finding } from './unknown-outcomes.js';

type StepKind = 'item' | 'rollback' | 'escalation' | 'safe-state';

interface Pending {
  request: ConfirmRequest;
  kind: StepKind;
  item: ActionItem | null;
  plan: StepPlan;
  reason?: string;
  /** A merge step's per-PR plans from the merge loop, as confirmed (head bound). */
  merges?: Map<number, ConfirmRequest>;
}

interface Executed {
  pending: Pending;
  stepId: string;
  result: { exitCode: number | null; durationMs: number; tail: string[] };
  gate: GateResult | null;
}

/** The verdicts an operator gives a step that ran (or, for defer, an item that need not run). */
export type Verdict = 'pass' | 'fail' | 'defer';

const SAFE_STATE: TypedAction = { kind: 'ceph-set-noout' };

/**
 * Runs the maintenance items one at a time, each started by the operator: plan (exact text shown),
 * confirm (typed challenge when destructive), execute (typed action or bash), verify (full gate),
 * judge (the operator accepts or fails it), update (one composed edit: tick + note, Change Log row,
 * Last Updated, Overall Status). Every step is journaled before it runs and after it ends.
 */
export class StepEngine {
  private pending: Pending | null = null;
  private executed: Executed | null = null;
  private running: { cancel(): boolean } | null = null;
  /** The runStep in flight, so close() can wait for its record. */
  private inFlight: Promise<ActionResult> | null = null;
  /** Set by close(): a step still running is recorded as interrupted, without a gate. */
  private closing = false;
  private attempts = new Map<string, AttemptRecord[]>();
  /** Set by an escalation: nothing but the safe state runs until a new session. */
  private stopped: string | null = null;

  constructor(private readonly ports: StepPorts) {}

  private get mode() {
    return this.ports.stores.session.getState().mode;
  }
  private now() {
    return this.ports.now?.() ?? new Date();
  }
  private issueRef(): string | null {
    const s = this.ports.stores.issue.getState();
    return s.repo && s.number !== null ? `${s.repo}#${s.number}` : null;
  }

  /**
   * On start: a torn journal tail is set aside, and the steps the journal left without a known
   * outcome are shown first (src/services/steps/unknown-outcomes.ts); until the operator verified
   * each, no step runs. Returns the torn-tail warning, if any, for the message line.
   */
  loadUnknownOutcomes(): { count: number; torn: string | null } {
    const { unknown, torn } = loadUnknown(this.ports);
    return { count: unknown.length, torn };
  }

  /** What the operator found for a step whose outcome was unknown: in the journal and the issue. */
  verifyUnknown(stepId: string, finding: Finding, note?: string): Promise<ActionResult> {
    return verifyUnknown(this.ports, stepId, finding, note);
  }

  /** Why no step may run yet (an unknown outcome not verified), or null. */
  heldReason(): string | null {
    return holdReason(this.ports.stores.step.getState().unknownOutcomes);
  }

  private findItem(ref: ItemRef): ActionItem | null {
    const doc = this.ports.stores.issue.getState().document;
    if (!doc) return null;
    return doc.items.find((i) => (ref.id !== null ? i.id === ref.id : i.line === ref.line)) ?? null;
  }

  private binding(item: ActionItem | null): ConfirmRequest['binding'] {
    const v = this.ports.stores.issue.getState().contentVersion;
    return { kind: 'item', id: item ? (item.id ?? `line:${item.line}`) : 'safe-state', version: v === null ? null : String(v) };
  }

  private setRun(run: Partial<StepRun>): void {
    this.ports.stores.step.setState((s) => ({ current: { ...(s.current ?? blankRun()), ...run } }));
  }

  private itemKey(item: ActionItem | null): string {
    return item ? (item.id ?? `line:${item.line}`) : 'safe-state';
  }

  // ── planning ────────────────────────────────────────────────────────────────────────────

  planStep(ref: ItemRef): PlanResult {
    if (this.stopped) return { ok: false, reason: `stopped after escalation (${this.stopped}); only the safe state may run` };
    const held = this.heldReason();
    if (held) return { ok: false, reason: held };
    const item = this.findItem(ref);
    if (!item) return { ok: false, reason: `item ${ref.id ?? `at line ${ref.line}`} is not in the issue body` };
    if (item.checked) return { ok: false, reason: `${item.id ?? item.title} is already ticked` };
    const plan = planItem(item);
    if (plan.kind === 'none') return { ok: false, reason: `${item.id ?? item.title} has no Commands to run` };
    if (plan.kind === 'merge')
      return {
        ok: false,
        reason: `${item.id ?? item.title} merges PR #${(plan.prs ?? []).join(', #')}: merges go through the Renovate merge loop, never bash`,
      };
    return this.offer('item', item, plan, 'run-step', `Run ${item.id ? `${item.id}: ` : ''}${item.title}`);
  }

  /**
   * planStep, plus items that merge PRs: each merge is planned by the merge loop now (GREEN
   * first, the PR's head, its checklist), and the step's confirmation carries them all — the
   * typed challenge names every risky PR. The reads around the merges run as written.
   */
  async planStepAsync(ref: ItemRef): Promise<PlanResult> {
    const held = this.heldReason();
    if (held) return { ok: false, reason: held };
    const item = this.findItem(ref);
    const plan = item && !item.checked && !this.stopped ? planItem(item) : null;
    if (!item || plan?.kind !== 'merge') return this.planStep(ref);
    const who = item.id ?? item.title;
    const prs = plan.prs ?? [];
    if (!this.ports.merges)
      return { ok: false, reason: `${who} merges PR #${prs.join(', #')}: the merge loop is not connected in this session, and a merge never runs as bash` };
    const merges = new Map<number, ConfirmRequest>();
    for (const pr of prs) {
      const r = await this.ports.merges.plan(pr);
      if (!r.ok) return { ok: false, reason: `${who} merges PR #${pr}, which cannot merge now: ${r.reason}` };
      merges.set(pr, r.request);
    }
    const risky = [...merges.values()].map((r) => r.challenge).filter((c): c is string => c !== null);
    const challenge = [plan.challenge, ...risky].filter((c): c is string => c !== null).join(' ') || null;
    const res = this.offer('item', item, { ...plan, challenge }, 'run-step', `Run ${item.id ? `${item.id}: ` : ''}${item.title}`);
    if (!res.ok || !this.pending) return res;
    this.pending.merges = merges;
    const notes = res.request.notes;
    notes.unshift(
      `merges ${prs.map((n) => `PR #${n}`).join(', then ')} through the Renovate merge loop, one at a time: each waits for ArgoCD and a GREEN gate before anything after it runs; a non-GREEN result stops the step`,
    );
    for (const [pr, r] of merges) notes.push(`PR #${pr}: ${r.title} — ${r.target}`, ...r.notes.map((n) => `  ${n}`));
    if (risky.length)
      notes.push(
        `Type ${challenge} to confirm (${risky.map((c) => `PR #${c}`).join(', ')} ${risky.length > 1 ? 'are' : 'is'} HIGH/CRITICAL or a major update)`,
      );
    this.setRun({ kind: 'merge', challenge, message: challenge ? `Type ${challenge} to confirm` : null });
    return res;
  }

  planRollback(ref: ItemRef): PlanResult {
    const held = this.heldReason();
    if (held) return { ok: false, reason: held };
    const item = this.findItem(ref);
    if (!item) return { ok: false, reason: `item ${ref.id ?? `at line ${ref.line}`} is not in the issue body` };
    const plan = planRollback(item);
    if (plan.kind === 'none') return { ok: false, reason: `${item.id ?? item.title} has no Rollback (${item.rollback ?? 'none given'})` };
    if (plan.kind === 'merge')
      return { ok: false, reason: `the Rollback of ${item.id ?? item.title} merges PR #${(plan.prs ?? []).join(', #')}: plan that merge from the queue` };
    return this.offer('rollback', item, plan, 'rollback', `Roll back ${item.id ? `${item.id}: ` : ''}${item.title}`);
  }

  planEscalation(ref: ItemRef, reason: string): PlanResult {
    const item = this.findItem(ref);
    const plan: StepPlan = {
      kind: 'manual',
      actions: [],
      commandText: `add label ${NEEDS_HUMAN}; write an escalation summary into the issue body; stop`,
      checks: [],
      destructive: [],
      challenge: null,
      readOnly: false,
      interactive: false,
      manualReason: null,
    };
    const res = this.offer('escalation', item, plan, 'escalate', `Escalate ${item?.id ?? item?.title ?? 'the maintenance'} to a human`);
    if (this.pending) this.pending.reason = reason;
    return res;
  }

  /** The workflow's safe state after an escalation: `ceph osd set noout`. */
  planSafeState(): PlanResult {
    const plan: StepPlan = {
      kind: 'typed',
      actions: [SAFE_STATE],
      commandText: describeAction(SAFE_STATE),
      checks: [],
      destructive: [],
      challenge: null,
      readOnly: false,
      interactive: false,
      manualReason: null,
    };
    return this.offer('safe-state', null, plan, 'safe-state', 'Safe state: set the Ceph noout flag');
  }

  private offer(kind: StepKind, item: ActionItem | null, plan: StepPlan, action: ConfirmRequest['action'], title: string): PlanResult {
    const notes: string[] = [];
    if (plan.manualReason) notes.push(`Manual step: ${plan.manualReason}. The console runs nothing; do it, then judge.`);
    for (const d of plan.destructive) notes.push(`DESTRUCTIVE: ${d.reason} (${d.rule})`);
    if (plan.checks.length) notes.push(`Checks not run (the gate covers them): ${plan.checks.join(' ; ')}`);
    if (item?.expected && kind === 'item') notes.push(`Expected: ${item.expected}`);
    if (item?.ifFails && kind === 'item') notes.push(`If fails: ${item.ifFails}`);
    if (kind === 'item' && item?.rollback) notes.push(`Rollback: ${item.rollback}`);
    if (plan.interactive) notes.push('Interactive: the terminal is handed over while it runs.');
    if (this.mode === 'READ-ONLY' && !plan.readOnly) notes.push('READ-ONLY mode: this step writes and will be refused.');
    const challenge = plan.challenge ?? hiddenCharacterChallenge(plan.commandText, item?.id ?? null);
    const hidden = hiddenCharacters(plan.commandText);
    if (hidden.count)
      notes.unshift(
        `This command contains ${hidden.count} invisible or control character${hidden.count === 1 ? '' : 's'} (shown as ${hidden.examples.join(', ')}): read every byte before you confirm.`,
      );
    const request: ConfirmRequest = {
      action,
      title,
      target: item ? `${item.id ?? `line ${item.line}`} in ${this.issueRef() ?? 'the maintenance issue'}` : (this.issueRef() ?? 'the cluster'),
      command: redactSecrets(plan.commandText),
      destructive: plan.destructive.length > 0 || !plan.readOnly,
      challenge,
      notes,
      binding: this.binding(item),
      dryRun: this.mode === 'DRY-RUN',
    };
    this.pending = { request, kind, item, plan };
    this.executed = null;
    clearOutput(this.ports.stores.step);
    this.ports.stores.step.setState({
      current: {
        ...blankRun(),
        itemId: item?.id ?? null,
        itemLine: item?.line ?? 0,
        title,
        kind: kind === 'item' ? (plan.kind === 'typed' ? 'typed' : 'runbook') : kind === 'safe-state' ? 'typed' : kind,
        commandText: request.command,
        phase: 'plan',
        status: 'awaiting-confirm',
        attempt: (this.ports.stores.step.getState().failures[this.itemKey(item)] ?? 0) + 1,
        message: challenge ? `Type ${challenge} to confirm` : null,
        challenge,
        expected: item?.expected ?? null,
        ifFails: item?.ifFails ?? null,
        interactive: plan.interactive,
      },
    });
    return { ok: true, request };
  }

  // ── running ─────────────────────────────────────────────────────────────────────────────

  private refuse(reason: string, stepId: string | null = null): ActionResult {
    this.ports.journal.append({ type: 'event', stepId, at: this.now().toISOString(), event: 'refused', detail: reason });
    this.setRun({ status: 'awaiting-confirm', message: reason });
    return { ok: false, reason };
  }

  runStep(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    const run = this.runStepInner(request, typed);
    this.inFlight = run;
    void run.finally(() => {
      if (this.inFlight === run) this.inFlight = null;
    });
    return run;
  }

  private async runStepInner(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    const p = this.pending;
    if (!p || p.request !== request) return { ok: false, reason: 'this confirmation is no longer current: plan the step again' };
    if (this.running) return { ok: false, reason: 'a step is already running' };
    if (this.stopped && p.kind !== 'safe-state') return this.refuse(`stopped after escalation (${this.stopped})`);
    const held = p.kind === 'safe-state' || p.kind === 'escalation' ? null : this.heldReason();
    if (held) return this.refuse(held);
    const binding = this.binding(p.item);
    if (binding.version !== request.binding.version) return this.refuse('the issue body changed since this step was planned: plan it again');
    if (request.challenge && typed.trim() !== request.challenge) return this.refuse(`destructive step: type ${request.challenge} exactly to run it`);
    const mode = this.mode;
    if (mode === 'READ-ONLY' && !p.plan.readOnly) return this.refuse('read-only mode: this step would write, nothing was sent');
    if (mode === 'DRY-RUN') {
      const detail = `would run: ${p.plan.commandText}`;
      this.ports.journal.append({ type: 'event', stepId: null, at: this.now().toISOString(), event: 'dry-run', detail });
      this.setRun({ status: 'dry-run', phase: 'plan', message: `dry-run: ${detail}` });
      this.pending = null;
      return { ok: true, message: detail };
    }
    if (p.kind === 'escalation') return this.escalate(p);

    const stepId = randomUUID();
    const attempt = (this.ports.stores.step.getState().failures[this.itemKey(p.item)] ?? 0) + 1;
    const intent: IntentEntry = {
      type: 'intent',
      stepId,
      at: this.now().toISOString(),
      issue: this.issueRef(),
      itemId: p.item?.id ?? null,
      itemLine: p.item?.line ?? null,
      title: p.request.title,
      kind:
        p.kind === 'rollback'
          ? 'rollback'
          : p.kind === 'safe-state'
            ? 'safe-state'
            : p.plan.kind === 'typed'
              ? 'typed'
              : p.plan.kind === 'manual'
                ? 'manual'
                : p.plan.kind === 'merge'
                  ? 'merge'
                  : 'runbook',
      commandText: p.plan.commandText,
      mode,
      attempt,
    };
    this.ports.journal.append(intent);
    this.pending = null;
    const started = Date.now();
    this.setRun({ phase: 'execute', status: 'running', startedAt: started, finishedAt: null, exitCode: null, attempt, message: null });

    let result: { exitCode: number | null; durationMs: number; tail: string[]; ok: boolean; cancelled: boolean; message: string | null };
    try {
      result = await this.execute(p, mode, stepId);
    } catch (err) {
      const message = err instanceof WriteRefused ? err.message : `error: ${redactSecrets(err instanceof Error ? err.message : String(err))}`;
      result = { exitCode: null, durationMs: Date.now() - started, tail: [], ok: false, cancelled: false, message };
    } finally {
      this.running = null;
    }
    const status: OutcomeEntry['status'] = this.closing
      ? 'interrupted'
      : result.cancelled
        ? 'cancelled'
        : !result.ok
          ? result.exitCode === null && result.message?.startsWith('error')
            ? 'error'
            : 'failed'
          : 'ran';
    // The full output is kept in the state dir (bounded, redacted); the outcome names the file.
    const step = this.ports.stores.step.getState();
    const saved = this.ports.outputDir
      ? saveStepOutput(this.ports.outputDir, { stepId, title: p.request.title, at: this.now() }, step.output, step.outputDropped)
      : null;
    const outcome: OutcomeEntry = {
      type: 'outcome',
      stepId,
      at: this.now().toISOString(),
      status,
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      outputTail: result.tail,
      message: status === 'interrupted' ? `${INTERRUPTED} (the console quit while it ran)` : result.message,
      ...(saved ? { outputFile: saved.file } : {}),
    };
    this.ports.journal.append(outcome);

    if (this.closing) {
      // Quitting: no gate (nothing waits for it); the record says the outcome is unknown.
      const ran = result.tail.filter((l) => l.startsWith('ok: ')).map((l) => l.slice(4));
      await this.record(
        'interrupted',
        p,
        stepId,
        null,
        `${INTERRUPTED}: the console quit while it ran${ran.length ? ` (already done: ${ran.join('; ')})` : ''}`,
      );
      this.setRun({ status: 'cancelled', phase: 'next', finishedAt: Date.now(), message: INTERRUPTED });
      return { ok: false, reason: INTERRUPTED };
    }

    // VERIFY: the full gate after every step, shown whatever the step's result.
    this.setRun({ phase: 'verify', finishedAt: Date.now(), exitCode: result.exitCode, message: 'running the validation gate…' });
    const gate = await this.runGate();
    this.executed = { pending: p, stepId, result, gate };

    if (result.cancelled) {
      this.executed = null;
      const ran = result.tail.filter((l) => l.startsWith('ok: ')).map((l) => l.slice(4));
      const what =
        p.plan.kind === 'typed' ? (ran.length ? `already done: ${ran.join('; ')}` : 'nothing had completed') : `after ${formatDuration(result.durationMs)}`;
      const recorded = await this.record('cancelled', p, stepId, gate, `cancelled by the operator (attempt ${attempt}; ${what}); ${gateLine(gate)}`);
      this.setRun({ status: 'cancelled', phase: 'next', message: `cancelled (${what}); ${gateLine(gate)}${recorded ? `; ${recorded}` : ''}` });
      return { ok: false, cancelled: true, reason: `cancelled (${what})` };
    }
    if (!result.ok) {
      this.executed = null;
      this.recordFailure(p, stepId, outcome);
      const recorded = await this.record(
        'failed',
        p,
        stepId,
        gate,
        `${p.kind === 'rollback' ? 'rollback ' : ''}failed (attempt ${attempt}): ${result.message ?? 'failed'} in ${formatDuration(result.durationMs)}; ${gateLine(gate)}`,
      );
      if (recorded) this.setRun({ message: `${this.ports.stores.step.getState().current?.message ?? ''} ${recorded}`.trim() });
      return { ok: false, reason: result.message ?? 'step failed' };
    }
    this.setRun({
      status: 'awaiting-judgement',
      message: `${p.plan.kind === 'manual' ? 'Do it by hand now. ' : ''}${gateLine(gate)}. ${p.item?.expected ? `Expected: ${p.item.expected}. ` : ''}Pass or fail?`,
    });
    return { ok: true, message: `${p.request.title}: done, ${gateLine(gate)}; awaiting your judgement` };
  }

  private async execute(p: Pending, mode: 'WRITE' | 'READ-ONLY' | 'DRY-RUN', stepId: string) {
    const started = Date.now();
    const store = this.ports.stores.step;
    const log = (lines: string[]) => appendOutput(store, lines);
    if (p.plan.kind === 'manual') return { exitCode: null, durationMs: 0, tail: [], ok: true, cancelled: false, message: null };
    if (p.plan.kind === 'merge') return this.executeMerges(p, mode, log, stepId);
    if (p.plan.kind === 'typed') {
      const ac = new AbortController();
      this.running = { cancel: () => (ac.signal.aborted ? false : (ac.abort(), true)) };
      const tail: string[] = [];
      for (const action of p.plan.actions) {
        log([`▶ ${describeAction(action)}`]);
        const r = await this.ports.executeAction(action, {
          signal: ac.signal,
          log: (l) => (tail.push(...l), log(l)),
          item: p.item ? { id: p.item.id, title: p.item.title } : null,
        });
        // An action the operator cancelled did not finish as planned, whatever it reports.
        const cancelled = ac.signal.aborted;
        log([`${cancelled ? '■ cancelled during' : r.ok ? '✓' : '✗'} ${cancelled ? describeAction(action) : r.message}`]);
        tail.push(cancelled ? `cancelled during: ${describeAction(action)}` : `${r.ok ? 'ok' : 'FAILED'}: ${r.message}`);
        if (!r.ok || ac.signal.aborted)
          return {
            exitCode: null,
            durationMs: Date.now() - started,
            tail: tail.slice(-20),
            ok: false,
            cancelled: ac.signal.aborted,
            message: redactSecrets(r.message),
          };
      }
      return { exitCode: null, durationMs: Date.now() - started, tail: tail.slice(-20), ok: true, cancelled: false, message: null };
    }
    let r: RunResult;
    if (p.plan.interactive) r = await (this.ports.runInteractive ?? runInteractive)({ command: p.plan.commandText, mode, env: this.ports.commandEnv });
    else {
      const run = this.spawn(stepId, {
        command: p.plan.commandText,
        mode,
        onLines: log,
        timeoutMs: this.ports.commandTimeoutMs,
        env: this.ports.commandEnv,
      });
      this.running = run;
      r = await run.result;
    }
    const ok = r.exitCode === 0 && !r.cancelled && !r.timedOut;
    const message = r.cancelled ? 'cancelled' : r.timedOut ? 'timed out' : r.exitCode !== 0 ? `exit ${r.exitCode ?? r.signal}` : null;
    return { exitCode: r.exitCode, durationMs: r.durationMs, tail: r.tail, ok, cancelled: r.cancelled, message };
  }

  /**
   * Starts a command in its own process group and journals the group's id at once, so a console
   * restarted after a crash can look for the group and report a survivor.
   */
  private spawn(stepId: string, opts: RunOptions): RunningCommand {
    const run = (this.ports.runCommand ?? runBash)(opts);
    if (run.pid !== undefined)
      this.ports.journal.append({ type: 'event', stepId, at: this.now().toISOString(), event: 'spawned', detail: `process group ${run.pid}`, pgid: run.pid });
    return run;
  }

  /** A composed merge step: each part in order, every merge through the loop; the first failure stops it. */
  private async executeMerges(p: Pending, mode: 'WRITE' | 'READ-ONLY' | 'DRY-RUN', log: (lines: string[]) => void, stepId: string) {
    const started = Date.now();
    const tail: string[] = [];
    const fail = (message: string, cancelled = false, exitCode: number | null = null) => ({
      exitCode,
      durationMs: Date.now() - started,
      tail: tail.slice(-20),
      ok: false,
      cancelled,
      message: redactSecrets(message),
    });
    const merges = this.ports.merges;
    if (!merges || !p.merges) return fail('the merge loop is not connected: nothing merged');
    let cancelled = false;
    for (const seg of p.plan.segments ?? []) {
      if (cancelled) return fail('cancelled', true);
      if (seg.kind === 'run') {
        log([
          `▶ ${seg.text
            .split('\n')
            .filter((l) => l.trim() && !l.trim().startsWith('#'))
            .join(' ; ')}`,
        ]);
        let r: RunResult;
        if (seg.interactive) r = await (this.ports.runInteractive ?? runInteractive)({ command: seg.text, mode, env: this.ports.commandEnv });
        else {
          const run = this.spawn(stepId, {
            command: seg.text,
            mode,
            onLines: (l) => (tail.push(...l), log(l)),
            timeoutMs: this.ports.commandTimeoutMs,
            env: this.ports.commandEnv,
          });
          this.running = run;
          r = await run.result;
        }
        if (r.cancelled) return fail('cancelled', true, r.exitCode);
        if (r.exitCode !== 0 || r.timedOut) return fail(r.timedOut ? 'timed out' : `exit ${r.exitCode ?? r.signal}`, false, r.exitCode);
        continue;
      }
      const confirmed = p.merges.get(seg.pr);
      if (!confirmed) return fail(`PR #${seg.pr} was not part of the confirmed plan: nothing merged`);
      log([`▶ merge PR #${seg.pr} through the Renovate merge loop`]);
      // Checked again now: every layer GREEN after what ran before, and the head the operator confirmed.
      const fresh = await merges.plan(seg.pr);
      if (!fresh.ok) return fail(`PR #${seg.pr} not merged: ${fresh.reason}`);
      if (fresh.request.binding.version !== confirmed.binding.version)
        return fail(
          `PR #${seg.pr} not merged: its head moved since it was confirmed (${(confirmed.binding.version ?? '').slice(0, 7)} → ${(fresh.request.binding.version ?? '').slice(0, 7)}); plan the step again`,
        );
      this.running = { cancel: () => ((cancelled = true), merges.stop(), true) };
      const r = await merges.run(fresh.request, fresh.request.challenge ?? '');
      this.running = null;
      if (!r.ok) return fail(`PR #${seg.pr}: ${r.reason}`, cancelled);
      log([`✓ ${r.message}`]);
      tail.push(`ok: ${r.message}`);
    }
    return { exitCode: null, durationMs: Date.now() - started, tail: tail.slice(-20), ok: true, cancelled: false, message: null };
  }

  private async runGate(): Promise<GateResult | null> {
    try {
      const gate = await this.ports.gate();
      this.ports.stores.health.setState({ gate });
      return gate;
    } catch (err) {
      appendOutput(this.ports.stores.step, [`gate failed: ${err instanceof Error ? err.message : String(err)}`]);
      return null;
    }
  }

  private recordFailure(p: Pending, stepId: string, outcome: OutcomeEntry | null, note?: string): void {
    const key = this.itemKey(p.item);
    const list = this.attempts.get(key) ?? [];
    list.push({
      at: outcome?.at ?? this.now().toISOString(),
      commandText: p.plan.commandText,
      status: note ? `judged failed: ${note}` : (outcome?.status ?? 'failed'),
      exitCode: outcome?.exitCode ?? null,
      outputTail: outcome?.outputTail ?? [],
    });
    this.attempts.set(key, list);
    const failures = p.kind === 'item' ? (this.ports.stores.step.getState().failures[key] ?? 0) + 1 : (this.ports.stores.step.getState().failures[key] ?? 0);
    this.ports.stores.step.setState((s) => ({ failures: { ...s.failures, [key]: failures } }));
    const escalate = failures >= ESCALATE_AFTER ? ` ${failures} failed attempts: escalate (needs-human).` : '';
    this.setRun({ status: 'failed', message: `${outcome?.message ?? note ?? 'failed'}.${p.item?.ifFails ? ` If fails: ${p.item.ifFails}` : ''}${escalate}` });
    void stepId;
  }

  cancelStep(): boolean {
    return this.running?.cancel() ?? false;
  }

  isBusy(): { busy: boolean; reason: string | null } {
    const reason = this.pendingRecord();
    return { busy: reason !== null, reason };
  }

  // ── judging and updating the issue ─────────────────────────────────────────────────────

  async judgeStep(verdict: Verdict, note?: string): Promise<ActionResult> {
    const e = this.executed;
    const cur = this.ports.stores.step.getState().current;
    if (!e || cur?.status !== 'awaiting-judgement') {
      // Defer needs no run: "explicitly deferred" is a decision about an item (D5: merge after backup, or defer).
      if (verdict === 'defer' && cur?.itemId !== undefined && cur.status !== 'running') return this.deferItem({ id: cur.itemId, line: cur.itemLine }, note);
      return { ok: false, reason: 'no step is waiting for a verdict' };
    }
    const clean = note?.replace(/\s+/g, ' ').trim() || undefined;
    this.ports.journal.append({
      type: 'event',
      stepId: e.stepId,
      at: this.now().toISOString(),
      event: 'judged',
      detail: `${verdict}${clean ? `: ${clean}` : ''}`,
    });
    if (verdict === 'fail') {
      this.executed = null;
      this.recordFailure(e.pending, e.stepId, null, clean ?? 'operator judged it failed');
      const attempt = this.ports.stores.step.getState().failures[this.itemKey(e.pending.item)] ?? 1;
      const recorded = await this.record(
        'failed',
        e.pending,
        e.stepId,
        e.gate,
        `${e.pending.kind === 'rollback' ? 'rollback ' : ''}judged failed (attempt ${attempt})${clean ? `: ${clean}` : ''}; ${this.how(e)}; ${gateLine(e.gate)}`,
      );
      return {
        ok: true,
        message: `recorded as failed; the item stays ${e.pending.kind === 'rollback' ? 'as it was' : 'unticked'}${recorded ? `; ${recorded}` : ''}`,
      };
    }
    if (e.pending.kind === 'safe-state') {
      this.executed = null;
      await this.record('done', e.pending, e.stepId, e.gate, `safe state set (ceph osd set noout)${clean ? `; ${clean}` : ''}; ${gateLine(e.gate)}`);
      this.setRun({ status: 'passed', phase: 'next', message: 'safe state set' });
      return { ok: true, message: 'safe state set' };
    }
    if (this.mode !== 'WRITE') {
      this.setRun({ message: `${this.mode}: the issue is not updated` });
      return { ok: false, reason: `${this.mode.toLowerCase()} mode: the issue body is not written` };
    }
    this.setRun({ phase: 'update', message: 'updating the issue…' });
    const kind: StepOutcomeKind = verdict === 'defer' ? 'deferred' : e.pending.kind === 'rollback' ? 'rolled-back' : 'done';
    const facts = this.facts(e, clean);
    const result =
      kind === 'deferred'
        ? `deferred${clean ? ` — ${clean}` : ''}; ${changeLogResult(facts)}`
        : kind === 'rolled-back'
          ? `rolled back: ${changeLogResult(facts)}${clean ? `; ${clean}` : ''}`
          : `${changeLogResult(facts)}${clean ? `; ${clean}` : ''}`;
    const itemNote = kind === 'done' ? completionNote(facts) : kind === 'rolled-back' ? (clean ?? `via homelab-console: \`${facts.actionText ?? ''}\``) : clean;
    const written = await this.write(kind, e.pending, e.stepId, e.gate, result, itemNote);
    if (!written.ok) {
      this.setRun({ status: 'awaiting-judgement', message: `issue not updated: ${written.reason}. Judge again to retry.` });
      return { ok: false, reason: written.reason };
    }
    this.executed = null;
    const done = kind === 'rolled-back' ? 'rolled back: unticked, it can run again' : kind === 'deferred' ? 'deferred: the item stays open' : 'ticked';
    this.setRun({ status: 'passed', phase: 'next', message: `${done}; ${gateLine(e.gate)}` });
    return { ok: true, message: written.description };
  }

  /**
   * Defers an item without running it, the workflow's "explicitly deferred": the item stays open
   * with a `*(deferred YYYY-MM-DD — reason)*` note, a Change Log row says so, and closure accepts it.
   */
  async deferItem(ref: ItemRef, reason?: string): Promise<ActionResult> {
    const held = this.heldReason();
    if (held) return { ok: false, reason: held };
    const item = this.findItem(ref);
    if (!item) return { ok: false, reason: `item ${ref.id ?? `at line ${ref.line}`} is not in the issue body` };
    if (this.running) return { ok: false, reason: 'a step is running: cancel it or wait for it first' };
    if (this.mode !== 'WRITE') return { ok: false, reason: `${this.mode.toLowerCase()} mode: the issue body is not written` };
    const clean = reason?.replace(/\s+/g, ' ').trim() || undefined;
    const title = `Defer ${item.id ? `${item.id}: ` : ''}${item.title}`;
    const stepId = randomUUID();
    this.ports.journal.append({
      type: 'intent',
      stepId,
      at: this.now().toISOString(),
      issue: this.issueRef(),
      itemId: item.id,
      itemLine: item.line,
      title,
      kind: 'manual',
      commandText: 'defer (nothing runs)',
      mode: this.mode,
      attempt: 1,
    });
    const plan: StepPlan = {
      kind: 'manual',
      actions: [],
      commandText: 'defer',
      checks: [],
      destructive: [],
      challenge: null,
      readOnly: true,
      interactive: false,
      manualReason: null,
    };
    const pending: Pending = {
      request: {
        action: 'tick',
        title,
        target: item.id ?? '',
        command: 'defer',
        destructive: false,
        challenge: null,
        notes: [],
        binding: this.binding(item),
        dryRun: false,
      },
      kind: 'item',
      item,
      plan,
    };
    const gate = this.ports.stores.health.getState().gate;
    const written = await this.write('deferred', pending, stepId, gate, `deferred${clean ? ` — ${clean}` : ''}; ${gateLine(gate)}`, clean);
    this.ports.journal.append(outcomeEntry(stepId, this.now().toISOString(), written.ok ? 'deferred' : 'error', written.ok ? (clean ?? null) : written.reason));
    if (this.executed?.pending.item === item || (this.executed && this.executed.pending.item?.id === item.id)) this.executed = null;
    if (!written.ok) return { ok: false, reason: written.reason };
    this.setRun({
      itemId: item.id,
      itemLine: item.line,
      title,
      status: 'passed',
      phase: 'next',
      message: `deferred${clean ? ` — ${clean}` : ''}: the item stays open`,
    });
    return { ok: true, message: `${item.id ?? item.title} deferred${clean ? ` — ${clean}` : ''}` };
  }

  /** What ran, how long, for a row: `exit 0 in 51 ms`, `done in 3.1 s`, `done by hand`. */
  private how(e: Executed): string {
    return changeLogResult(this.facts(e)).split(';')[0] ?? '';
  }

  private facts(e: Executed, note?: string): StepFacts {
    const item = e.pending.item;
    return {
      itemId: item?.id ?? null,
      title: item?.title ?? e.pending.request.title,
      // A merge step's result is verified (merged, synced, gated), like a typed action's.
      kind:
        e.pending.kind === 'rollback'
          ? 'rollback'
          : e.pending.plan.kind === 'manual'
            ? 'manual'
            : e.pending.plan.kind === 'typed' || e.pending.plan.kind === 'merge'
              ? 'typed'
              : 'runbook',
      commandText: e.pending.plan.commandText,
      actionText:
        e.pending.plan.kind === 'merge' ? `merged PR #${(e.pending.plan.prs ?? []).join(', #')} through the merge loop` : actionSummary(e.pending.plan),
      exitCode: e.result.exitCode,
      durationMs: e.result.durationMs,
      gate: e.gate,
      operatorNote: note ?? null,
      at: this.now(),
    };
  }

  /**
   * Records an outcome in the issue (once, in the body's style) and the journal; returns a short
   * description for the message line, or null when nothing was written (read-only, dry-run).
   */
  private async record(
    kind: StepOutcomeKind | 'interrupted',
    p: Pending,
    stepId: string | null,
    gate: GateResult | null,
    result: string,
    note?: string,
  ): Promise<string | null> {
    if (this.mode !== 'WRITE') return null;
    const w = await this.write(kind, p, stepId, gate, result, note);
    return w.ok ? `recorded in the Change Log` : `not recorded in the issue: ${w.reason}`;
  }

  private async write(
    kind: StepOutcomeKind,
    p: Pending,
    stepId: string | null,
    gate: GateResult | null,
    result: string,
    note?: string,
  ): Promise<{ ok: true; description: string } | { ok: false; reason: string }> {
    const item = p.item;
    const stamp = { at: this.now(), timeZone: this.ports.timeZone };
    const label = item ? `${item.id ? `${item.id}: ` : ''}${item.title}` : p.request.title;
    const action = p.kind === 'rollback' ? `Rollback ${label}` : kind === 'deferred' ? `Defer ${label}` : label;
    const edit = stepOutcomeEdit({
      kind,
      item: item ? { id: item.id, title: item.title, priority: item.priority, layer: item.layer } : null,
      stamp,
      note,
      action,
      result: redactSecrets(result),
      itemLabel: item ? undefined : p.kind === 'safe-state' ? 'safe state' : undefined,
      phase: p.kind === 'rollback' ? 'Rollback' : kind === 'deferred' ? 'Decision' : 'Execute',
      status: gate && gate.overall !== 'UNKNOWN' ? gate.overall : undefined,
    });
    const written = await this.ports
      .writeBody(edit)
      .catch((err: unknown) => ({ ok: false as const, reason: redactSecrets(err instanceof Error ? err.message : String(err)) }));
    if (!written.ok) {
      this.ports.journal.append({ type: 'event', stepId, at: this.now().toISOString(), event: 'body-update-failed', detail: written.reason });
      return written;
    }
    this.ports.journal.append({ type: 'event', stepId, at: this.now().toISOString(), event: 'body-updated', detail: edit.description });
    return { ok: true, description: edit.description };
  }

  /** True while something would be lost by quitting: a step running, or one awaiting its verdict. */
  pendingRecord(): string | null {
    const cur = this.ports.stores.step.getState().current;
    if (this.running) return `step ${cur?.itemId ?? cur?.title ?? ''} is running (${cur?.commandText.split('\n')[0] ?? ''})`;
    if (this.executed && cur?.status === 'awaiting-judgement') return `step ${cur.itemId ?? cur.title} ran and awaits your verdict`;
    return null;
  }

  /**
   * Quitting: a step awaiting its verdict, or still running (cancelled now), is recorded as
   * "interrupted — outcome unknown" in the issue and the journal before the session ends.
   */
  async close(): Promise<void> {
    this.closing = true;
    if (this.running) {
      this.running.cancel();
      const run = this.inFlight;
      if (run) await Promise.race([run.catch(() => null), new Promise((r) => setTimeout(r, 15_000).unref())]);
    }
    const e = this.executed;
    if (e && this.ports.stores.step.getState().current?.status === 'awaiting-judgement') {
      this.executed = null;
      this.ports.journal.append({
        type: 'event',
        stepId: e.stepId,
        at: this.now().toISOString(),
        event: 'interrupted',
        detail: 'the console quit before the verdict',
      });
      this.ports.journal.append({
        type: 'outcome',
        stepId: e.stepId,
        at: this.now().toISOString(),
        status: 'interrupted',
        exitCode: e.result.exitCode,
        durationMs: e.result.durationMs,
        outputTail: e.result.tail,
        message: `${INTERRUPTED} (quit before the verdict)`,
      });
      await this.record(
        'interrupted',
        e.pending,
        e.stepId,
        e.gate,
        `${INTERRUPTED}: it ran (${this.how(e)}) and the console quit before the verdict; ${gateLine(e.gate)}`,
      );
    }
  }

  // ── escalation ──────────────────────────────────────────────────────────────────────────

  private async escalate(p: Pending): Promise<ActionResult> {
    const key = this.itemKey(p.item);
    const stepId = randomUUID();
    const title = p.item?.title ?? 'maintenance';
    this.ports.journal.append({
      type: 'intent',
      stepId,
      at: this.now().toISOString(),
      issue: this.issueRef(),
      itemId: p.item?.id ?? null,
      itemLine: p.item?.line ?? null,
      title: p.request.title,
      kind: 'escalation',
      commandText: p.plan.commandText,
      mode: this.mode,
      attempt: 1,
    });
    this.pending = null;
    // Its start time bounds the output area's message band: without it no later message (a refusal) would show.
    this.setRun({ phase: 'update', status: 'running', startedAt: Date.now(), finishedAt: null, message: 'escalating…' });
    const gate = await this.runGate();
    const section = escalationSummary({
      itemId: p.item?.id ?? null,
      title,
      reason: p.reason ?? 'operator request',
      attempts: this.attempts.get(key) ?? [],
      gate,
      at: this.now(),
    });
    const problems: string[] = [];
    try {
      await this.ports.addLabel(NEEDS_HUMAN);
    } catch (err) {
      problems.push(`label: ${err instanceof Error ? err.message : String(err)}`);
    }
    const written = await this.ports.writeBody(escalationEdit(key, section));
    if (!written.ok) problems.push(`body: ${written.reason}`);
    this.stopped = `${p.item?.id ?? title}: ${p.reason ?? 'operator request'}`;
    this.ports.journal.append({
      type: 'outcome',
      stepId,
      at: this.now().toISOString(),
      status: problems.length ? 'failed' : 'ran',
      exitCode: null,
      durationMs: null,
      outputTail: problems,
      message: problems.join('; ') || null,
    });
    this.ports.journal.append({ type: 'event', stepId, at: this.now().toISOString(), event: 'escalated', detail: this.stopped });
    this.setRun({
      status: problems.length ? 'failed' : 'passed',
      phase: 'next',
      message: `Escalated${problems.length ? ` with problems (${problems.join('; ')})` : ''}. Stopped. Safe state offered: ceph osd set noout.`,
    });
    return problems.length
      ? { ok: false, reason: problems.join('; ') }
      : { ok: true, message: 'escalated: needs-human label and summary written; stopped. Safe state: ceph osd set noout' };
  }

  /** The operator resumed after the escalation. */
  resume(): void {
    this.stopped = null;
  }

  get stoppedReason(): string | null {
    return this.stopped;
  }
}

export { INTERRUPTED, UNKNOWN_OUTCOME };

function blankRun(): StepRun {
  return {
    itemId: null,
    itemLine: 0,
    title: '',
    kind: 'runbook',
    commandText: '',
    phase: 'read',
    status: 'idle',
    startedAt: null,
    finishedAt: null,
    exitCode: null,
    attempt: 1,
    message: null,
  };
}
