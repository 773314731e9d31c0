import { majorUpdateChecklist, type ChecklistItem } from '../../domain/renovate/checklist.js';
import { affectedApplications } from '../../domain/renovate/affected-apps.js';
import { revertChanges, type RevertChange, type RevertFileInput } from '../../domain/renovate/revert-plan.js';
import type { RenovateRule } from '../../domain/renovate/rules.js';
import { syncProgress, type SyncProgress } from '../../domain/renovate/sync-progress.js';
import type { QueueEntry } from '../../domain/renovate/types.js';
import type { GateResult } from '../../domain/health/types.js';
import { redactSecrets } from '../../domain/redact.js';
import type { ActionResult, ConfirmRequest, PlanResult } from '../../domain/console-engine.js';
import type { QueueState, QueueStore } from '../../store/queue-store.js';
import type { JournalEntry } from '../journal/journal.js';
import { MergeRecord } from './merge-record.js';
// The console's refusals say why a gate is not GREEN the same way.
import { notGreenLayers } from '../../domain/health/gate-text.js';
import { withDefaults } from '../../domain/options.js';
import type { MergeGuard } from './guard.js';
import { classifyLivePull, loadLiveQueue } from './live-queue.js';
import { systemClock, type AppControl, type Clock, type GateSource, type MaintenanceLog, type PullLike, type RenovateGitea } from './ports.js';

export interface MergeLoopOptions {
  gitea: RenovateGitea;
  apps: AppControl;
  gate: GateSource;
  queue: QueueStore;
  log?: MaintenanceLog | null;
  rules?: readonly RenovateRule[];
  branchPrefix?: string;
  clock?: Clock;
  /** How long the merged PR's Applications get to be Synced and Healthy at the merge commit. */
  syncTimeoutMs?: number;
  pollMs?: number;
  /** Refresh Applications that still show another revision this long after the commit. */
  refreshAfterMs?: number;
  /**
   * How long an Application may stay Degraded at the new revision before the loop stops: a rollback
   * starts from a Degraded app, and pods leave CrashLoopBackOff only after their back-off.
   */
  degradedGraceMs?: number;
  /** False in read-only or dry-run sessions: plans are made, nothing is sent. */
  write?: boolean;
  /** The upgrade protocols' blockers and post-merge stages (src/services/upgrade). */
  guard?: MergeGuard | null;
  /** The session's step journal: merges, failed merges and rollbacks are journaled as steps are. */
  journal?: { append(entry: JournalEntry): void } | null;
  /**
   * Why nothing may merge now whatever the PR (an escalation), or null. Asked at every check — the
   * plan and the re-check right before the merge is sent — so a stop holds inside the loop itself.
   */
  halted?: () => string | null;
}

export interface MergeCheck {
  ok: boolean;
  blockers: string[];
  /** Advice that does not block (e.g. a safer PR is earlier in the order). */
  notes: string[];
  entry: QueueEntry | null;
  pull: PullLike | null;
  checklist: ChecklistItem[];
  /** A major update's checklist was acknowledged for this head (always true for other updates). */
  acknowledged: boolean;
}

/** The workflow's limit for ArgoCD to sync a merge (homelab-action.md 2.4.2: max 5 min). */
export const DEFAULT_SYNC_TIMEOUT_MS = 300_000;

const CHECKLIST_PENDING = (n: number) => `major update: acknowledge the release-notes and breaking-change checklist (${n} items) first`;

/**
 * A planned rollback: the only record of it. The operator confirms the merge commit it reverts
 * (the request's binding); the branch head it was computed on is checked again when it runs.
 */
interface RollbackPlan {
  pr: number;
  /** The merge commit being reverted: what the confirmation is bound to. */
  mergeSha: string;
  base: string;
  branchHead: string;
  changes: RevertChange[];
  mode: 'direct' | 'pull-request';
  message: string;
  affectedApps: string[];
}

type Loop = NonNullable<QueueState['loop']>;

const errorKind = (err: unknown): string | null => (typeof err === 'object' && err !== null && 'kind' in err ? String((err as { kind: unknown }).kind) : null);
const errorText = (err: unknown): string => redactSecrets(err instanceof Error ? err.message : String(err));
const short = (sha: string | null | undefined) => (sha ?? '').slice(0, 7);

