import type { HealthThresholds } from '../../domain/health/types.js';
import type { RenovateRule } from '../../domain/renovate/rules.js';
import type { ActionItem } from '../../domain/issue/types.js';
import { errorLine as oneLine, redactSecrets } from '../../domain/redact.js';
import { planItem } from '../../domain/steps/plan-step.js';
import type {
  ActionResult,
  EditResult,
  ConfirmRequest,
  EngineCapabilities,
  ItemRef,
  ObjectBinding,
  PlanResult,
  ProtocolInput,
  ProtocolNext,
  QuitGuard,
  RefreshTarget,
  VerifyFinding,
} from '../../domain/console-engine.js';
import type { ConsoleEngine } from '../../store/index.js';
import type { Stores } from '../../store/index.js';
import { pushMessage, type RunMode } from '../../store/session-store.js';
import { cephHealthInputOf, CephService } from '../ceph/ceph-service.js';
import type { CephExecutor } from '../ceph/executor.js';
import type { GiteaClient } from '../gitea/client.js';
import { startHealthGrader } from '../health/grader.js';
import { AlertSource, type AlertSourceOptions } from '../health/alert-source.js';
import { createAlertsStore } from '../../store/alerts-store.js';
import type { ClusterWatcher } from '../kube/cluster-watcher.js';
import type { KubeTarget } from '../kube/kubeconfig.js';
import { ActionArbiter, type ActivityKind } from './arbiter.js';
import { notGreenText } from '../../domain/health/gate-text.js';
import { IssueSource, MAX_ISSUE_POLL_MS } from './issue-source.js';
import { QueueSource } from './queue-source.js';
import { recordResume } from './resume-record.js';
import type { MergePort, SessionContext, StepsPort } from '../session-context.js';
import type { Journal } from '../journal/journal.js';
import { observeWrites, onLateWrite, type LateWrite } from '../gitea/body-writer.js';
import { journalWrites } from '../journal/in-flight.js';
import { ConsoleRecon } from '../recon/console-recon.js';
import { ConsoleClosure } from '../closure/console-closure.js';
import { ConsoleRelated } from '../closure/console-related.js';
import { GiteaOffline } from './gitea-offline.js';
import { giteaDownReason } from '../../domain/offline-text.js';

export interface SessionOptions {
  stores: Stores;
  mode: RunMode;
  gitea: { client: GiteaClient; label: string; issue: number | null; pollMs: number; rules: RenovateRule[] } | null;
  /** Loaded after the first frame: importing the Kubernetes client costs ~0.3 s. */
  kube: { target(): Promise<KubeTarget>; flushMs: number } | null;
  ceph: { executor(): CephExecutor; intervalMs: number } | null;
  thresholds?: HealthThresholds;
  /** Alertmanager (Platform's alerts); null or absent → alerts are not read. */
  alerts?: AlertSourceOptions | null;
  /** The step engine over the session's context (engine/compose.ts wires it). */
  steps?: (context: SessionContext) => StepsPort | null;
  /** The merge loop over the session's context (engine/compose.ts wires it). */
  mergeLoop?: (context: SessionContext) => MergePort | null;
  now?: () => number;
  /** The session's journal (steps and merges share it); recon and closure record their outcomes in it. */
  journal?: Journal;
  /** Certificates expiring within this many days are recon findings (default 14). */
  certWarnDays?: number;
  /** The zone Change Log rows and the closure notes are written in (default TZ, else UTC). */
  timeZone?: string;
  /**
   * Work from a copy while Gitea is unreachable: the body last read is kept in `copyFile` (the state
   * dir), edits are queued in the journal and replayed when it answers (engine/gitea-offline.ts).
   */
  offline?: { copyFile: string; retryMs?: number; maxRetryMs?: number } | null;
  /** The operator's editor on the handed-over terminal (engine/compose.ts wires it). */
  editor?: (request: { initial: string; fileName?: string }) => Promise<EditResult>;
}

