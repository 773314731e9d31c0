import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectPod } from '../../domain/health/project-pod.js';
import { asRecord, type RawObject } from '../../domain/health/raw.js';
import type { ApplicationView, CephHealthInput, ExternalSecretView, PodView } from '../../domain/health/types.js';
import { errorLine } from '../../domain/redact.js';
import type { QueueEntry } from '../../domain/renovate/types.js';
import type { ActionResult, ConfirmRequest, PlanResult, ProtocolInput, ProtocolNext } from '../../domain/console-engine.js';
import {
  parseAnswer,
  ASSESSMENT_QUESTIONS,
  assessmentLines,
  suggestAnswers,
  unanswered,
  type AssessmentAnswers,
  type AssessmentQuestion,
} from '../../domain/upgrade/assessment.js';
import { crdDiffLines, crdsOwnedBy, diffCrdSnapshots, type CrdLike } from '../../domain/upgrade/crd-diff.js';
import { engineOfPackage, formatBytes } from '../../domain/upgrade/database.js';
import { dependentsOf, dependentWorkloads, podsRunningPackage, type PodFacts } from '../../domain/upgrade/dependents.js';
import {
  errorLines,
  gate1,
  gate2,
  newRestarts,
  postUpgradeLines,
  postUpgradeProblems,
  type GateVerdict,
  type PostUpgradeReport,
} from '../../domain/upgrade/gates.js';
import { countdown, outOfOrder, validOrderReason, windowRefusal, windowRemaining } from '../../domain/upgrade/order.js';
import { formatDuration, protocolFor, protocolSteps, type ProtocolOptions } from '../../domain/upgrade/protocol.js';
import { breakingChangeLines, extractBreakingChanges } from '../../domain/upgrade/release-notes.js';
import { recoveryProcedureLines, rollbackPlanLines } from '../../domain/upgrade/rollback-plan.js';
import type { ProtocolRun, StepStatus, UpgradeStore } from '../../store/upgrade-store.js';
import type { AfterMergeContext, AfterMergeResult } from '../renovate/guard.js';
import { WaitStoppedError } from '../kube/wait.js';
import type { ActionContext } from '../kube/actions/context.js';
import { scaleWorkload } from '../kube/actions/scale.js';
import { classifyLivePull } from '../renovate/live-queue.js';
import { systemClock, type AppControl, type Clock, type RenovateGitea } from '../renovate/ports.js';
import { backupDatabase, type BackupReport, type ScratchConfig } from './backup.js';

/** Where protocol steps are written down: a Change Log row in the maintenance issue and a journal event. */
export interface ProtocolRecorder {
  record(entry: { pr: number; step: string; result: string; lines?: string[] }): Promise<void>;
}

/** Gate 2's inputs (the stores the informers and the Ceph service keep). */
export interface FunctionalInputs {
  applications(): ApplicationView[];
  externalSecrets(): ExternalSecretView[];
  ceph(): CephHealthInput | null;
  /** Alerts firing now (Alertmanager), one line each; null when no alert source is wired. */
  alerts?(): Promise<string[] | null>;
}

export interface UpgradeRunnerOptions {
  gitea: RenovateGitea;
  apps: AppControl;
  kube: () => ActionContext;
  store: UpgradeStore;
  recorder: ProtocolRecorder;
  functional: FunctionalInputs;
  backupDir: string;
  crdDir: string;
  scratch?: { postgresql?: ScratchConfig; redis?: ScratchConfig };
  protocol?: ProtocolOptions;
  clock?: Clock;
  /** How long Gate 1 waits for the component's pods to be Running after the sync. */
  podWaitMs?: number;
  /** How long each dependent gets to scale (down: to 0 and its pods gone; up: back to ready). */
  scaleWaitMs?: number;
  pollMs?: number;
}

interface Dependent {
  kind: 'deployment' | 'statefulset';
  namespace: string;
  name: string;
  via: string;
  replicas: number;
}

interface RunExtras {
  entry: QueueEntry;
  answers: AssessmentAnswers;
  componentPods: Array<{ namespace: string; name: string; labels: Record<string, string> }>;
  db: { namespace: string; pod: string; service: string } | null;
  dependents: Dependent[];
  crdBefore: CrdLike[] | null;
  crdNames: string[];
  restartBaseline: Map<string, number>;
  /** What the release notes suggest for each assessment question (shown with it, never recorded as the answer). */
  suggestions: Partial<Record<AssessmentQuestion['id'], string>>;
}

const short = (s: string | null | undefined) => (s ?? '').slice(0, 7);

/**
 * Runs a major or database PR through its protocol (workflow Phases 5–7). The merge itself stays the
 * merge loop's: this service prepares (pre-flight, backup, scale-down), tells the loop what still
 * blocks the merge (`blockers`), and after the merge runs Gates 1–2, brings dependents back one at a
 * time, diffs CRDs, reads the post-upgrade validation and opens the stabilisation window (Gate 3)
 * that the next major waits for. Every step is recorded in the issue's Change Log and the journal.
 */
export class UpgradeRunner {
  private readonly extras = new Map<number, RunExtras>();
  private readonly clock: Clock;
  /** The stop of the wait in progress (scale-down, Gate 1, scale-up), if any. */
  private waitStop: AbortController | null = null;
  private closing = false;
  /** Alerts already firing when the window opened: Gate 3 watches for new ones. */
  private alertBaseline = new Set<string>();

