/**
 * The facade the UI calls to act (the engine contract). Types only, no store (the stores it
 * writes are added by `ConsoleEngine` in src/store/index.ts): the implementation lives in `src/services/engine`,
 * which composes the services (Gitea, kube, Ceph, steps, Renovate loop) into one session and
 * delegates step actions to `src/services/steps` and merge-loop actions to `src/services/renovate`.
 *
 * The UI never acts without a `ConfirmRequest` it showed the operator: every destructive action is
 * planned first (what exactly would run, against what, at which version), then executed with the
 * plan the operator confirmed. Execution refuses when the bound object changed while the dialog was
 * open (PR head sha moved, issue body's content version changed, node replaced).
 */

/** An action item as the UI knows it: the ID when it has one, else its body line. */
export interface ItemRef {
  id: string | null;
  line: number;
}

/** The object a confirmation is bound to, with the version seen when the plan was made. */
export interface ObjectBinding {
  /**
   * Only the kinds something produces: an action item (a step, its rollback, the escalation, the
   * safe state; bound to the body's content version) and a PR (a merge, bound to its head; a
   * rollback, to its merge commit) and a related thread (an issue or PR to close, by its number). A new kind needs its case in the session's isCurrent, which
   * the compiler enforces.
   */
  kind: 'item' | 'pr' | 'thread';
  /** Stable identity: the item's ID (or `line:N`), `safe-state`, the PR or thread number. */
  id: string;
  /** PR head sha, body content_version, node resourceVersion…; null when the server has none. */
  version: string | null;
}

/** What confirming does; `quit` is the console's own question (nothing is sent anywhere). */
export type ConfirmAction = 'run-step' | 'rollback' | 'merge' | 'escalate' | 'tick' | 'safe-state' | 'resume' | 'quit' | 'close' | 'scale-down';

/**
 * What a major or database PR's protocol needs next from the operator (the console's protocol key):
 * start it (pre-flight), a typed reason to take it out of order, an assessment answer, the backup,
 * the dependents scaled down (confirmed), then the merge through the loop; `none` says why nothing.
 */
export type ProtocolNext =
  | { kind: 'prepare'; prompt: string }
  | { kind: 'reason'; prompt: string }
  | { kind: 'answer'; question: string; prompt: string }
  | { kind: 'backup'; prompt: string }
  | { kind: 'scale-down'; prompt: string }
  | { kind: 'merge'; prompt: string }
  | { kind: 'none'; message: string };

/** The operator's input to a protocol stage (typed text for a reason or an answer). */
export type ProtocolInput = { kind: 'prepare' } | { kind: 'reason'; text: string } | { kind: 'answer'; question: string; text: string } | { kind: 'backup' };

/** Everything the confirmation dialog shows, and what execution is bound to. */
export interface ConfirmRequest {
  action: ConfirmAction;
  /** One line: "Run A3: Restart osd.3", "Merge PR #47". */
  title: string;
  /** The exact target: "osd.8 on jasper", "PR #47 in ops/homelab (head 1a2b3c4)". */
  target: string;
  /** The exact command or API call that will be sent, as the operator would type it. */
  command: string;
  /** True for anything that changes the cluster, the repository or the issue. */
  destructive: boolean;
  /** Text the operator must type to enable OK (`osd.8`, `47`, `onyx`); null when none is needed. */
  challenge: string | null;
  /** Extra lines the dialog shows (risk, what the rollback is, warnings). */
  notes: string[];
  binding: ObjectBinding;
  /**
   * What confirming this request acknowledges besides running it: a major update's release-notes
   * and breaking-change checklist (shown in `notes`) for this exact head. A new push needs it again.
   */
  acknowledges?: { kind: 'major-update-checklist'; head: string; items: number };
  /** In dry-run mode execution only reports what would be sent. */
  dryRun: boolean;
}

/** `cancelled`: the operator stopped it (Ctrl-C); it did not fail, and the UI says so. */
export type ActionResult = { ok: true; message: string } | { ok: false; reason: string; cancelled?: boolean };

/** Text the operator wrote in their editor, or why there is none (the editor failed, was quit with an error). */
export type EditResult = { ok: true; text: string } | { ok: false; reason: string };

/** What a planning call returns: a request to confirm, or why the action cannot be planned. */
export type PlanResult = { ok: true; request: ConfirmRequest } | { ok: false; reason: string };

export type RefreshTarget = 'all' | 'issue' | 'health' | 'ceph' | 'queue';

/** What stands in the way of quitting right now. */
export interface QuitGuard {
  /**
   * True when quitting would interrupt something (a running step, a step awaiting its verdict, a
   * merge in flight); if the operator quits anyway, close() records it as interrupted.
   */
  busy: boolean;
  /** "step A3 is running (kubectl rollout restart …)" — shown in the quit confirmation. */
  reason: string | null;
}

/** Which parts of the engine are wired in this build/session; the UI disables what is not. */
export interface EngineCapabilities {
  steps: boolean;
  mergeLoop: boolean;
  /** False in read-only mode: writes are impossible in the services, not only hidden. */
  write: boolean;
}

/** What the UI can ask of the engine; `ConsoleEngine` (src/store/index.ts) adds the stores it writes. */
export interface EngineActions {
  readonly capabilities: EngineCapabilities;

  /** Start watches/pollers; resolves once every source has started (not once synced). */
  start(): Promise<void>;
  /** Re-read now (the `r` key); never throws, reports through the stores' liveness. */
  refresh(target?: RefreshTarget): Promise<void>;
  /** Switch to another maintenance issue (`:issue N`). */
  openIssue(number: number): Promise<ActionResult>;