const NOT_WIRED_STEPS = 'the step engine is not wired in this build';
const NOT_WIRED_MERGE = 'the merge loop is not wired in this build';

/**
 * One console session: starts every source, keeps the stores current, and answers the UI's
 * facade. Reads are live from the start; writes go through the step engine and the merge loop,
 * which refuse in read-only mode themselves (hiding keys is not the protection).
 */
export class ConsoleSession implements ConsoleEngine {
  readonly stores: Stores;
  readonly capabilities: EngineCapabilities;
  private issue: IssueSource | null = null;
  private offLateWrite: (() => void) | null = null;
  private offline: GiteaOffline | null = null;
  private queue: QueueSource | null = null;
  private ceph: CephService | null = null;
  private kubeTarget: KubeTarget | null = null;
  private watcher: ClusterWatcher | null = null;
  private grader: { stop(): void; gradeNow(): unknown } | null = null;
  /** Alertmanager's alerts as last read (the grader and recon read it). */
  readonly alerts = createAlertsStore();
  private alertSource: AlertSource | null = null;
  private steps: StepsPort | null;
  private merge: MergePort | null;
  private closed = false;
  /** The one owner of what is running; every action asks it first. */
  readonly arbiter = new ActionArbiter();
  private escalationReason: string | null = null;
  /** The full recon and the closure (workflow 3.3–4.6). */
  readonly recon: ConsoleRecon;
  readonly closure: ConsoleClosure;
  readonly related: ConsoleRelated;

  constructor(private readonly o: SessionOptions) {
    this.stores = o.stores;
    const common = {
      stores: o.stores,
      gitea: () => this.gitea,
      journal: o.journal ?? null,
      mode: o.mode,
      timeZone: o.timeZone ?? (process.env.TZ || 'UTC'),
      ...(o.now ? { now: o.now } : {}),
    };
    this.recon = new ConsoleRecon({
      ...common,
      alerts: this.alerts,
      kubeTarget: () => this.kubeTarget,
      refresh: (t) => this.refresh(t),
      ...(o.certWarnDays !== undefined ? { certWarnDays: o.certWarnDays } : {}),
    });
    this.closure = new ConsoleClosure({
      ...common,
      recon: this.recon,
      arbiter: this.arbiter,
      refresh: (t) => this.refresh(t),
      ...(o.thresholds ? { thresholds: o.thresholds } : {}),
    });
    this.related = new ConsoleRelated({
      ...common,
      arbiter: this.arbiter,
      refresh: (t) => this.refresh(t),
      planMerge: (pr) => this.planMerge(pr),
      runMerge: (request, typed) => this.runMerge(request, typed),
    });
    const context = this.context();
    this.steps = o.steps?.(context) ?? null;
    // After a crash, nothing runs until the operator verified what the journal left unknown.
    this.arbiter.holdWhile(() => this.steps?.unverified?.() ?? null);
    this.merge = o.mergeLoop?.(context) ?? null;
    this.capabilities = { steps: this.steps !== null, mergeLoop: this.merge !== null, write: o.mode !== 'READ-ONLY' };
  }

  private get gitea(): GiteaClient | null {
    return this.o.gitea?.client ?? null;
  }

  /** The explicit dependencies the session's parts get (never the session itself). */
  private context(): SessionContext {
    return {
      stores: this.stores,
      mode: this.o.mode,
      gitea: this.gitea,
      kubeTarget: () => this.kubeTarget,
      ceph: () => this.ceph,
      refresh: (target) => this.refresh(target),
      alerts: () => (this.o.alerts ? this.alerts.getState().alerts : null),
      halted: () => this.arbiter.halted,
      stepMerges: {
        plan: (pr) => this.planMerge(pr, { insideStep: true }),
        run: (request, typed) => this.runMerge(request, typed, { tick: false, insideStep: true }),
        stop: () => this.stopMergeLoop(),
      },
    };
  }