/** Layers that are not GREEN, one line each, named by their worst offenders (`Apps YELLOW (Pod media/x CrashLoopBackOff)`). */
export function failingLayers(gate: GateResult): string[] {
  return notGreenLayers(gate);
}

/**
 * The Renovate merge loop: one PR at a time, safest first, each merge and rollback confirmed by the
 * operator (this service plans; the UI shows the ConfirmRequest; run* executes exactly that plan).
 * After a merge it waits for every affected Application to be Synced and Healthy at the merge
 * commit, then for a fresh GREEN gate, then ticks the PR's item. Anything else stops the loop and
 * nothing more is merged until the operator resumes it.
 */
export class MergeLoop {
  private readonly o: Required<Omit<MergeLoopOptions, 'log' | 'rules' | 'branchPrefix' | 'guard' | 'journal' | 'halted'>> &
    Pick<MergeLoopOptions, 'log' | 'rules' | 'branchPrefix' | 'guard' | 'journal' | 'halted'>;
  /** Journal and Change Log for the merge or rollback in flight. */
  private record: MergeRecord | null = null;
  private running: Promise<ActionResult> | null = null;
  private closing = false;
  private readonly acknowledged = new Map<number, string>();
  private readonly rollbackPlans = new Map<number, RollbackPlan>();
  private stopped: { pr: number; reason: string } | null = null;
  private busy: string | null = null;
  private abort: AbortController | null = null;
  /** The operator stopped the wait in flight (key or Ctrl-C): recorded as stopped, not failed. */
  private stoppedByOperator = false;

  constructor(options: MergeLoopOptions) {
    // withDefaults: an option passed as `undefined` (an unset config value) keeps its default.
    this.o = withDefaults(
      { clock: systemClock, syncTimeoutMs: DEFAULT_SYNC_TIMEOUT_MS, pollMs: 2_000, refreshAfterMs: 20_000, degradedGraceMs: 30_000, write: true },
      options,
    );
  }

  /** What blocks merging right now, if anything (the loop stopped after a failed merge). */
  get stoppedReason(): string | null {
    return this.stopped ? `the loop stopped after PR #${this.stopped.pr}: ${this.stopped.reason}` : null;
  }

  /** True while a merge or rollback is in flight (quitting would interrupt it). */
  get inFlight(): string | null {
    return this.busy;
  }

  /** Re-reads the open PRs into the queue store. */
  async refreshQueue(): Promise<void> {
    const q = this.o.queue;
    q.setState({ liveness: { state: 'syncing', since: this.o.clock.now() } });
    try {
      const apps = await this.o.apps.list().catch(() => []);
      const prs = await loadLiveQueue(this.o.gitea, { rules: this.o.rules, apps, branchPrefix: this.o.branchPrefix, now: new Date(this.o.clock.now()) });
      q.setState({ prs, liveness: { state: 'live', updatedAt: this.o.clock.now() } });
    } catch (err) {
      q.setState({ liveness: { state: 'error', message: errorText(err), updatedAt: null } });
    }
  }

  /** The release-notes and breaking-change checklist of a major update (empty for others). */
  async checklist(pr: number): Promise<ChecklistItem[]> {
    const { entry } = await classifyLivePull(this.o.gitea, await this.o.gitea.getPull(pr), await this.classifyOptions());
    return majorUpdateChecklist(entry);
  }

  /** The operator acknowledged the checklist for this exact head; a new push needs it again. */
  acknowledgeChecklist(pr: number, headSha: string): void {
    this.acknowledged.set(pr, headSha);
  }

  /** Clears a stop once the operator has fixed (or rolled back) what failed. */
  resume(): void {
    this.stopped = null;
    const loop = this.o.queue.getState().loop;
    if (loop?.phase === 'stopped') this.setLoop({ ...loop, message: `resumed: ${loop.message}`, phase: 'done' });
  }

  /** Interrupts a running wait; the loop then stops (nothing else merges). True when a wait was stopped. */
  stopMergeLoop(): boolean {
    if (!this.abort || this.abort.signal.aborted) return false;
    if (!this.closing) this.stoppedByOperator = true;
    this.abort.abort();
    return true;
  }