  constructor(private readonly o: UpgradeRunnerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  get store(): UpgradeStore {
    return this.o.store;
  }

  private run(pr: number): ProtocolRun {
    const r = this.o.store.getState().runs[pr];
    if (!r) throw new Error(`no protocol started for PR #${pr}: prepare it first`);
    return r;
  }

  private patch(pr: number, fn: (r: ProtocolRun) => ProtocolRun): void {
    const runs = this.o.store.getState().runs;
    const r = runs[pr];
    if (r) this.o.store.setState({ runs: { ...runs, [pr]: fn(r) } });
  }

  private async step(pr: number, id: string, status: StepStatus, detail: string, lines: string[] = []): Promise<void> {
    const r = this.o.store.getState().runs[pr];
    const s = r?.steps.find((x) => x.id === id);
    if (!r || !s) return;
    this.patch(pr, (x) => ({ ...x, steps: x.steps.map((y) => (y.id === id ? { ...y, status, detail } : y)) }));
    if (status === 'running') return;
    const word = status === 'done' ? 'verified' : status === 'failed' ? 'FAILED' : status === 'cancelled' ? 'CANCELLED' : status;
    await this.o.recorder
      .record({ pr, step: `${r.protocol.upgradeClass} protocol, ${s.stage}: ${s.text}`, result: `${word}: ${detail}`, lines })
      .catch(() => undefined);
  }

  private note(pr: number, ...lines: string[]): void {
    this.patch(pr, (r) => ({ ...r, notes: [...r.notes, ...lines] }));
  }

  /**
   * Ends the protocol wait in progress (the console's stop key, the same as the merge wait's):
   * the step it belongs to is recorded as cancelled. True when a wait was stopped.
   */
  /** What protocol wait is in progress (quitting would interrupt it), else null. */
  busy(): string | null {
    const w = this.o.store.getState().waiting;
    return w ? `PR #${w.pr}: ${w.label}` : null;
  }

  /** The session closes: a wait in progress ends and is recorded as interrupted by the quit. */
  close(): void {
    this.closing = true;
    this.waitStop?.abort();
  }

  stop(): boolean {
    const c = this.waitStop;
    if (!c || c.signal.aborted) return false;
    c.abort();
    return true;
  }

  /**
   * A bounded wait the operator can stop: published in the store (the header's countdown, the
   * stop key's target) while it runs; `outer` is the merge loop's stop (its key and a quit).
   */
  private beginWait(pr: number, label: string, ms: number, outer?: AbortSignal): { signal: AbortSignal; deadline: number; end(): void } {
    const ctl = new AbortController();
    this.waitStop = ctl;
    const deadline = this.clock.now() + ms;
    this.o.store.setState({ waiting: { pr, label, deadline, waitMs: ms } });
    const signal = outer ? AbortSignal.any([outer, ctl.signal]) : ctl.signal;
    return {
      signal,
      deadline,
      end: () => {
        if (this.waitStop === ctl) this.waitStop = null;
        if (this.o.store.getState().waiting?.label === label) this.o.store.setState({ waiting: null });
      },
    };
  }

  private secondsLeft(deadline: number): number {
    return Math.max(0, Math.round((deadline - this.clock.now()) / 1000));
  }

  /** The protocol this PR needs, or null (it merges through the plain loop). */
  async protocolOf(pr: number): Promise<{ entry: QueueEntry; protocol: ReturnType<typeof protocolFor> }> {
    const pull = await this.o.gitea.getPull(pr);
    const apps = await this.o.apps.list().catch(() => []);
    const { entry } = await classifyLivePull(this.o.gitea, pull, { apps, now: new Date(this.clock.now()) });
    return { entry, protocol: protocolFor(entry, this.o.protocol) };
  }

  // ── stage 1: prepare ─────────────────────────────────────────────────────────────────────────

  /** Starts (or restarts, after a new push) the protocol and runs the pre-flight steps that need no answer. */
  async prepare(pr: number): Promise<ProtocolRun> {
    const pull = await this.o.gitea.getPull(pr);
    const apps = await this.o.apps.list().catch(() => []);
    const { entry } = await classifyLivePull(this.o.gitea, pull, { apps, now: new Date(this.clock.now()) });
    const protocol = protocolFor(entry, this.o.protocol);
    if (!protocol) throw new Error(`PR #${pr} is a ${entry.updateType} ${entry.category} update: it merges through the plain loop, no protocol`);
    const steps = protocolSteps(protocol).map((s) => ({ id: s.id, stage: s.stage, text: s.text, status: 'pending' as StepStatus, detail: null }));
    const run: ProtocolRun = { pr, title: pull.title, headSha: pull.head.sha, protocol, steps, notes: [], backup: null, finished: null };
    this.o.store.setState({ runs: { ...this.o.store.getState().runs, [pr]: run } });
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
    this.extras.set(pr, x);
    await this.o.recorder
      .record({
        pr,
        step: `${protocol.upgradeClass} protocol started (risk ${protocol.risk}; ${protocol.requiredPrep})`,
        result: protocol.stages.map((s) => s.title).join(' → '),
      })
      .catch(() => undefined);

    // Breaking changes (5.1).
    const notes = extractBreakingChanges(pull.body);
    const lines = breakingChangeLines(notes);
    this.note(pr, 'Breaking changes:', ...lines);
    const suggestions = suggestAnswers(notes);
    x.suggestions = suggestions;
    this.note(
      pr,
      'Assessment (answer each: yes: … / no / unknown):',
      ...ASSESSMENT_QUESTIONS.map((q) => `  ${q.text}${suggestions[q.id] ? `  (release notes: ${suggestions[q.id]})` : ''}`),
    );
    await this.step(
      pr,
      'breaking-changes',
      'done',
      notes.present ? `${notes.changes.length} line(s) say breaking/removed/deprecated/migration` : notes.absentReason!,
      lines,
    );

    // Dependency check (5.1.2): every pod whose image is the package.
    const ctx = this.o.kube();
    const pods = await this.podFacts(ctx);
    const running = podsRunningPackage(pods.facts, entry.packages);
    x.componentPods = running.map((h) => ({ namespace: h.pod.namespace, name: h.pod.name, labels: pods.labels.get(`${h.pod.namespace}/${h.pod.name}`) ?? {} }));
    const depLines = running.map((h) => `- ${h.pod.namespace}/${h.pod.name}: ${h.image}`);
    this.note(pr, `Dependency check: ${running.length} pod(s) run ${entry.packages.map((p) => p.name).join(', ')}`, ...depLines);
    await this.step(
      pr,
      'dependency-check',
      'done',
      running.length ? running.map((h) => `${h.pod.namespace}/${h.pod.name}`).join(', ') : 'no pod runs the package (chart or library update)',
      depLines,
    );

    // CRD snapshot (7.1).
    if (steps.some((s) => s.id === 'crd-snapshot')) await this.snapshotCrds(pr, x);

    // The PR's changes (the dry run of a GitOps merge: what will be applied where).
    const files = entry.changedFiles ?? [];
    await this.step(
      pr,
      'diff-review',
      'done',
      `${files.length} file(s): ${files.slice(0, 4).join(', ')}${files.length > 4 ? ' …' : ''}; Applications: ${entry.affectedApps.join(', ') || 'none'}`,
    );

    if (protocol.database) await this.identifyDatabase(pr, x, ctx, pods);
    await this.writeRollbackPlan(pr);
    return this.run(pr);
  }

  private async podFacts(ctx: ActionContext): Promise<{ facts: PodFacts[]; labels: Map<string, Record<string, string>>; raw: RawObject[] }> {
    const list = await ctx.http.get<{ items?: RawObject[] }>('/api/v1/pods');
    const labels = new Map<string, Record<string, string>>();
    const facts = (list.items ?? []).map((p) => {
      const spec = asRecord(p.spec);
      const containers =
        (spec.containers as
          | Array<{
              image?: string;
              env?: Array<{
                name?: string;
                value?: string;
                valueFrom?: { configMapKeyRef?: { name?: string; key?: string }; secretKeyRef?: { name?: string; key?: string } };
              }>;
              envFrom?: Array<{ configMapRef?: { name?: string } }>;
            }>
          | undefined) ?? [];
      const volumes = (spec.volumes as Array<{ configMap?: { name?: string } }> | undefined) ?? [];
      const owner = p.metadata?.ownerReferences?.find((o) => o.controller) ?? p.metadata?.ownerReferences?.[0];
      let workload: PodFacts['workload'] = owner?.kind && owner.name ? { kind: owner.kind, name: owner.name } : null;
      // A Deployment's pods belong to a ReplicaSet NAME-HASH; the pod-template-hash label names the hash.
      const hash = p.metadata?.labels?.['pod-template-hash'];
      if (workload?.kind === 'ReplicaSet' && hash && workload.name.endsWith(`-${hash}`))
        workload = { kind: 'Deployment', name: workload.name.slice(0, -hash.length - 1) };
      labels.set(`${p.metadata?.namespace}/${p.metadata?.name}`, p.metadata?.labels ?? {});
      return {
        namespace: p.metadata?.namespace ?? '',
        name: p.metadata?.name ?? '',
        phase: String(asRecord(p.status).phase ?? ''),
        images: containers.map((c) => c.image ?? '').filter(Boolean),
        env: containers.flatMap((c) =>
          (c.env ?? []).map((e) =>
            e.value !== undefined
              ? `${e.name}=${e.value}`
              : e.valueFrom?.configMapKeyRef
                ? `configmap/${e.valueFrom.configMapKeyRef.name}:${e.valueFrom.configMapKeyRef.key}`
                : `${e.name}`,
          ),
        ),
        configMaps: [
          ...containers.flatMap((c) => (c.envFrom ?? []).map((e) => e.configMapRef?.name ?? '')),
          ...volumes.map((v) => v.configMap?.name ?? ''),
        ].filter(Boolean),
        workload,
      };
    });
    return { facts, labels, raw: list.items ?? [] };
  }

  private async snapshotCrds(pr: number, x: RunExtras): Promise<void> {
    try {
      const crds = await this.readCrds();
      const names = [...x.entry.packages.map((p) => p.name.split('/').pop()!), ...x.entry.affectedApps];
      const owned = crdsOwnedBy(crds, { names });
      x.crdBefore = owned;
      x.crdNames = owned.map((c) => c.metadata?.name ?? '?');
      const file = this.crdFile(pr, 'before');
      mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
      writeFileSync(file, `${JSON.stringify(owned, null, 2)}\n`, { mode: 0o600 });
      await this.step(
        pr,
        'crd-snapshot',
        'done',
        `${owned.length} CRD(s) of ${names.join(', ')} saved to ${file}`,
        x.crdNames.map((n) => `- ${n}`),
      );
    } catch (err) {
      await this.step(pr, 'crd-snapshot', 'failed', `could not read CRDs: ${errorLine(err)}`);
    }
  }

  private async readCrds(): Promise<CrdLike[]> {
    const list = await this.o.kube().http.get<{ items?: CrdLike[] }>('/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    return list.items ?? [];
  }

  crdFile(pr: number, when: 'before' | 'after' | 'diff'): string {
    return path.join(this.o.crdDir, `pr-${pr}-${when}.${when === 'diff' ? 'txt' : 'json'}`);
  }

  /** 6.1 step 1 and 6.2's dependents: the database pod, its Service, and the pods that name it. */
  private async identifyDatabase(pr: number, x: RunExtras, ctx: ActionContext, pods: { facts: PodFacts[]; raw: RawObject[] }): Promise<void> {
    const engines = x.entry.packages.map((p) => engineOfPackage(p.name)).filter(Boolean);
    const dbPod = x.componentPods[0];
    if (!dbPod || engines.length === 0) {
      await this.step(pr, 'db-identify', 'failed', 'no running pod of the database package found: the backup cannot be taken');
      return;
    }
    const services = await ctx.http
      .get<{ items?: RawObject[] }>(`/api/v1/namespaces/${encodeURIComponent(dbPod.namespace)}/services`)
      .catch(() => ({ items: [] as RawObject[] }));
    const svc = (services.items ?? []).find((s) => {
      const sel = asRecord(asRecord(s.spec).selector) as Record<string, string>;
      return Object.keys(sel).length > 0 && Object.entries(sel).every(([k, v]) => dbPod.labels[k] === v);
    });
    const service = svc?.metadata?.name ?? dbPod.labels['app.kubernetes.io/instance'] ?? dbPod.name.replace(/-\d+$/, '');
    x.db = { namespace: dbPod.namespace, pod: dbPod.name, service };
    const cms = await ctx.http.get<{ items?: RawObject[] }>('/api/v1/configmaps').catch(() => ({ items: [] as RawObject[] }));
    const configMaps = (cms.items ?? []).map((c) => ({
      namespace: c.metadata?.namespace ?? '',
      name: c.metadata?.name ?? '',
      data: (c as { data?: Record<string, string> }).data ?? {},
    }));
    const deps = dependentsOf(
      pods.facts,
      { namespace: dbPod.namespace, service, pods: x.componentPods.filter((p) => p.namespace === dbPod.namespace).map((p) => p.name) },
      configMaps,
    );
    const workloads = dependentWorkloads(deps);
    x.dependents = [];
    for (const w of workloads) {
      const obj = await ctx.http
        .get<RawObject>(`/apis/apps/v1/namespaces/${encodeURIComponent(w.namespace)}/${w.kind}s/${encodeURIComponent(w.name)}`)
        .catch(() => null);
      const replicas = Number(asRecord(obj?.spec).replicas ?? 1);
      x.dependents.push({ ...w, replicas: Number.isFinite(replicas) ? replicas : 1 });
    }
    await this.step(pr, 'db-identify', 'done', `${dbPod.namespace}/${dbPod.name} behind Service ${service} (version read by the backup)`);
    const lines = x.dependents.map((d) => `- ${d.kind}/${d.namespace}/${d.name} (${d.replicas} replica${d.replicas === 1 ? '' : 's'}) — ${d.via}`);
    this.note(pr, `Dependents of ${service}.${dbPod.namespace}: ${x.dependents.length}`, ...lines);
    await this.step(
      pr,
      'db-dependents',
      'done',
      x.dependents.length ? x.dependents.map((d) => `${d.kind}/${d.namespace}/${d.name}`).join(', ') : 'no pod names the database Service',
      lines,
    );
  }

  private async writeRollbackPlan(pr: number): Promise<void> {
    const r = this.run(pr);
    const x = this.extras.get(pr)!;
    const pull = await this.o.gitea.getPull(pr);
    const lines = rollbackPlanLines({
      entry: x.entry,
      repo: this.o.gitea.repoName,
      baseBranch: pull.base.ref,
      baseSha: pull.base.sha || null,
      backup:
        r.backup && x.db ? { path: r.backup.file, size: r.backup.size, engine: r.backup.engine as never, namespace: x.db.namespace, pod: x.db.pod } : null,
      crdSnapshot: x.crdBefore ? this.crdFile(pr, 'before') : null,
      apps: x.entry.affectedApps,
      database: r.protocol.database,
    });
    this.note(pr, 'Rollback plan:', ...lines);
    const pending = r.protocol.database && !r.backup;
    await this.step(
      pr,
      'rollback-plan',
      pending ? 'running' : 'done',
      pending ? 'written; the backup location follows the backup' : 'written into the issue',
      lines,
    );
  }

  /** Records one assessment answer (`yes: …`, `no`, `unknown`); returns why it was refused, or null. */
  async answer(pr: number, question: AssessmentQuestion['id'], typed: string): Promise<string | null> {
    this.run(pr);
    const x = this.extras.get(pr)!;
    const a = parseAnswer(typed);
    if ('error' in a) return a.error;
    x.answers[question] = a;
    const left = unanswered(x.answers);
    if (left.length === 0) await this.step(pr, 'assessment', 'done', 'all five answered', assessmentLines(x.answers));
    else
      this.patch(pr, (r) => ({
        ...r,
        steps: r.steps.map((s) => (s.id === 'assessment' ? { ...s, status: 'running', detail: `${5 - left.length} of 5 answered` } : s)),
      }));
    return null;
  }

  unansweredQuestions(pr: number): AssessmentQuestion[] {
    return unanswered(this.extras.get(pr)?.answers ?? {});
  }

  /** 6.1 steps 2–4: the backup streamed off the database pod and verified, then the recovery procedure. */
  async backup(pr: number, onProgress?: (bytes: number) => void): Promise<BackupReport> {
    const r = this.run(pr);
    const x = this.extras.get(pr)!;
    if (!r.protocol.database) throw new Error(`PR #${pr} is not a database upgrade`);
    if (!x.db) throw new Error('the database pod was not identified: prepare the protocol again');
    await this.step(pr, 'db-backup', 'running', `streaming from ${x.db.namespace}/${x.db.pod}`);
    const engine = engineOfPackage(x.entry.packages.find((p) => engineOfPackage(p.name))?.name ?? '');
    const scratch = engine === 'postgresql' ? this.o.scratch?.postgresql : engine === 'redis' ? this.o.scratch?.redis : undefined;
    const report = await backupDatabase(this.o.kube(), {
      namespace: x.db.namespace,
      pod: x.db.pod,
      dir: this.o.backupDir,
      scratch: scratch ?? null,
      now: () => new Date(this.clock.now()),
      onProgress,
    });
    if (report.file && report.size >= 0 && report.target)
      await this.step(
        pr,
        'db-identify',
        'done',
        `${report.target.namespace}/${report.target.pod}: ${report.target.engine} ${report.target.version ?? '(version unknown)'}${report.target.versionLine ? ` — ${report.target.versionLine}` : ''}`,
      );
    this.note(pr, 'Backup:', ...report.lines);
    if (!report.ok) {
      // Both steps say how this attempt ended (a step left running would read as still streaming).
      const streamed = report.size > 0 && report.file !== null;
      if (streamed) await this.step(pr, 'db-backup', 'done', `${report.file} (${formatBytes(report.size)}) streamed, then refused at verification`);
      else await this.step(pr, 'db-backup', 'failed', report.problems.join('; '), report.lines);
      await this.step(pr, 'db-verify', 'failed', streamed || report.verdict ? report.problems.join('; ') : 'no backup to verify', report.lines);
      return report;
    }
    await this.step(pr, 'db-backup', 'done', `${report.file} (${formatBytes(report.size)})`);
    await this.step(
      pr,
      'db-verify',
      'done',
      report.lines
        .filter((l) => l.startsWith('check: ') || l.startsWith('restore check: '))
        .map((l) => l.replace(/^check: /, ''))
        .join('; '),
      report.lines,
    );
    this.patch(pr, (y) => ({
      ...y,
      backup: { file: report.file!, size: report.size, engine: report.target!.engine, namespace: x.db!.namespace, pod: x.db!.pod },
    }));
    const recovery = recoveryProcedureLines({
      engine: report.target!.engine,
      namespace: x.db.namespace,
      pod: x.db.pod,
      backupPath: report.file!,
      user: report.target!.user,
      dependents: x.dependents,
    });
    this.note(pr, ...recovery);
    await this.step(pr, 'db-recovery', 'done', 'written into the issue', recovery);
    await this.writeRollbackPlan(pr);
    return report;
  }

  /** 6.2 [STOP]: every dependent scaled to 0, one at a time, each confirmed at 0 ready before the next. */
  async scaleDown(pr: number): Promise<{ ok: boolean; message: string }> {
    const r = this.run(pr);
    const x = this.extras.get(pr)!;
    const missing = this.missingBefore(pr, 'scale-down');
    if (missing.length) return { ok: false, message: `not yet: ${missing.join('; ')}` };
    if (this.waitStop) return { ok: false, message: 'another protocol wait is in progress' };
    const ctx = this.o.kube();
    const done: string[] = [];
    for (const d of x.dependents) {
      await this.step(pr, 'scale-down', 'running', `scaling ${d.kind}/${d.namespace}/${d.name} to 0 (${done.length + 1} of ${x.dependents.length})`);
      // Each dependent's wait is bounded (120 s to scale, 120 s for its pods to go) and stoppable.
      const wait = this.beginWait(pr, `scale-down of ${d.kind}/${d.namespace}/${d.name}`, this.o.scaleWaitMs ?? 240_000);
      try {
        const half = Math.round((this.o.scaleWaitMs ?? 240_000) / 2);
        await scaleWorkload(ctx, { kind: d.kind, namespace: d.namespace, name: d.name, replicas: 0, timeoutMs: half, signal: wait.signal });
        // Confirmed only when its pods are gone (Terminating ones still hold connections to the database).
        const left = await this.waitPodsGone(ctx, d, half, wait.signal);
        if (wait.signal.aborted) throw new WaitStoppedError(`${d.kind}/${d.name}'s pods to go`, `${left.length} left`);
        if (left.length) throw new Error(`still has ${left.length} pod(s) after ${Math.round(half / 1000)} s: ${left.join(', ')}`);
        done.push(`${d.kind}/${d.namespace}/${d.name} 0/0`);
        await this.o.recorder
          .record({ pr, step: `database protocol, execute: scaled ${d.kind}/${d.namespace}/${d.name} to 0`, result: 'confirmed: 0 replicas ready' })
          .catch(() => undefined);
      } catch (err) {
        const stopped = err instanceof WaitStoppedError;
        const why = stopped && this.closing ? `interrupted: the console quit while waiting for ${d.kind}/${d.name} to scale to 0` : errorLine(err);
        const detail = `${d.kind}/${d.namespace}/${d.name}: ${why}${stopped ? ` (${this.secondsLeft(wait.deadline)} s were left); ${done.length} of ${x.dependents.length} at 0` : ''}`;
        await this.step(pr, 'scale-down', stopped ? 'cancelled' : 'failed', detail);
        return { ok: false, message: `scale-down ${stopped ? 'stopped' : 'failed'}: ${detail}` };
      } finally {
        wait.end();
      }
    }
    await this.step(pr, 'scale-down', 'done', done.length ? done.join(', ') : 'no dependents to stop');
    void r;
    return { ok: true, message: `${done.length} dependent(s) at 0` };
  }

  /** The workload's pods (by its selector) still present after `timeoutMs`, or none. */
  private async waitPodsGone(ctx: ActionContext, d: Dependent, timeoutMs: number, signal?: AbortSignal): Promise<string[]> {
    const w = await ctx.http.get<RawObject>(`/apis/apps/v1/namespaces/${encodeURIComponent(d.namespace)}/${d.kind}s/${encodeURIComponent(d.name)}`);
    const labels = asRecord(asRecord(asRecord(w.spec).selector).matchLabels) as Record<string, string>;
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (!selector) return [];
    const deadline = this.clock.now() + timeoutMs;
    for (;;) {
      const pods = await ctx.http.get<{ items?: RawObject[] }>(`/api/v1/namespaces/${encodeURIComponent(d.namespace)}/pods`, { labelSelector: selector });
      const names = (pods.items ?? []).map((p) => p.metadata?.name ?? '?');
      if (names.length === 0 || this.clock.now() >= deadline || signal?.aborted) return names;
      await this.clock.sleep(this.o.pollMs ?? 1_000, signal);
    }
  }

  /** Steps of the stages up to (not including) `before` that are not verified, as text. */
  private missingBefore(pr: number, before: string): string[] {
    const r = this.run(pr);
    const idx = r.steps.findIndex((s) => s.id === before);
    return r.steps
      .slice(0, idx < 0 ? r.steps.length : idx)
      .filter((s) => s.status !== 'done' && s.status !== 'skipped')
      .map((s) => `${s.text}${s.status === 'failed' ? ` — FAILED: ${s.detail}` : ''}`);
  }

  // ── the merge loop's side ─────────────────────────────────────────────────────────────────────

  /** Records the operator's typed reason for taking PR `pr` out of the workflow's order. */
  async setOrderReason(pr: number, reason: string): Promise<string | null> {
    const problem = validOrderReason(reason);
    if (problem) return problem;
    this.o.store.setState({ orderReasons: { ...this.o.store.getState().orderReasons, [pr]: reason.trim() } });
    await this.o.recorder.record({ pr, step: `PR #${pr} taken out of the merge order`, result: `reason: ${reason.trim()}` }).catch(() => undefined);
    return null;
  }

  /**
   * What blocks merging `entry` now beyond the loop's own checks: a major during another's
   * stabilisation window (with the time left); a PR out of order without a recorded reason; a
   * protocol whose steps before the merge are not all verified (or a new head since they were).
   */
  blockers(entry: QueueEntry, queue: readonly QueueEntry[]): string[] {
    const out: string[] = [];
    const st = this.o.store.getState();
    const protocol = protocolFor(entry, this.o.protocol);
    if (protocol || entry.updateType === 'major') {
      const refusal = windowRefusal(st.window, this.clock.now(), entry.number);
      if (refusal) out.push(refusal);
    }
    // A major or database update taken before safer PRs needs a typed reason; other PRs keep the loop's
    // advisory note (a runbook may merge a minor first). PRs the loop cannot take now (CI red,
    // conflicting) do not hold the order.
    const ooo = protocol ? this.orderProblem(entry, queue) : null;
    if (ooo) out.push(ooo);
    if (protocol) {
      const run = st.runs[entry.number];
      if (!run)
        out.push(
          `${protocol.upgradeClass} protocol (${protocol.risk}): not started — prepare it first (pre-flight${protocol.database ? ', backup, dependents' : ''})`,
        );
      else if (run.headSha && entry.headSha && run.headSha !== entry.headSha)
        out.push(`the PR head moved since its protocol was prepared (${short(run.headSha)} → ${short(entry.headSha)}): prepare it again`);
      else {
        const missing = this.missingBefore(entry.number, 'merge');
        if (missing.length) out.push(`${protocol.upgradeClass} protocol: ${missing.length} step(s) before the merge not verified: ${missing.join('; ')}`);
      }
    }
    return out;
  }

  /** Taking `entry` before a safer PR the loop could take now, with no recorded reason: what to say, else null. */
  private orderProblem(entry: QueueEntry, queue: readonly QueueEntry[]): string | null {
    if (this.o.store.getState().orderReasons[entry.number]) return null;
    // PRs the loop cannot take now (CI red, conflicting) do not hold the order.
    const candidates = queue.filter((e) => e.ci !== 'failure' && e.ci !== 'error' && e.mergeable !== false);
    const ooo = outOfOrder(candidates, entry.number);
    return ooo
      ? `out of order: PR #${ooo.next.number} (${ooo.next.category}, order ${ooo.next.order}) comes first — type a reason to take PR #${entry.number} now`
      : null;
  }

  // ── the console's side: what the protocol needs next, and each stage on the operator's word ────

  /** What PR `pr`'s protocol needs next from the operator, in the protocol's order. */
  async next(pr: number, queue: readonly QueueEntry[]): Promise<ProtocolNext> {
    const st = this.o.store.getState();
    const run = st.runs[pr];
    let entry = run ? this.extras.get(pr)?.entry : undefined;
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
        message: `PR #${pr}'s protocol ${run.finished}${w ? ` (stabilising: ${countdown(windowRemaining(w, this.clock.now()))} left)` : ''}`,
      };
    }
    const refusal = windowRefusal(st.window, this.clock.now(), pr);
    if (refusal) return { kind: 'none', message: refusal };
    const ooo = this.orderProblem(fresh ?? entry, queue);
    if (ooo) return { kind: 'reason', prompt: `PR #${pr} ${ooo.replace(/ — type a reason.*$/, '')}: why take it now? (at least 10 characters) ` };
    if (!run || (fresh?.headSha && run.headSha && fresh.headSha !== run.headSha))
      return { kind: 'prepare', prompt: `start the ${protocolFor(fresh ?? entry, this.o.protocol)!.upgradeClass} protocol of PR #${pr}: pre-flight` };
    const q = this.unansweredQuestions(pr)[0];
    if (q) {
      const hint = this.extras.get(pr)?.suggestions[q.id];
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
    const missing = this.missingBefore(pr, 'merge');
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
            const now = this.clock.now();
            if (now - last < 1_000) return;
            last = now;
            this.patch(pr, (r) => ({
              ...r,
              steps: r.steps.map((s) => (s.id === 'db-backup' ? { ...s, detail: `received ${formatBytes(bytes)}` } : s)),
            }));
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
    const run = this.o.store.getState().runs[pr];
    const x = this.extras.get(pr);
    if (!run || !x) return { ok: false, reason: `no protocol started for PR #${pr}: prepare it first` };
    if (!run.steps.some((s) => s.id === 'scale-down')) return { ok: false, reason: `PR #${pr} is not a database upgrade: no dependents to stop` };
    const missing = this.missingBefore(pr, 'scale-down');
    if (missing.length) return { ok: false, reason: `not yet: ${missing.join('; ')}` };
    const each = Math.round((this.o.scaleWaitMs ?? 240_000) / 1000);
    return {
      ok: true,
      request: {
        action: 'scale-down',
        title: `Scale down the ${x.dependents.length} dependent(s) of PR #${pr}'s database`,
        target: x.dependents.map((d) => `${d.kind}/${d.namespace}/${d.name}`).join(', ') || 'no dependents',
        command: x.dependents.map((d) => `kubectl scale ${d.kind}/${d.name} -n ${d.namespace} --replicas=0`).join('; ') || '(nothing to scale)',
        destructive: true,
        challenge: String(pr),
        notes: [
          `one at a time, each confirmed at 0 with its pods gone before the next (up to ${each} s each; the stop key ends the wait)`,
          'they come back one at a time, each confirmed, after the merge and Gates 1–2',
          ...x.dependents.map((d) => `- ${d.kind}/${d.namespace}/${d.name}: ${d.replicas} replica(s) now — ${d.via}`),
        ],
        binding: { kind: 'pr', id: String(pr), version: run.headSha },
        dryRun,
      },
    };
  }

  async runScaleDown(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    if (request.action !== 'scale-down') return { ok: false, reason: 'not a scale-down plan' };
    if (request.challenge !== null && typed.trim() !== request.challenge) return { ok: false, reason: `type ${request.challenge} to confirm` };
    const pr = Number(request.binding.id);
    if (request.dryRun) return { ok: true, message: `dry run: would ${request.command}` };
    const r = await this.scaleDown(pr);
    return r.ok ? { ok: true, message: `PR #${pr}: ${r.message}` } : { ok: false, reason: r.message };
  }

  /** After the loop merged and synced: Gates 1–2, dependents back, CRD diff, validation, window. */
  async afterMerge(entry: QueueEntry, mergeSha: string, context: AfterMergeContext = {}): Promise<AfterMergeResult> {
    const pr = entry.number;
    const r = this.o.store.getState().runs[pr];
    if (!r) return { ok: true, message: 'no protocol' };
    const x = this.extras.get(pr)!;
    await this.step(pr, 'merge', 'done', `merged ${short(mergeSha)}; ${entry.affectedApps.join(', ') || 'no Applications'} Synced and Healthy at it`);
    const fail = async (id: string, v: { problems: string[] } | string) => {
      const reason = typeof v === 'string' ? v : v.problems.join('; ');
      await this.step(pr, id, 'failed', reason);
      this.recoveryOffer(pr);
      this.patch(pr, (y) => ({ ...y, finished: 'failed' }));
      return { ok: false as const, reason: `${id}: ${reason}` };
    };
    const cancelled = async (id: string, reason: string) => {
      await this.step(pr, id, 'cancelled', reason);
      this.recoveryOffer(pr);
      this.patch(pr, (y) => ({ ...y, finished: 'cancelled' }));
      return { ok: false as const, reason: `${id}: ${reason}`, stopped: true };
    };
    const g1 = await this.gate1(pr, x, context.signal);
    if ('stopped' in g1) return cancelled('gate-1', g1.stopped);
    if (!g1.ok) return fail('gate-1', g1);
    await this.step(pr, 'gate-1', 'done', g1.checks.join('; '));
    const g2 = gate2(this.o.functional.applications(), this.o.functional.externalSecrets(), this.o.functional.ceph());
    if (!g2.ok) return fail('gate-2', g2);
    await this.step(pr, 'gate-2', 'done', g2.checks.join('; '));
    if (r.steps.some((s) => s.id === 'scale-up')) {
      const up = await this.scaleUp(pr, x, context.signal);
      if (!up.ok) return up.stopped ? cancelled('scale-up', up.reason) : fail('scale-up', up.reason);
    }
    if (r.steps.some((s) => s.id === 'crd-diff')) await this.diffCrds(pr, x);
    const report = await this.postValidation(pr, x);
    const problems = postUpgradeProblems(report);
    if (problems.length) return fail('post-validation', problems.join('; '));
    await this.step(pr, 'post-validation', 'done', 'pods, errors, events, ArgoCD and endpoints read', postUpgradeLines(report));
    if (r.protocol.stabiliseMs > 0) await this.openWindow(pr, r.title, r.protocol.stabiliseMs, x);
    else this.patch(pr, (y) => ({ ...y, finished: 'passed' }));
    return { ok: true, message: r.protocol.stabiliseMs > 0 ? `stabilising for ${formatDuration(r.protocol.stabiliseMs)}` : 'protocol complete' };
  }

  /** The component's pods (label of the first one found before the merge, else the package's image) and their logs. */
  private async componentPods(x: RunExtras): Promise<{ pods: PodView[]; raw: RawObject[] }> {
    const ctx = this.o.kube();
    const list = await ctx.http.get<{ items?: RawObject[] }>('/api/v1/pods');
    const items = list.items ?? [];
    const first = x.componentPods[0];
    const instance = first?.labels['app.kubernetes.io/instance'];
    let raw = instance
      ? items.filter((p) => p.metadata?.namespace === first!.namespace && p.metadata?.labels?.['app.kubernetes.io/instance'] === instance)
      : [];
    if (raw.length === 0 && x.componentPods.length) {
      const names = new Set(x.componentPods.map((p) => `${p.namespace}/${p.name}`));
      raw = items.filter((p) => names.has(`${p.metadata?.namespace}/${p.metadata?.name}`));
    }
    // A chart update runs no image named like the package: its pods are the affected Applications' (instance label).
    if (raw.length === 0) raw = items.filter((p) => x.entry.affectedApps.includes(p.metadata?.labels?.['app.kubernetes.io/instance'] ?? ''));
    // Only the component's own pods, not its dependents (which share the instance label in some charts).
    const dependentNames = new Set(x.dependents.map((d) => `${d.namespace}/${d.name}`));
    raw = raw.filter((p) => {
      const owner = p.metadata?.ownerReferences?.[0]?.name ?? '';
      return ![...dependentNames].some((d) => `${p.metadata?.namespace}/${owner}`.startsWith(d));
    });
    return { pods: raw.map((p) => projectPod(p)), raw };
  }

  private async gate1(pr: number, x: RunExtras, outer?: AbortSignal): Promise<ReturnType<typeof gate1> | { stopped: string }> {
    await this.step(pr, 'gate-1', 'running', 'waiting for the component pods to be Running');
    const waitMs = this.o.podWaitMs ?? 300_000;
    const wait = this.beginWait(pr, 'Gate 1: component pods Running', waitMs, outer);
    let pods: PodView[];
    try {
      for (;;) {
        pods = (await this.componentPods(x)).pods;
        const ready = pods.length > 0 && pods.every((p) => p.displayStatus === 'Running' && p.ready.split('/')[0] === p.ready.split('/')[1]);
        if (ready || this.clock.now() >= wait.deadline) break;
        await this.clock.sleep(this.o.pollMs ?? 2_000, wait.signal);
        if (wait.signal.aborted) {
          const seen = pods.map((p) => `${p.name} ${p.displayStatus} ${p.ready}`).join(', ') || 'no pod of the component yet';
          return {
            stopped: `the wait for the component pods was stopped (${this.secondsLeft(wait.deadline)} s of ${Math.round(waitMs / 1000)} were left; ${seen})`,
          };
        }
      }
    } finally {
      wait.end();
    }
    const ctx = this.o.kube();
    const logs: Array<{ pod: string; text: string }> = [];
    for (const p of pods) {
      const text = await ctx.http
        .getText(`/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods/${encodeURIComponent(p.name)}/log`, { tailLines: '50' })
        .catch(() => '');
      logs.push({ pod: `${p.namespace}/${p.name}`, text });
    }
    x.restartBaseline = new Map(pods.map((p) => [`${p.namespace}/${p.name}`, p.restarts]));
    return gate1(pods, logs);
  }

  private async scaleUp(pr: number, x: RunExtras, outer?: AbortSignal): Promise<{ ok: true } | { ok: false; reason: string; stopped?: boolean }> {
    const ctx = this.o.kube();
    const done: string[] = [];
    for (const [i, d] of x.dependents.entries()) {
      await this.step(pr, 'scale-up', 'running', `scaling ${d.kind}/${d.namespace}/${d.name} to ${d.replicas} (${i + 1} of ${x.dependents.length})`);
      const waitMs = this.o.scaleWaitMs ?? 300_000;
      const wait = this.beginWait(pr, `scale-up of ${d.kind}/${d.namespace}/${d.name}`, waitMs, outer);
      try {
        const res = await scaleWorkload(ctx, {
          kind: d.kind,
          namespace: d.namespace,
          name: d.name,
          replicas: d.replicas,
          timeoutMs: waitMs,
          signal: wait.signal,
        });
        done.push(`${d.kind}/${d.namespace}/${d.name} ${res.readyReplicas ?? d.replicas}/${d.replicas} ready`);
        await this.o.recorder
          .record({
            pr,
            step: `database protocol, validate: scaled ${d.kind}/${d.namespace}/${d.name} back to ${d.replicas}`,
            result: `confirmed: ${res.readyReplicas ?? d.replicas}/${d.replicas} ready`,
          })
          .catch(() => undefined);
      } catch (err) {
        if (err instanceof WaitStoppedError)
          return {
            ok: false,
            stopped: true,
            reason: `${d.kind}/${d.namespace}/${d.name}: ${errorLine(err)} (${this.secondsLeft(wait.deadline)} s were left); back so far: ${done.join(', ') || 'none'}`,
          };
        return { ok: false, reason: `${d.kind}/${d.namespace}/${d.name} did not come back: ${errorLine(err)}` };
      } finally {
        wait.end();
      }
    }
    await this.step(pr, 'scale-up', 'done', done.length ? done.join(', ') : 'no dependents');
    return { ok: true };
  }

  private async diffCrds(pr: number, x: RunExtras): Promise<void> {
    try {
      const all = await this.readCrds();
      const names = [...x.entry.packages.map((p) => p.name.split('/').pop()!), ...x.entry.affectedApps];
      const after = crdsOwnedBy(all, { names });
      const before = x.crdBefore ?? [];
      // A CRD that was in the snapshot but lost its labels still counts as the component's.
      for (const b of before)
        if (!after.some((a) => a.metadata?.name === b.metadata?.name)) {
          const same = all.find((a) => a.metadata?.name === b.metadata?.name);
          if (same) after.push(same);
        }
      const changes = diffCrdSnapshots(before, after);
      const lines = crdDiffLines(changes);
      writeFileSync(this.crdFile(pr, 'after'), `${JSON.stringify(after, null, 2)}\n`, { mode: 0o600 });
      writeFileSync(this.crdFile(pr, 'diff'), `${lines.join('\n')}\n`, { mode: 0o600 });
      this.note(pr, `CRD diff (${this.crdFile(pr, 'diff')}):`, ...lines);
      await this.step(
        pr,
        'crd-diff',
        'done',
        changes.length ? `${changes.length} CRD(s) changed: ${changes.map((c) => `${c.change} ${c.name}`).join(', ')}` : 'no CRD changed',
        lines,
      );
    } catch (err) {
      await this.step(pr, 'crd-diff', 'failed', `could not read CRDs: ${errorLine(err)}`);
    }
  }

  /** 7.3 as one typed read: pods, recent errors, events, ArgoCD and endpoints of the component. */
  async postValidation(pr: number, x: RunExtras = this.extras.get(pr)!): Promise<PostUpgradeReport> {
    const ctx = this.o.kube();
    const { pods } = await this.componentPods(x);
    const ns = x.componentPods[0]?.namespace ?? pods[0]?.namespace ?? 'default';
    const component = x.entry.affectedApps[0] ?? x.entry.packages[0]?.name ?? `PR #${pr}`;
    const errors: string[] = [];
    for (const p of pods) {
      const text = await ctx.http
        .getText(`/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods/${encodeURIComponent(p.name)}/log`, { tailLines: '100' })
        .catch(() => '');
      errors.push(...errorLines(text, 20).map((l) => `${p.name}: ${l.trim()}`));
    }
    const ev = await ctx.http
      .get<{ items?: Array<{ type?: string; reason?: string; message?: string; involvedObject?: { kind?: string; name?: string } }> }>(
        `/api/v1/namespaces/${encodeURIComponent(ns)}/events`,
      )
      .catch(() => ({ items: [] }));
    const podNames = new Set(pods.map((p) => p.name));
    const events = (ev.items ?? [])
      .filter((e) => podNames.has(e.involvedObject?.name ?? '') || (e.involvedObject?.name ?? '').startsWith(component))
      .slice(-10)
      .map((e) => ({
        type: e.type ?? 'Normal',
        reason: e.reason ?? '',
        object: `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`,
        message: e.message ?? '',
      }));
    const applications = this.o.functional
      .applications()
      .filter((a) => x.entry.affectedApps.includes(a.name))
      .map((a) => ({ name: a.name, sync: a.syncStatus, health: a.healthStatus, revision: a.revision }));
    const eps = await ctx.http
      .get<{ items?: Array<{ metadata?: { name?: string }; subsets?: Array<{ addresses?: unknown[]; notReadyAddresses?: unknown[] }> }> }>(
        `/api/v1/namespaces/${encodeURIComponent(ns)}/endpoints`,
      )
      .catch(() => ({ items: [] }));
    const endpoints = (eps.items ?? [])
      .filter((e) => (e.metadata?.name ?? '').startsWith(component) || (x.db && e.metadata?.name === x.db.service))
      .map((e) => ({
        name: e.metadata?.name ?? '',
        addresses: (e.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0),
        notReady: (e.subsets ?? []).reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0),
      }));
    return {
      component,
      namespace: ns,
      pods: pods.map((p) => ({ name: p.name, status: p.displayStatus, ready: p.ready, restarts: p.restarts })),
      errors,
      events,
      applications,
      endpoints,
    };
  }