  private say(level: 'info' | 'warn' | 'error', text: string) {
    pushMessage(this.stores.session, level, redactSecrets(text));
  }

  async start(): Promise<void> {
    const { o, stores } = this;
    if (o.gitea) {
      const offLate = onLateWrite(o.gitea.client, (number, late) => this.recordLateWrite(number, late));
      // Every body write through the session's client, whoever makes it, is journaled as in flight until its outcome.
      const offWrites = o.journal ? observeWrites(o.gitea.client, journalWrites(o.journal)) : () => {};
      this.offLateWrite = () => {
        offLate();
        offWrites();
      };
      this.issue = new IssueSource({
        client: o.gitea.client,
        store: stores.issue,
        label: o.gitea.label,
        number: o.gitea.issue,
        intervalMs: Math.min(o.gitea.pollMs, MAX_ISSUE_POLL_MS),
        now: o.now,
      });
      this.queue = new QueueSource({
        client: o.gitea.client,
        store: stores.queue,
        rules: o.gitea.rules,
        intervalMs: o.gitea.pollMs,
        apps: () => stores.cluster.getState().applications,
        now: o.now,
      });
      if (o.offline) {
        const issue = this.issue;
        this.offline = new GiteaOffline({
          client: o.gitea.client,
          store: stores.issue,
          journal: o.journal ?? null,
          copyFile: o.offline.copyFile,
          number: o.gitea.issue,
          refresh: () => issue.refresh(),
          say: (level, text) => this.say(level, text),
          inFlightSettled: (ids) => stores.step.setState((s) => ({ unknownOutcomes: s.unknownOutcomes.filter((u) => !ids.includes(u.stepId)) })),
          ...(o.now ? { now: o.now } : {}),
          ...(o.offline.retryMs !== undefined ? { retryMs: o.offline.retryMs } : {}),
          ...(o.offline.maxRetryMs !== undefined ? { maxRetryMs: o.offline.maxRetryMs } : {}),
        });
        // Merges, the closure and related-issue actions need Gitea: refused while it cannot be reached.
        this.arbiter.needsGiteaWhile(() => giteaDownReason(stores.issue.getState().offline));
        this.offline.start();
      }
      this.issue.start();
      this.queue.start();
    } else {
      stores.issue.setState({ liveness: { state: 'not-installed', what: 'Gitea (no URL or token)' } });
      stores.queue.setState({ liveness: { state: 'not-installed', what: 'Gitea (no URL or token)' } });
    }
    if (o.ceph) {
      this.ceph = new CephService({
        executor: o.ceph.executor(),
        store: stores.ceph,
        intervalMs: o.ceph.intervalMs,
        readOnly: o.mode === 'READ-ONLY',
        dryRun: o.mode === 'DRY-RUN',
      });
      this.ceph.start();
    }
    this.grader = startHealthGrader({
      cluster: stores.cluster,
      ceph: stores.ceph,
      health: stores.health,
      cephInput: cephHealthInputOf,
      ...(o.thresholds ? { thresholds: o.thresholds } : {}),
      ...(o.alerts ? { alerts: this.alerts } : {}),
    });
    if (o.kube) await this.startKube(o.kube);
    // An Alertmanager reached by URL needs no API server.
    else if (o.alerts?.url) this.startAlerts(null);
    // The workflow's final recon runs by itself once the last item is done or deferred.
    if (o.gitea) this.recon.watchForFinal();
  }