  private async classifyOptions() {
    const apps = await this.o.apps.list().catch(() => []);
    return { rules: this.o.rules, apps, branchPrefix: this.o.branchPrefix, now: new Date(this.o.clock.now()) };
  }

  /** Every precondition of a merge, read fresh from the server and the gate. */
  async check(pr: number): Promise<MergeCheck> {
    const blockers: string[] = [];
    const notes: string[] = [];
    const pull = await this.o.gitea.getPull(pr);
    const { entry } = await classifyLivePull(this.o.gitea, pull, await this.classifyOptions());
    const checklist = majorUpdateChecklist(entry);
    const halted = this.o.halted?.() ?? null;
    if (halted) blockers.push(halted);
    if (this.stopped) blockers.push(`${this.stoppedReason}; resume the loop first`);
    if (pull.merged) blockers.push('already merged');
    else if (pull.state !== 'open') blockers.push(`PR is ${pull.state}`);
    if (!entry.renovate) blockers.push('not a Renovate PR');
    else if (entry.excluded) blockers.push(entry.excluded);
    if (pull.draft) blockers.push('draft (WIP)');
    else if (!pull.mergeable && pull.state === 'open' && !pull.merged) blockers.push('not mergeable (conflict, or Gitea is still checking it)');
    if (entry.ci === 'pending') blockers.push('CI is still running');
    else if (entry.ci === 'failure' || entry.ci === 'error') blockers.push(`CI ${entry.ci}`);
    else if (entry.ci === 'unknown') blockers.push('CI state could not be read');
    const acknowledged = checklist.length === 0 || this.acknowledged.get(pr) === pull.head.sha;
    const gate = this.o.gate.current();
    if (!gate) blockers.push('no health grade yet: every layer must be GREEN before a merge');
    else for (const f of failingLayers(gate)) blockers.push(f);
    if (this.o.guard && !pull.merged) blockers.push(...this.o.guard.blockers(entry, this.o.queue.getState().prs));
    const earlier = this.o.queue.getState().prs.find((e) => e.renovate && !e.excluded && e.number !== pr && e.order < entry.order);
    if (earlier) notes.push(`PR #${earlier.number} (${earlier.category}) comes earlier in the merge order`);
    if (entry.affectedApps.length === 0) notes.push('no Application sources the changed files: nothing to wait for after the merge');
    return {
      ok: blockers.length === 0 && acknowledged,
      blockers: acknowledged ? blockers : [...blockers, CHECKLIST_PENDING(checklist.length)],
      notes,
      entry,
      pull,
      checklist,
      acknowledged,
    };
  }

  /** Plans a merge of `pr`'s current head, or says what blocks it. */
  async planMerge(pr: number): Promise<PlanResult> {
    if (this.busy) return { ok: false, reason: `busy: ${this.busy}` };
    let c: MergeCheck;
    try {
      c = await this.check(pr);
    } catch (err) {
      return { ok: false, reason: errorText(err) };
    }
    // The checklist is acknowledged by confirming this plan (it is shown and the PR number typed).
    const blockers = c.blockers.filter((b) => b !== CHECKLIST_PENDING(c.checklist.length));
    if (blockers.length || !c.entry || !c.pull) return { ok: false, reason: blockers.join('; ') };
    const { entry, pull } = c;
    const risky = entry.risk === 'HIGH' || entry.risk === 'CRITICAL' || c.checklist.length > 0;
    const checklistNotes = c.checklist.length
      ? [`major update — confirming acknowledges this checklist for head ${short(pull.head.sha)}:`, ...c.checklist.map((i) => `  [ ] ${i.text}`)]
      : [];
    const body = JSON.stringify({ do: 'merge', head_commit_id: pull.head.sha, delete_branch_after_merge: true });
    return {
      ok: true,
      request: {
        action: 'merge',
        title: `Merge PR #${pr}: ${pull.title}`,
        target: `PR #${pr} in ${this.o.gitea.repoName} (head ${short(pull.head.sha)} → ${pull.base.ref})`,
        command: `POST /repos/${this.o.gitea.repoName}/pulls/${pr}/merge ${body}`,
        destructive: true,
        challenge: risky ? String(pr) : null,
        notes: [
          `${entry.category} (order ${entry.order}), risk ${entry.risk}, ${entry.updateType} update`,
          ...entry.reasons,
          ...checklistNotes,
          `then waits up to ${Math.round(this.o.syncTimeoutMs / 1000)} s for ${entry.affectedApps.length ? entry.affectedApps.join(', ') : 'no Applications'} to be Synced and Healthy at the merge commit, then the full gate`,
          ...c.notes,
        ],
        binding: { kind: 'pr', id: String(pr), version: pull.head.sha },
        ...(c.checklist.length ? { acknowledges: { kind: 'major-update-checklist' as const, head: pull.head.sha, items: c.checklist.length } } : {}),
        dryRun: !this.o.write,
      },
    };
  }