  // ── Gate 3 ───────────────────────────────────────────────────────────────────────────────────

  private async openWindow(pr: number, title: string, ms: number, x: RunExtras): Promise<void> {
    const firing = (await this.o.functional.alerts?.().catch(() => null)) ?? [];
    this.alertBaseline = new Set(firing);
    if (firing.length) this.note(pr, `Alerts firing as the window opens (not counted against it): ${firing.join('; ')}`);
    const now = this.clock.now();
    this.o.store.setState({ window: { pr, title, startedAt: now, endsAt: now + ms, findings: [] } });
    void x;
    void this.step(pr, 'window', 'running', `${countdown(ms)} left; alerts and restarts watched`);
  }

  /**
   * One look during the window (the session calls it every few seconds): new restarts of the
   * component and firing alerts become findings; when the time is up with no finding, Gate 3 passes.
   */
  async checkWindow(): Promise<void> {
    const w = this.o.store.getState().window;
    if (!w) return;
    const pr = w.pr;
    const x = this.extras.get(pr);
    const findings = [...w.findings];
    if (x) {
      const { pods } = await this.componentPods(x).catch(() => ({ pods: [] as PodView[] }));
      for (const f of newRestarts(x.restartBaseline, pods)) if (!findings.includes(f)) findings.push(f);
    }
    const alerts = (await this.o.functional.alerts?.().catch(() => null)) ?? null;
    for (const a of alerts ?? []) if (!this.alertBaseline.has(a) && !findings.includes(`alert ${a}`)) findings.push(`alert ${a}`);
    const left = windowRemaining(w, this.clock.now());
    this.o.store.setState({ window: { ...w, findings } });
    if (left > 0) {
      this.patch(pr, (r) => ({
        ...r,
        steps: r.steps.map((s) =>
          s.id === 'window'
            ? {
                ...s,
                detail: `${countdown(left)} left; ${findings.length ? `${findings.length} finding(s): ${findings.join('; ')}` : 'no alerts, no restarts'}`,
              }
            : s,
        ),
      }));
      return;
    }
    this.o.store.setState({ window: null });
    if (findings.length) {
      await this.step(pr, 'window', 'failed', `during the window: ${findings.join('; ')}`);
      this.recoveryOffer(pr);
      this.patch(pr, (r) => ({ ...r, finished: 'failed' }));
    } else {
      await this.step(
        pr,
        'window',
        'done',
        `stable for ${formatDuration(w.endsAt - w.startedAt)}: no new alerts, no restarts${alerts === null ? ' (no alert source wired: restarts only)' : ''}`,
      );
      this.patch(pr, (r) => ({ ...r, finished: 'passed' }));
    }
  }