  private async startKube(kube: NonNullable<SessionOptions['kube']>) {
    const syncing = { state: 'syncing' as const, since: Date.now() };
    this.stores.cluster.setState((s) => ({ liveness: { ...s.liveness, nodes: syncing, pods: syncing, applications: syncing } }));
    try {
      const target = await kube.target();
      this.kubeTarget = target;
      this.stores.cluster.setState({ context: target.context, server: target.server });
      this.stores.session.setState((s) => ({ context: s.context ?? target.context }));
      const { startClusterWatcher } = await import('../kube/cluster-watcher.js');
      if (this.closed) return;
      this.watcher = await startClusterWatcher({ target, store: this.stores.cluster, flushMs: kube.flushMs });
      if (this.closed) this.watcher.stop();
      else this.startAlerts(target);
    } catch (err) {
      const message = oneLine(err);
      const error = { state: 'error' as const, message, updatedAt: null };
      this.stores.cluster.setState((s) => ({ liveness: { ...s.liveness, nodes: error, pods: error, applications: error } }));
      this.say('error', `kubernetes: ${message}`);
      this.startAlerts(null);
    }
  }

  private startAlerts(target: KubeTarget | null) {
    if (!this.o.alerts || this.alertSource) return;
    this.alertSource = new AlertSource(this.o.alerts);
    this.alertSource.start(this.alerts, target, { watch: true });
  }

  async refresh(target: RefreshTarget = 'all'): Promise<void> {
    const all = target === 'all';
    await Promise.all([
      all || target === 'issue' ? this.issue?.refresh() : undefined,
      all || target === 'queue' ? this.queue?.refresh() : undefined,
      all || target === 'ceph' ? this.ceph?.refresh().catch(() => null) : undefined,
      // Alerts are part of the grade: re-read them before grading, not only on the poll's schedule.
      all || target === 'health' ? this.alertSource?.readNow() : undefined,
    ]);
    if (all || target === 'health') this.grader?.gradeNow();
  }

  async openIssue(number: number): Promise<ActionResult> {
    if (!this.issue) return { ok: false, reason: 'no Gitea connection' };
    try {
      await this.issue.open(number);
      return { ok: true, message: `issue #${number} open` };
    } catch (err) {
      return { ok: false, reason: redactSecrets(`issue #${number}: ${oneLine(err)}`) };
    }
  }

  isCurrent(b: ObjectBinding): boolean {
    switch (b.kind) {
      case 'pr': {
        // A merge is bound to the open PR's head; a rollback to the merged PR's merge commit.
        // Either must still be what the queue shows; a PR the queue does not list is re-checked
        // against the server by the merge loop when it runs.
        if (b.version === null) return true;
        const q = this.stores.queue.getState();
        const open = q.prs.find((p) => String(p.number) === b.id);
        if (open) return open.headSha === b.version;
        const merged = q.merged.find((p) => String(p.number) === b.id);
        return merged === undefined || merged.mergeSha === null || merged.mergeSha === b.version;
      }
      case 'item': {
        // Steps are bound to the issue body's content version when they are planned.
        const s = this.stores.issue.getState();
        return b.version === null || s.contentVersion === null || String(s.contentVersion) === b.version;
      }
      case 'thread':
        // A related issue or PR: still proposed (the guarded close re-reads it before closing).
        return this.stores.related.getState().proposals.some((p) => String(p.number) === b.id);
      default:
        return unhandled(b.kind);
    }
  }

  /**
   * The PR an item merges when it merges exactly one (a Renovate queue item). `alone`: nothing else
   * runs around the merge, so the loop carries the whole item (and ticks it); otherwise the step
   * engine runs the composed plan, each merge through the loop.
   */
  private mergedByItem(ref: ItemRef, alone = true): { item: ActionItem; pr: number } | null {
    if (!this.merge) return null;
    const item = this.stores.issue.getState().document?.items.find((i) => (ref.id ? i.id === ref.id : i.line === ref.line));
    if (!item) return null;
    const plan = planItem(item);
    const [only] = plan.prs ?? [];
    if (plan.kind !== 'merge' || plan.prs?.length !== 1 || only === undefined) return null;
    return !alone || plan.segments?.length === 1 ? { item, pr: only } : null;
  }