  /** Re-checks the bound object's version against what the services see now. */
  isCurrent(binding: ObjectBinding): boolean;

  /* Steps (delegated to src/services/steps). */
  planStep(item: ItemRef): Promise<PlanResult>;
  /**
   * Runs a confirmed plan from planStep, planRollback or planEscalation; `typed` is what the
   * operator typed for the challenge. Refuses when the binding is no longer current.
   */
  runStep(request: ConfirmRequest, typed: string): Promise<ActionResult>;
  /** Cancels the running step (Ctrl-C); true when something was cancelled. */
  cancelStep(): boolean;
  /**
   * The operator's verdict on a step whose success needs a human look, with an optional note that
   * goes into the completion note and the Change Log row. `defer` keeps the item open, marked deferred.
   */
  judgeStep(verdict: 'pass' | 'fail' | 'defer', note?: string): Promise<ActionResult>;
  /** Defers an item without running it (the workflow's "explicitly deferred"): note and Change Log row. */
  deferItem(item: ItemRef, note?: string): Promise<ActionResult>;
  planRollback(item: ItemRef): Promise<PlanResult>;
  planEscalation(item: ItemRef, reason: string): Promise<PlanResult>;
  /** The workflow's safe state after an escalation (`ceph osd set noout`) as a plan; run it with runStep (verified). */
  planSafeState(): Promise<PlanResult>;
  /** A plan that lifts the escalation stop (the operator types `resume`); run it with runStep. */
  planResumeEscalation(): Promise<PlanResult>;

  /* Renovate merge loop (delegated to src/services/renovate). */
  planMerge(pr: number): Promise<PlanResult>;
  /**
   * Plans the rollback of a merged PR (its files restored to their pre-merge versions in one
   * commit). The request is bound to the PR's merge commit: it refuses if the PR is no longer
   * merged at that commit; the loop also refuses when the base branch moved since the plan.
   */
  planPrRollback(pr: number): Promise<PlanResult>;
  /** Runs a confirmed plan from planMerge or planPrRollback. */
  runMerge(request: ConfirmRequest, typed: string): Promise<ActionResult>;
  stopMergeLoop(): void;

  /* Major and database upgrade protocols (delegated to src/services/upgrade through the merge loop). */
  /** What PR `pr`'s protocol needs next; its checklist is in `stores.upgrade`. */
  protocolNext(pr: number): Promise<ProtocolNext>;
  /** Runs one protocol stage that needs no confirmation dialog (pre-flight reads, a typed reason or answer, the backup). */
  protocolAct(pr: number, input: ProtocolInput): Promise<ActionResult>;
  /** The dependents scaled to 0 one at a time, as a plan; run it with runMerge (the stop key ends its waits). */
  planProtocolScaleDown(pr: number): Promise<PlanResult>;
  /** Clears the loop's stop once the operator fixed (or rolled back) what failed. */
  resumeMergeLoop(): ActionResult;

  /* The end of the workflow: full recon, findings → items, closure (src/services/recon, src/services/closure). */
  /** The full recon now (`:recon`); its findings and proposals land in `stores.recon`. */
  runRecon(): Promise<ActionResult>;
  /** Adds the chosen proposals (IDs as the picker shows them) through the conflict-safe edit. */
  addReconItems(ids: readonly string[]): Promise<ActionResult>;
  /** Builds the closure preview in `stores.closure`, or says what stands (refused). */
  prepareClosure(): Promise<ActionResult>;
  /** A Lessons Learned entry for the closure notes (the preview is rebuilt). */
  addClosureLesson(text: string): ActionResult;
  /** Writes body, title, state; `typed` must be the issue number. */
  confirmClosure(typed: string): Promise<ActionResult>;
  /** The operator left the preview unconfirmed (journaled and logged). */
  cancelClosure(): Promise<void>;
  /** Reads open issues and PRs and proposes the related ones with reasons into `stores.related` (4.2). */
  loadRelated(): Promise<ActionResult>;
  /** Selects or unselects a related entry (nothing on the Do NOT close list starts selected). */
  toggleRelated(number: number): void;
  /** Plans the proposal's action on one entry: close with a resolution note, close unmerged, or merge (the loop). */
  planRelated(number: number): Promise<PlanResult>;
  /** Runs a confirmed planRelated; the typed challenge is the entry's number; a PR/Issue Actions row follows. */
  runRelated(request: ConfirmRequest, typed: string): Promise<ActionResult>;

  /**
   * Opens the operator's `$VISUAL`/`$EDITOR` on `initial` with the terminal handed over (the console
   * is suspended and redrawn after) and returns what was saved; writes nothing anywhere else.
   */
  editText(request: { initial: string; fileName?: string }): Promise<EditResult>;

  /**
   * After a crash: what the operator found for a step the journal left "outcome unknown — verify"
   * (`stores.step.unknownOutcomes`): done (the item ticked), failed, still unknown, or (a body write
   * not in the body) written again; recorded in the journal and the issue's Change Log. Until each is
   * answered, steps, merges and closure are refused.
   */
  verifyUnknown(stepId: string, finding: VerifyFinding, note?: string): Promise<ActionResult>;

  quitGuard(): QuitGuard;
  /** Stops every watch and poller and flushes the journal; safe to call twice. */
  close(): Promise<void>;
}

/** What the operator found for a step or write a crash left "outcome unknown" (the verify screen's keys). */
export type VerifyFinding = 'done' | 'failed' | 'unknown' | 'reapply';