  private setLoop(loop: Loop | null): void {
    this.o.queue.setState({ loop });
  }

  private stop(pr: number, reason: string, haltLoop: boolean): ActionResult {
    if (haltLoop) this.stopped = { pr, reason };
    this.setLoop({ pr, phase: 'stopped', message: haltLoop ? `${reason}; nothing else will be merged until the loop is resumed` : reason, deadline: null });
    return { ok: false, reason };
  }

  /** Executes a confirmed merge plan: merge exactly the bound head, wait for sync, gate, tick. */
  async runMerge(request: ConfirmRequest, typed: string, options: { tick?: boolean } = {}): Promise<ActionResult> {
    if (request.action !== 'merge' || request.binding.kind !== 'pr') return { ok: false, reason: 'not a merge plan' };
    if (this.busy) return { ok: false, reason: `busy: ${this.busy}` };
    if (request.challenge !== null && typed.trim() !== request.challenge) return { ok: false, reason: `type ${request.challenge} to confirm` };
    const pr = Number(request.binding.id);
    const headSha = request.binding.version;
    if (!headSha) return { ok: false, reason: 'the plan has no head commit' };
    this.busy = `merging PR #${pr}`;
    this.stoppedByOperator = false;
    // The operator saw the checklist in this plan and typed the PR number: acknowledged for this head.
    if (request.acknowledges?.kind === 'major-update-checklist' && request.acknowledges.head === headSha) this.acknowledged.set(pr, headSha);
    const record = request.dryRun || !this.o.write ? null : new MergeRecord('merge', pr, request, this.o);
    this.record = record;
    // A merge inside a composed step is recorded but not ticked: the step ticks its item at the end.
    const run = this.mergeAndFollow(pr, headSha, request.dryRun, options.tick ?? true);
    this.running = run;
    try {
      const r = await run;
      await record?.finish(r, this.closing, this.stoppedByOperator);
      return r;
    } finally {
      this.busy = null;
      this.abort = null;
      this.record = null;
      this.running = null;
    }
  }

  /**
   * Quitting: a merge or rollback still waiting is stopped and recorded as "interrupted — outcome
   * unknown" (merged, not yet seen Synced and GREEN) in the issue and the journal.
   */
  async close(): Promise<void> {
    this.closing = true;
    const run = this.running;
    if (!run) return;
    this.abort?.abort();
    await Promise.race([run.catch(() => null), new Promise((r) => setTimeout(r, 15_000).unref())]);
  }