  private refused(kind: ActivityKind): { ok: false; reason: string } | null {
    const reason = this.arbiter.refusal(kind);
    return reason ? { ok: false, reason } : null;
  }

  async planStep(ref: ItemRef): Promise<PlanResult> {
    const no = this.refused('step');
    if (no) return no;
    // A PR merge item goes through the merge loop: GREEN first, merge the checked head, wait for
    // ArgoCD to sync the merge commit, the full gate, then the loop ticks the item.
    const merge = this.mergedByItem(ref);
    if (merge) {
      const plan = await this.planMerge(merge.pr);
      if (!plan.ok) return plan;
      const who = merge.item.id ?? `the item at line ${merge.item.line}`;
      return {
        ok: true,
        request: {
          ...plan.request,
          notes: [`${who} merges PR #${merge.pr}: the Renovate merge loop runs it and ticks ${who} once the gate is GREEN`, ...plan.request.notes],
        },
      };
    }
    return this.steps ? this.steps.planStep(ref) : { ok: false, reason: NOT_WIRED_STEPS };
  }

  runStep(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    if (request.action === 'resume') return this.runResume(request, typed);
    // Plans the merge loop made for an item (merge, or the rollback of its merged PR).
    if (request.binding.kind === 'pr' && (request.action === 'merge' || request.action === 'rollback')) return this.runMerge(request, typed);
    const steps = this.steps;
    if (!steps) return Promise.resolve({ ok: false, reason: NOT_WIRED_STEPS });
    const kind = activityOf(request.action);
    if (!kind) return Promise.resolve({ ok: false, reason: `not a step plan (${request.action})` });
    const no = this.refused(kind);
    if (no) return Promise.resolve(no);
    if (!this.isCurrent(request.binding))
      return Promise.resolve({ ok: false, reason: `${request.binding.kind} ${request.binding.id} changed since it was confirmed` });
    const what = kind === 'escalation' ? 'the escalation' : kind === 'safe-state' ? 'the safe state (ceph osd set noout)' : `step ${request.title}`;
    return this.arbiter.run({ kind, what, howToStop: 'Ctrl-C cancels it' }, async () => {
      const r = await steps.run(request, typed);
      if (kind === 'escalation' && r.ok) this.markEscalated(this.escalationReason ?? request.title);
      return r;
    });
  }

  /** After escalating: steps, merges and closure are refused until resumeEscalation(). */
  private markEscalated(reason: string): void {
    this.merge?.stop();
    this.arbiter.escalate(reason);
    this.stores.session.setState({ escalated: reason });
    this.say('warn', `ESCALATED: ${reason}. Steps, merges and closure are stopped until you resume; the safe state (ceph osd set noout) is offered.`);
  }

  /** The operator resumes after an escalation. */
  async resumeEscalation(): Promise<ActionResult> {
    const reason = this.arbiter.escalated;
    if (!reason) return { ok: false, reason: 'nothing is escalated' };
    this.arbiter.resume();
    this.steps?.resume?.();
    this.stores.session.setState({ escalated: null });
    const problem = await recordResume(
      {
        stores: this.stores,
        gitea: () => this.gitea,
        journal: this.o.journal ?? null,
        mode: this.o.mode,
        timeZone: this.o.timeZone ?? (process.env.TZ || 'UTC'),
        ...(this.o.now ? { now: this.o.now } : {}),
        refresh: (t) => this.refresh(t),
      },
      reason,
    );
    const message = 'resumed after the escalation: steps and merges may run again (each still needs its own checks)';
    return { ok: true, message: problem ? `${message}; ${problem}` : message };
  }