  /** 6.4: what the operator can do when a gate fails after the merge. */
  private recoveryOffer(pr: number): void {
    const r = this.o.store.getState().runs[pr];
    if (!r) return;
    const lines = ['Failure recovery (6.4):', `- revert the merge: roll back PR #${pr} (its files restored in one commit)`];
    if (r.backup) {
      lines.push(
        `- restore from the verified backup ${r.backup.file} (${formatBytes(r.backup.size)}) into ${r.backup.namespace}/${r.backup.pod}`,
        '- do NOT start the old version on data the new version migrated: restore first (the rollback asks for a typed confirmation)',
      );
    }
    this.note(pr, ...lines);
  }

  /** The loop merged but its sync wait or gate failed: the protocol's merge stage says so, and recovery is offered. */
  async mergeFailed(entry: QueueEntry, mergeSha: string, reason: string): Promise<void> {
    const pr = entry.number;
    if (!this.o.store.getState().runs[pr]) return;
    await this.step(pr, 'merge', 'failed', `merged ${short(mergeSha)}, then: ${reason}`);
    this.recoveryOffer(pr);
    this.patch(pr, (y) => ({ ...y, finished: 'failed' }));
  }

  /**
   * 6.4: reverting a database major after its merge would start the old version on data the new
   * one may have migrated; the rollback then needs the operator to type that they restore first
   * (or that the data was not migrated).
   */
  rollbackConfirmation(pr: number, entry: QueueEntry | null = null): { challenge: string; notes: string[] } | null {
    const r = this.o.store.getState().runs[pr];
    // A merged database update, through this protocol or merged elsewhere (the web UI): the same 6.4 rule.
    const database = this.rollbackNeedsDataConfirmation(pr) || Boolean(entry && protocolFor(entry, this.o.protocol)?.database);
    if (!database) return null;
    return {
      challenge: `revert ${pr} data`,
      notes: [
        'DATABASE: the old version must not start on data the new version may have migrated (workflow 6.4)',
        r?.backup
          ? `restore first from the verified backup ${r.backup.file} (${formatBytes(r.backup.size)}) into ${r.backup.namespace}/${r.backup.pod}`
          : 'no verified backup was recorded for this PR: check the data before the old version starts',
        `type "revert ${pr} data" to confirm the revert anyway`,
      ],
    };
  }

  /** True when rolling back `pr` would start an older database on data the new one may have migrated. */
  rollbackNeedsDataConfirmation(pr: number): boolean {
    const r = this.o.store.getState().runs[pr];
    // A merge step that failed after the merge (its sync or a gate) still merged: the new version ran.
    const merge = r?.steps.find((s) => s.id === 'merge')?.status;
    return Boolean(r?.protocol.database && (merge === 'done' || merge === 'failed'));
  }
}

export { ASSESSMENT_QUESTIONS };
export type { GateVerdict };
