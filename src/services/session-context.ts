import type { ActionResult, ConfirmRequest, ItemRef, PlanResult, ProtocolInput, ProtocolNext, RefreshTarget, VerifyFinding } from '../domain/console-engine.js';
import type { AlertsInput } from '../domain/health/grade-input.js';
import type { Stores } from '../store/index.js';
import type { RunMode } from '../store/session-store.js';
import type { CephService } from './ceph/ceph-service.js';
import type { GiteaClient } from './gitea/client.js';
import type { KubeTarget } from './kube/kubeconfig.js';

/**
 * What a session's parts (the step engine, the merge loop, the upgrade runner) may use of the
 * session, and nothing more: the explicit dependencies the composition root (engine/compose.ts)
 * hands each of them. They never see the ConsoleSession itself, so no service reaches back up into
 * the engine that composes it. Kube and Ceph are functions: they connect after the first frame.
 */
export interface SessionContext {
  readonly stores: Stores;
  readonly mode: RunMode;
  /** The Gitea client; null when no URL or token is configured. */
  readonly gitea: GiteaClient | null;
  /** The kube target once connected (null before, or when Kubernetes is not configured). */
  kubeTarget(): KubeTarget | null;
  /** The Ceph service once started (null before, or when Ceph is not read). */
  ceph(): CephService | null;
  /** Re-read now; resolves when the re-read is done. */
  refresh(target?: RefreshTarget): Promise<void>;
  /** Alertmanager's alerts as last read; null before the first read or when alerts are not read. */
  alerts?(): AlertsInput | null;
  /** Why nothing may be written now (an escalation, until resume), or null; the merge loop asks it at every check. */
  halted?(): string | null;
  /**
   * The merge loop as a composed step uses it: each merge still goes through the loop (GREEN
   * first, the checked head, the sync wait, the full gate) and escalation still refuses it, but it
   * runs inside the step's slot and does not tick the item.
   */
  readonly stepMerges: {
    plan(pr: number): Promise<PlanResult>;
    run(request: ConfirmRequest, typed: string): Promise<ActionResult>;
    stop(): void;
  };
}

/** The step engine's side of the facade (src/services/steps); absent until it is wired. */
export interface StepsPort {
  planStep(item: ItemRef): Promise<PlanResult>;
  planRollback(item: ItemRef): Promise<PlanResult>;
  planEscalation(item: ItemRef, reason: string): Promise<PlanResult>;
  run(request: ConfirmRequest, typed: string): Promise<ActionResult>;
  cancel(): boolean;
  judge(verdict: 'pass' | 'fail' | 'defer', note?: string): Promise<ActionResult>;
  defer?(item: ItemRef, note?: string): Promise<ActionResult>;
  busy(): string | null;
  /** The workflow's safe state after an escalation (`ceph osd set noout`), confirmed and verified. */
  planSafeState?(): Promise<PlanResult>;
  /** Clears the engine's own escalation stop. */
  resume?(): void;
  /** Why nothing may run yet: a step the journal left with an unknown outcome, not verified (null: none). */
  unverified?(): string | null;
  /** The operator's finding on such a step, recorded in the journal and the issue. */
  verify?(stepId: string, finding: VerifyFinding, note?: string): Promise<ActionResult>;
  close?(): Promise<void>;
}

/** The merge loop's side of the facade (src/services/renovate); absent until it is wired. */
export interface MergePort {
  planMerge(pr: number): Promise<PlanResult>;
  /** A merged PR's revert; the plan is bound to the merge commit it reverts (the loop checks the branch head when it runs). */
  planRollback?(pr: number): Promise<PlanResult>;
  /** `tick: false`: a merge inside a composed step (the step ticks its item). */
  run(request: ConfirmRequest, typed: string, options?: { tick?: boolean }): Promise<ActionResult>;
  stop(): void;
  /** The upgrade protocols of majors and databases (the merge loop's guard), stage by stage. */
  protocol?: {
    next(pr: number): Promise<ProtocolNext>;
    act(pr: number, input: ProtocolInput): Promise<ActionResult>;
    planScaleDown(pr: number): PlanResult;
  };
  /** Clears a stop after a failed merge, so the next merge can be planned. */
  resume?(): void;
  busy(): string | null;
  close?(): Promise<void>;
}