  /** Resuming is confirmed like any action: the dialog says what it lifts, the operator types `resume`. */
  async planResumeEscalation(): Promise<PlanResult> {
    const reason = this.arbiter.escalated;
    if (reason === null) return { ok: false, reason: 'nothing is escalated: there is nothing to resume' };
    const issue = this.stores.issue.getState().number;
    return {
      ok: true,
      request: {
        action: 'resume',
        title: 'Resume after the escalation',
        target: `${issue !== null ? `maintenance issue #${issue}` : 'this session'}, escalated: ${reason}`,
        command: 'lift the console’s escalation stop (nothing is sent to the homelab)',
        destructive: false,
        challenge: 'resume',
        notes: [
          'steps, merges and closure may run again; each still needs its own checks (a merge needs every layer GREEN)',
          'the escalation note and the needs-human label stay in the issue until a human removes them',
        ],
        binding: { kind: 'item', id: 'escalation', version: null },
        dryRun: false,
      },
    };
  }

  private async runResume(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    if (typed.trim() !== request.challenge) return { ok: false, reason: `type ${request.challenge ?? 'resume'} to resume` };
    return this.resumeEscalation();
  }

  /** `ceph osd set noout`, the workflow's safe state: offered after an escalation (and any time). */
  async planSafeState(): Promise<PlanResult> {
    const no = this.refused('safe-state');
    if (no) return no;
    return this.steps?.planSafeState ? this.steps.planSafeState() : { ok: false, reason: NOT_WIRED_STEPS };
  }

  /** The operator's finding on a step the journal left with an unknown outcome (journal and issue). */
  verifyUnknown(stepId: string, finding: VerifyFinding, note?: string): Promise<ActionResult> {
    return this.steps?.verify ? this.steps.verify(stepId, finding, note) : Promise.resolve({ ok: false, reason: NOT_WIRED_STEPS });
  }

  cancelStep(): boolean {
    return this.steps?.cancel() ?? false;
  }

  judgeStep(verdict: 'pass' | 'fail' | 'defer', note?: string): Promise<ActionResult> {
    // A verdict writes to the issue: after an escalation it waits for the resume like any write.
    const halted = this.arbiter.halted;
    if (halted !== null) return Promise.resolve({ ok: false, reason: halted });
    return this.steps ? this.steps.judge(verdict, note) : Promise.resolve({ ok: false, reason: NOT_WIRED_STEPS });
  }

  deferItem(item: ItemRef, note?: string): Promise<ActionResult> {
    const halted = this.arbiter.halted;
    if (halted !== null) return Promise.resolve({ ok: false, reason: halted });
    return this.steps?.defer ? this.steps.defer(item, note) : Promise.resolve({ ok: false, reason: NOT_WIRED_STEPS });
  }

  async planRollback(ref: ItemRef): Promise<PlanResult> {
    const no = this.refused('rollback');
    if (no) return no;
    // A merged PR's rollback is the revert commit the loop plans, whatever the item's Rollback text
    // says (runbooks write `git revert <merge-commit-sha>`, which names no commit).
    const merge = this.mergedByItem(ref, false);
    if (merge) return this.planPrRollback(merge.pr);
    return this.steps ? this.steps.planRollback(ref) : { ok: false, reason: NOT_WIRED_STEPS };
  }

  planEscalation(item: ItemRef, reason: string): Promise<PlanResult> {
    this.escalationReason = reason;
    return this.steps ? this.steps.planEscalation(item, reason) : Promise.resolve({ ok: false, reason: NOT_WIRED_STEPS });
  }

  planMerge(pr: number, options: { insideStep?: boolean } = {}): Promise<PlanResult> {
    if (!this.merge) return Promise.resolve({ ok: false, reason: NOT_WIRED_MERGE });
    const no = options.insideStep ? (this.arbiter.halted ? this.refused('merge') : null) : this.refused('merge');
    if (no) return Promise.resolve(no);
    // The loop checks this too; here it is said so an operator knows what to fix first.
    const notGreen = notGreenText(this.stores.health.getState().gate);
    if (notGreen) return Promise.resolve({ ok: false, reason: `every layer must be GREEN before a merge; now: ${notGreen}. Work the action items first.` });
    return this.merge.planMerge(pr);
  }