  private async mergeAndFollow(pr: number, headSha: string, dryRun: boolean, tick: boolean): Promise<ActionResult> {
    this.setLoop({ pr, phase: 'checking', message: 'checking the PR, CI and the gate again', deadline: null });
    const c = await this.check(pr);
    if (c.pull && c.pull.head.sha !== headSha) {
      return this.stop(pr, `the PR head moved since it was confirmed (${short(headSha)} → ${short(c.pull.head.sha)}); nothing merged — check it again`, false);
    }
    if (!c.ok || !c.entry || !c.pull) return this.stop(pr, `not merged: ${c.blockers.join('; ')}`, false);
    const { entry, pull } = c;
    if (dryRun || !this.o.write) {
      this.setLoop({
        pr,
        phase: 'done',
        message: `dry run: would merge ${short(headSha)} and wait for ${entry.affectedApps.join(', ') || 'no apps'}`,
        deadline: null,
      });
      return { ok: true, message: `dry run: PR #${pr} not merged` };
    }

    this.setLoop({ pr, phase: 'merging', message: `merging ${short(headSha)} into ${pull.base.ref}`, deadline: null });
    this.record?.sent(pull.title);
    try {
      await this.o.gitea.mergePull(pr, { headSha, style: 'merge', deleteBranch: true });
    } catch (err) {
      if (errorKind(err) === 'head-moved') {
        return this.stop(pr, `the PR head moved between the check and the merge (409 head out of date); nothing merged — check it again`, false);
      }
      return this.stop(pr, `merge refused: ${errorText(err)}; nothing merged`, false);
    }
    const merged = await this.o.gitea.getPull(pr);
    const mergeSha = merged.merge_commit_sha ?? (await this.o.gitea.getBranch(pull.base.ref)).commit.id;
    this.record?.progress(`merged ${short(mergeSha)}; waiting for ${entry.affectedApps.join(', ') || 'no Applications'} to sync`);

    const synced = await this.followSync(pr, entry.affectedApps, mergeSha, `merge ${short(mergeSha)}`);
    if (!synced.ok) {
      // The PR stays merged: say so in the maintenance issue (never ticked) whatever stopped the wait.
      await this.recordQuietly({ pr, title: pull.title, outcome: `merged ${short(mergeSha)}; ${synced.reason}; loop stopped, item not ticked`, tick: false });
      await this.o.guard?.mergeFailed?.(entry, mergeSha, synced.reason).catch(() => undefined);
      return synced;
    }
    this.record?.progress('synced; running the full gate');
    const gated = await this.fullGate(pr, synced.since);
    if (!gated.ok) {
      await this.recordQuietly({ pr, title: pull.title, outcome: `merged ${short(mergeSha)}; ${gated.reason}; loop stopped, item not ticked`, tick: false });
      await this.o.guard?.mergeFailed?.(entry, mergeSha, gated.reason).catch(() => undefined);
      return gated;
    }
    // The protocol's waits (Gate 1's pods, dependents coming back) end on the same stop as the sync
    // wait: the operator's key, or a quit (then recorded as interrupted).
    const abort = new AbortController();
    this.abort = abort;
    const after = this.o.guard ? await this.o.guard.afterMerge(entry, mergeSha, { signal: abort.signal }) : null;
    if (after && !after.ok) {
      if (after.stopped && !this.closing) this.stoppedByOperator = true;
      await this.recordQuietly({ pr, title: pull.title, outcome: `merged ${short(mergeSha)}; ${after.reason}; loop stopped, item not ticked`, tick: false });
      return this.stop(pr, `after the merge: ${after.reason}`, true);
    }

    this.setLoop({ pr, phase: 'ticking', message: 'recording the merge in the maintenance issue', deadline: null });
    const outcome = `merged ${short(mergeSha)}; ${entry.affectedApps.length ? `${entry.affectedApps.join(', ')} Synced+Healthy` : 'no Applications affected'}; all layers GREEN`;
    let recorded = 'not recorded (no maintenance issue)';
    if (this.o.log) {
      try {
        recorded = await this.o.log.record({
          pr,
          title: pull.title,
          outcome,
          tick,
          kind: tick ? 'merged' : 'merged-only',
          status: this.o.gate.current()?.overall,
        });
      } catch (err) {
        recorded = `could not record in the maintenance issue: ${errorText(err)}`;
      }
    }
    this.setLoop({ pr, phase: 'done', message: `${outcome}; ${recorded}`, deadline: null });
    await this.refreshQueue();
    return { ok: true, message: `PR #${pr} ${outcome}` };
  }

