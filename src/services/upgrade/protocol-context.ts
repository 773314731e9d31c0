import path from 'node:path';
import type { ApplicationView, CephHealthInput, ExternalSecretView } from '../../domain/health/types.js';
import type { QueueEntry } from '../../domain/renovate/types.js';
import type { AssessmentAnswers, AssessmentQuestion } from '../../domain/upgrade/assessment.js';
import type { CrdLike } from '../../domain/upgrade/crd-diff.js';
import type { ProtocolOptions } from '../../domain/upgrade/protocol.js';
import type { ProtocolRun, StepStatus, UpgradeStore } from '../../store/upgrade-store.js';
import type { ActionContext } from '../kube/actions/context.js';
import { systemClock, type AppControl, type Clock, type RenovateGitea } from '../renovate/ports.js';
import type { ScratchConfig } from './backup.js';

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

export interface Dependent {
  kind: 'deployment' | 'statefulset';
  namespace: string;
  name: string;
  via: string;
  replicas: number;
}

/** What a protocol run learns along the way that the store does not show (the pods, the answers, the snapshot). */
export interface RunExtras {
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

export const short = (s: string | null | undefined) => (s ?? '').slice(0, 7);

/**
 * What every stage of a protocol run shares: the options, the store's run and its steps (each
 * finished step recorded in the Change Log and journal), the notes, and the one bounded wait the
 * stop key ends. The stage files (stages/*.ts) work through it; the runner orchestrates them.
 */
export class ProtocolContext {
  readonly extras = new Map<number, RunExtras>();
  readonly clock: Clock;
  /** The stop of the wait in progress (scale-down, Gate 1, scale-up), if any. */
  waitStop: AbortController | null = null;
  closing = false;
  /** Alerts already firing when the window opened: Gate 3 watches for new ones. */
  alertBaseline = new Set<string>();

  constructor(readonly o: UpgradeRunnerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  run(pr: number): ProtocolRun {
    const r = this.o.store.getState().runs[pr];
    if (!r) throw new Error(`no protocol started for PR #${pr}: prepare it first`);
    return r;
  }

  patch(pr: number, fn: (r: ProtocolRun) => ProtocolRun): void {
    const runs = this.o.store.getState().runs;
    const r = runs[pr];
    if (r) this.o.store.setState({ runs: { ...runs, [pr]: fn(r) } });
  }

  async step(pr: number, id: string, status: StepStatus, detail: string, lines: string[] = []): Promise<void> {
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

  /** A Change Log row outside the step list (one dependent scaled, the protocol started); a failed write never stops the protocol. */
  async record(entry: { pr: number; step: string; result: string; lines?: string[] }): Promise<void> {
    await this.o.recorder.record(entry).catch(() => undefined);
  }

  note(pr: number, ...lines: string[]): void {
    this.patch(pr, (r) => ({ ...r, notes: [...r.notes, ...lines] }));
  }

  /** The step's detail changes while it runs (a countdown, bytes received): shown, not recorded. */
  detail(pr: number, id: string, detail: string, status?: StepStatus): void {
    this.patch(pr, (r) => ({ ...r, steps: r.steps.map((s) => (s.id === id ? { ...s, ...(status ? { status } : {}), detail } : s)) }));
  }

  /**
   * A bounded wait the operator can stop: published in the store (the header's countdown, the
   * stop key's target) while it runs; `outer` is the merge loop's stop (its key and a quit).
   */
  beginWait(pr: number, label: string, ms: number, outer?: AbortSignal): { signal: AbortSignal; deadline: number; end(): void } {
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

  secondsLeft(deadline: number): number {
    return Math.max(0, Math.round((deadline - this.clock.now()) / 1000));
  }

  /** Steps of the stages up to (not including) `before` that are not verified, as text. */
  missingBefore(pr: number, before: string): string[] {
    const r = this.run(pr);
    const idx = r.steps.findIndex((s) => s.id === before);
    return r.steps
      .slice(0, idx < 0 ? r.steps.length : idx)
      .filter((s) => s.status !== 'done' && s.status !== 'skipped')
      .map((s) => `${s.text}${s.status === 'failed' ? ` — FAILED: ${s.detail}` : ''}`);
  }

  crdFile(pr: number, when: 'before' | 'after' | 'diff'): string {
    return path.join(this.o.crdDir, `pr-${pr}-${when}.${when === 'diff' ? 'txt' : 'json'}`);
  }
}