  async planPrRollback(pr: number): Promise<PlanResult> {
    if (!this.merge) return { ok: false, reason: NOT_WIRED_MERGE };
    const no = this.refused('rollback');
    if (no) return no;
    // The loop holds the plan (bound to the merge commit it reverts) until it runs.
    return this.merge.planRollback ? this.merge.planRollback(pr) : { ok: false, reason: 'this merge loop cannot roll back' };
  }

  runMerge(request: ConfirmRequest, typed: string, options: { tick?: boolean; insideStep?: boolean } = {}): Promise<ActionResult> {
    const merge = this.merge;
    if (!merge) return Promise.resolve({ ok: false, reason: NOT_WIRED_MERGE });
    // A merge inside a composed step already holds the step's slot; escalation still stops it.
    if (options.insideStep) return this.arbiter.halted ? Promise.resolve(this.refused('merge')!) : this.runMergeNow(request, typed, options);
    const kind: ActivityKind = request.action === 'rollback' ? 'rollback' : 'merge';
    const what =
      request.action === 'scale-down'
        ? `the scale-down of PR #${request.binding.id}'s dependents`
        : `${kind === 'rollback' ? 'the rollback' : 'the merge'} of PR #${request.binding.id}`;
    return this.arbiter.run({ kind, what, howToStop: 'the stop-wait key (x) or Ctrl-C ends its sync wait' }, () => this.runMergeNow(request, typed, options));
  }

  private runMergeNow(request: ConfirmRequest, typed: string, options: { tick?: boolean }): Promise<ActionResult> {
    if (!this.merge) return Promise.resolve({ ok: false, reason: NOT_WIRED_MERGE });
    if (!this.isCurrent(request.binding))
      return Promise.resolve({ ok: false, reason: `${request.binding.kind} ${request.binding.id} changed since it was confirmed` });
    return this.merge.run(request, typed, options);
  }

  stopMergeLoop(): void {
    this.merge?.stop();
  }

  async protocolNext(pr: number): Promise<ProtocolNext> {
    const protocol = this.merge?.protocol;
    if (!protocol) return { kind: 'none', message: NOT_WIRED_MERGE };
    try {
      return await protocol.next(pr);
    } catch (err) {
      return { kind: 'none', message: redactSecrets(oneLine(err)) };
    }
  }

  protocolAct(pr: number, input: ProtocolInput): Promise<ActionResult> {
    const protocol = this.merge?.protocol;
    if (!protocol) return Promise.resolve({ ok: false, reason: NOT_WIRED_MERGE });
    // It records in the issue (and the backup reads the database): refused in read-only mode here, not only hidden.
    if (this.o.mode === 'READ-ONLY') return Promise.resolve({ ok: false, reason: 'read-only: the upgrade protocol is off (--read-only)' });
    const no = this.refused('merge');
    if (no) return Promise.resolve(no);
    const what = input.kind === 'backup' ? `the backup for PR #${pr}` : `the protocol of PR #${pr}`;
    return this.arbiter.run({ kind: 'merge', what, howToStop: 'it ends by itself (bounded)' }, () => protocol.act(pr, input));
  }

  async planProtocolScaleDown(pr: number): Promise<PlanResult> {
    const protocol = this.merge?.protocol;
    if (!protocol) return { ok: false, reason: NOT_WIRED_MERGE };
    if (this.o.mode === 'READ-ONLY') return { ok: false, reason: 'read-only: scaling dependents is off (--read-only)' };
    const no = this.refused('merge');
    if (no) return no;
    return protocol.planScaleDown(pr);
  }

  resumeMergeLoop(): ActionResult {
    if (!this.merge) return { ok: false, reason: NOT_WIRED_MERGE };
    if (!this.merge.resume) return { ok: false, reason: 'this merge loop cannot be resumed from here' };
    const loop = this.stores.queue.getState().loop;
    if (loop?.phase !== 'stopped') return { ok: false, reason: 'the merge loop is not stopped: nothing to continue' };
    this.merge.resume();
    return { ok: true, message: `merge loop continues after PR #${loop.pr}; the next merge still needs every layer GREEN` };
  }