  /** Waits for the apps to be Synced and Healthy at `sha`; refreshes those that have not noticed. */
  private async followSync(
    pr: number,
    apps: readonly string[],
    sha: string,
    what: string,
  ): Promise<{ ok: true; since: number } | (ActionResult & { ok: false })> {
    const { clock } = this.o;
    const start = clock.now();
    if (apps.length === 0) return { ok: true, since: start };
    const deadline = start + this.o.syncTimeoutMs;
    const abort = new AbortController();
    this.abort = abort;
    let lastRefresh = start;
    let progress: SyncProgress | null = null;
    const degradedSince = new Map<string, number>();
    for (;;) {
      const now = clock.now();
      let views;
      try {
        views = await this.o.apps.list();
      } catch (err) {
        views = null;
        this.setLoop({ pr, phase: 'waiting-sync', message: `cannot read Applications (${errorText(err)}); retrying`, deadline, waitMs: this.o.syncTimeoutMs });
      }
      if (views) {
        progress = syncProgress(apps, views, sha);
        const line = progress.apps.map((a) => `${a.name} ${a.detail}`).join(', ');
        for (const a of progress.apps) {
          if (a.state !== 'degraded') degradedSince.delete(a.name);
          else if (!degradedSince.has(a.name)) degradedSince.set(a.name, now);
        }
        const failed = progress.failed.filter((a) => now - degradedSince.get(a.name)! >= this.o.degradedGraceMs);
        if (failed.length) {
          const f = failed.map((a) => `${a.name} ${a.detail}`).join(', ');
          return this.stop(pr, `after ${what}: ${f}`, true) as ActionResult & { ok: false };
        }
        if (progress.done) return { ok: true, since: clock.now() };
        const grace = progress.failed.map(
          (a) => `${a.name} Degraded for ${Math.round((now - degradedSince.get(a.name)!) / 1000)} s of ${Math.round(this.o.degradedGraceMs / 1000)}`,
        );
        this.setLoop({
          pr,
          phase: 'waiting-sync',
          message: `waiting for ${line}${grace.length ? ` (${grace.join(', ')})` : ''}`,
          deadline,
          waitMs: this.o.syncTimeoutMs,
        });
        if (progress.notNoticed.length && now - lastRefresh >= this.o.refreshAfterMs) {
          lastRefresh = now;
          const all = await this.o.apps.list().catch(() => []);
          await Promise.all(
            progress.notNoticed.map((name) => {
              const ns = all.find((a) => a.name === name)?.namespace ?? 'argocd';
              return this.o.apps.refresh({ name, namespace: ns }).catch(() => undefined);
            }),
          );
        }
      }
      if (now >= deadline) {
        const line = progress
          ? progress.apps
              .filter((a) => a.state !== 'synced')
              .map((a) => `${a.name} ${a.detail}`)
              .join(', ')
          : 'Applications unreadable';
        return this.stop(pr, `after ${what}: not Synced and Healthy within ${Math.round(this.o.syncTimeoutMs / 1000)} s (${line})`, true) as ActionResult & {
          ok: false;
        };
      }
      await clock.sleep(Math.min(this.o.pollMs, Math.max(0, deadline - now)), abort.signal);
      if (abort.signal.aborted) {
        const reason = this.closing
          ? `the console quit while waiting for ${what} to sync`
          : `stopped by the operator while waiting for ${what} to sync (${Math.round((deadline - clock.now()) / 1000)} s were left)`;
        return this.stop(pr, reason, true) as ActionResult & { ok: false };
      }
    }
  }

  private async recordQuietly(entry: { pr: number; title: string; outcome: string; tick: boolean }): Promise<void> {
    this.record?.logged();
    try {
      // A quit while it waited leaves the outcome unknown; otherwise the merge failed. Either way the
      // Change Log row carries the last gate's status.
      const kind = this.closing ? 'interrupted' : this.stoppedByOperator ? 'stopped' : 'failed';
      await this.o.log?.record({ ...entry, kind, status: this.o.gate.current()?.overall });
    } catch {
      // The loop's own state already says it stopped; a failed note must not hide that.
    }
  }

  private async fullGate(pr: number, since: number): Promise<ActionResult> {
    this.setLoop({ pr, phase: 'gating', message: 'running the full gate', deadline: null });
    let gate: GateResult;
    try {
      gate = await this.o.gate.fresh(since);
    } catch (err) {
      return this.stop(pr, `the gate could not be run: ${errorText(err)}`, true);
    }
    const failing = failingLayers(gate);
    if (failing.length) return this.stop(pr, `gate not GREEN: ${failing.join('; ')}`, true);
    return { ok: true, message: 'GREEN' };
  }

  // ── rollback ───────────────────────────────────────────────────────────────────────────────