  runRecon(): Promise<ActionResult> {
    return this.recon.run('operator');
  }

  addReconItems(ids: readonly string[]): Promise<ActionResult> {
    const no = this.refused('step');
    return no ? Promise.resolve(no) : this.recon.add(ids);
  }

  prepareClosure(): Promise<ActionResult> {
    return this.closure.prepare();
  }

  addClosureLesson(text: string): ActionResult {
    return this.closure.addLesson(text);
  }

  confirmClosure(typed: string): Promise<ActionResult> {
    return this.closure.confirm(typed);
  }

  cancelClosure(): Promise<void> {
    return this.closure.cancel();
  }

  loadRelated(): Promise<ActionResult> {
    return this.related.load();
  }

  toggleRelated(number: number): void {
    this.related.toggle(number);
  }

  planRelated(number: number): Promise<PlanResult> {
    return this.related.plan(number);
  }

  runRelated(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    return this.related.run(request, typed);
  }

  editText(request: { initial: string; fileName?: string }): Promise<EditResult> {
    return this.o.editor ? this.o.editor(request) : Promise.resolve({ ok: false, reason: 'no editor in this build' });
  }

  /** A write of ours that landed late over lines a person saved: said on screen and kept in the journal. */
  private recordLateWrite(number: number, late: LateWrite & { description: string }): void {
    const n = late.lines.length;
    const detail = `#${number}: a late write of "${late.description}" removed ${n} saved line${n === 1 ? '' : 's'}; ${
      late.restored ? 'put back' : 'the issue changed again, so not written back — check the issue'
    }: ${late.lines[0] ?? ''}`;
    this.say(late.restored ? 'warn' : 'error', detail);
    this.o.journal?.append({
      type: 'event',
      stepId: null,
      at: new Date(this.o.now?.() ?? Date.now()).toISOString(),
      event: 'body-updated',
      detail: redactSecrets(detail),
    });
  }

  quitGuard(): QuitGuard {
    const running = this.arbiter.running;
    const reason = this.steps?.busy() ?? this.merge?.busy() ?? (running ? `${running.what} is running` : null);
    return { busy: reason !== null, reason };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.recon.stop();
    this.issue?.stop();
    this.offline?.stop();
    this.offLateWrite?.();
    this.queue?.stop();
    this.grader?.stop();
    this.watcher?.stop();
    this.alertSource?.stop();
    // First the record: a step running or awaiting its verdict, a merge waiting, is written down as
    // interrupted (issue and journal) while Gitea is still reachable; then everything stops.
    await Promise.allSettled([this.steps?.close?.(), this.merge?.close?.(), this.closure.cancel()]);
    this.merge?.stop();
    this.steps?.cancel();
    await Promise.allSettled([this.ceph?.close(), this.o.gitea?.client.close()]);
  }
}

/** The arbiter's kind for a confirmed step-engine plan; null for what the step engine does not run. */
function activityOf(action: ConfirmRequest['action']): ActivityKind | null {
  switch (action) {
    case 'run-step':
    case 'tick':
      return 'step';
    case 'rollback':
      return 'rollback';
    case 'escalate':
      return 'escalation';
    case 'safe-state':
      return 'safe-state';
    case 'merge':
    case 'scale-down': // a protocol stage: runMerge runs it (the merge loop's port), never the step engine
    case 'resume':
    case 'quit':
    case 'close': // a related close runs through runRelated (the guarded close), never the step engine
      return null;
    default:
      return unhandled(action);
  }
}

/** Compile-time exhaustiveness: a new kind or action that reaches here unhandled fails to type-check. */
function unhandled(x: never): never {
  throw new Error(`unhandled: ${String(x)}`);
}