  /** Plans a revert of a merged PR: each changed file restored to its pre-merge version, in one commit. */
  async planRollback(pr: number): Promise<PlanResult> {
    if (this.busy) return { ok: false, reason: `busy: ${this.busy}` };
    try {
      const { gitea } = this.o;
      const pull = await gitea.getPull(pr);
      if (!pull.merged || !pull.merge_commit_sha) return { ok: false, reason: `PR #${pr} is not merged` };
      const commit = await gitea.getCommit(pull.merge_commit_sha);
      const parent = commit.parents[0]?.sha;
      if (!parent) return { ok: false, reason: `merge commit ${short(pull.merge_commit_sha)} has no parent` };
      const base = pull.base.ref;
      const branchHead = (await gitea.getBranch(base)).commit.id;
      const changed = await gitea
        .pullFiles(pr)
        .catch(() => commit.files.map((f) => ({ filename: f.filename, status: f.status, previous_filename: undefined })));
      const paths = [
        ...new Set(changed.flatMap((f) => (f.previous_filename && f.previous_filename !== f.filename ? [f.filename, f.previous_filename] : [f.filename]))),
      ];
      const inputs: RevertFileInput[] = [];
      for (const path of paths) {
        const [before, current] = await Promise.all([gitea.fileAt(path, parent), gitea.fileAt(path, branchHead)]);
        inputs.push({ path, before: before?.content ?? null, currentSha: current?.sha ?? null, current: current?.content ?? null });
      }
      const changes = revertChanges(inputs);
      if (changes.length === 0) return { ok: false, reason: `nothing to revert: the files of PR #${pr} are already at their pre-merge versions` };
      const protection = await gitea.branchProtection(base);
      const mode = protection.protected && !protection.userCanPush ? 'pull-request' : 'direct';
      const apps = await this.o.apps.list().catch(() => []);
      const affectedApps = affectedApplications(paths, apps, gitea.repoName);
      const message = `Revert "${pull.title}" (PR #${pr})\n\nRestores ${changes.length} file(s) to ${short(parent)}, the commit before merge ${short(pull.merge_commit_sha)}.`;
      const plan: RollbackPlan = { pr, mergeSha: pull.merge_commit_sha, base, branchHead, changes, mode, message, affectedApps };
      this.rollbackPlans.set(pr, plan);
      const fileOps = changes.map((c) => `${c.operation} ${c.path}`);
      const branch = `revert-pr-${pr}`;
      // A database the new version may have migrated: the operator types a confirmation that says so.
      // However it was merged (this console, the web UI): the PR's classification says whether it is a database.
      const classified = this.o.guard?.rollbackConfirmation ? await classifyLivePull(gitea, pull, await this.classifyOptions()).catch(() => null) : null;
      const data = this.o.guard?.rollbackConfirmation?.(pr, classified?.entry ?? null) ?? null;
      return {
        ok: true,
        request: {
          action: 'rollback',
          title: `Roll back PR #${pr}: ${pull.title}`,
          target: `${gitea.repoName} ${base} at ${short(branchHead)}${mode === 'pull-request' ? ` (protected: via branch ${branch} and a PR)` : ''}`,
          command:
            `POST /repos/${gitea.repoName}/contents {"branch":"${base}"${mode === 'pull-request' ? `,"new_branch":"${branch}"` : ''},"files":[${fileOps.map((f) => JSON.stringify(f)).join(',')}]}` +
            (mode === 'pull-request' ? ` then POST /repos/${gitea.repoName}/pulls {"head":"${branch}","base":"${base}"}` : ''),
          destructive: true,
          challenge: data?.challenge ?? String(pr),
          notes: [
            ...(data?.notes ?? []),
            `reverts merge ${short(pull.merge_commit_sha)}`,
            `one commit: ${fileOps.join(', ')}`,
            mode === 'direct'
              ? `then waits for ${affectedApps.join(', ') || 'no Applications'} to sync back and runs the gate`
              : `${base} is protected: the revert goes to a branch and a PR that must be merged`,
            'a revert does not undo data migrations a new version may have run',
          ],
          // Bound to the merge commit: the queue's merged row shows it, so a PR merged again
          // (or reverted) meanwhile makes the dialog stale; the branch head is checked at run time.
          binding: { kind: 'pr', id: String(pr), version: pull.merge_commit_sha },
          dryRun: !this.o.write,
        },
      };
    } catch (err) {
      return { ok: false, reason: errorText(err) };
    }
  }

  async runRollback(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    if (request.action !== 'rollback' || request.binding.kind !== 'pr') return { ok: false, reason: 'not a rollback plan' };
    if (this.busy) return { ok: false, reason: `busy: ${this.busy}` };
    if (request.challenge !== null && typed.trim() !== request.challenge) return { ok: false, reason: `type ${request.challenge} to confirm` };
    const pr = Number(request.binding.id);
    const plan = this.rollbackPlans.get(pr);
    if (!plan || plan.mergeSha !== request.binding.version) return { ok: false, reason: `no current rollback plan for PR #${pr}; plan it again` };
    this.busy = `rolling back PR #${pr}`;
    this.stoppedByOperator = false;
    const record = request.dryRun || !this.o.write ? null : new MergeRecord('pr-rollback', pr, request, this.o);
    this.record = record;
    const run = this.rollbackAndFollow(pr, plan, request);
    this.running = run;
    try {
      const r = await run;
      await record?.finish(r, this.closing, this.stoppedByOperator);
      return r;
    } finally {
      this.busy = null;
      this.abort = null;
      this.record = null;
      this.running = null;
    }
  }

  private async rollbackAndFollow(pr: number, plan: RollbackPlan, request: ConfirmRequest): Promise<ActionResult> {
    try {
      const { gitea } = this.o;
      const head = (await gitea.getBranch(plan.base)).commit.id;
      if (head !== plan.branchHead) {
        return this.stop(
          pr,
          `${plan.base} moved since the rollback was planned (${short(plan.branchHead)} → ${short(head)}); nothing reverted — plan it again`,
          false,
        );
      }
      if (request.dryRun || !this.o.write) return { ok: true, message: `dry run: would ${request.command}` };
      this.setLoop({ pr, phase: 'rolling-back', message: `committing the revert of PR #${pr}`, deadline: null });
      this.record?.sent(plan.message.split('\n')[0]!);
      if (plan.mode === 'pull-request') {
        const branch = `revert-pr-${pr}`;
        await gitea.changeFiles({ branch: plan.base, newBranch: branch, message: plan.message, files: plan.changes });
        const opened = await gitea.createPull({ head: branch, base: plan.base, title: plan.message.split('\n')[0]!, body: plan.message });
        this.rollbackPlans.delete(pr);
        this.setLoop({
          pr,
          phase: 'stopped',
          message: `${plan.base} is protected: revert PR #${opened.number} opened (${opened.html_url}); merge it to roll back`,
          deadline: null,
        });
        return { ok: true, message: `revert PR #${opened.number} opened` };
      }
      const commit = await gitea.changeFiles({ branch: plan.base, message: plan.message, files: plan.changes });
      this.rollbackPlans.delete(pr);
      this.record?.progress(`reverted by ${short(commit.sha)}; waiting for ${plan.affectedApps.join(', ') || 'no Applications'} to sync back`);
      const synced = await this.followSync(pr, plan.affectedApps, commit.sha, `revert ${short(commit.sha)}`);
      if (!synced.ok) return synced;
      this.record?.progress('synced back; running the full gate');
      const gated = await this.fullGate(pr, synced.since);
      if (!gated.ok) return gated;
      const outcome = `rolled back by ${short(commit.sha)}; ${plan.affectedApps.join(', ') || 'no Applications'} synced back; all layers GREEN`;
      let recorded = '';
      if (this.o.log) {
        try {
          recorded = `; ${await this.o.log.record({ pr, title: plan.message.split('\n')[0]!, outcome, tick: false, kind: 'rolled-back', status: this.o.gate.current()?.overall })}`;
        } catch (err) {
          recorded = `; could not record: ${errorText(err)}`;
        }
      }
      this.setLoop({ pr, phase: 'stopped', message: `${outcome}${recorded}; resume the loop when ready`, deadline: null });
      return { ok: true, message: `PR #${pr} ${outcome}` };
    } catch (err) {
      return this.stop(pr, `rollback failed: ${errorText(err)}`, true);
    }
  }
}
