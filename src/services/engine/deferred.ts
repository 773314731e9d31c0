import type {
  ActionResult,
  ConfirmRequest,
  ConsoleEngine,
  EngineCapabilities,
  ItemRef,
  ObjectBinding,
  PlanResult,
  QuitGuard,
  RefreshTarget,
} from '../../store/engine.js';
import type { Stores } from '../../store/index.js';
import { pushMessage } from '../../store/session-store.js';
import { errorLine as oneLine } from '../../domain/redact.js';

const STARTING = 'still starting; try again in a moment';

/**
 * An engine whose real session is built in `start()`, after the first frame: composing the
 * services (and, for the demo, starting the simulators) costs more than the 0.3 s a first frame may
 * take. Until then every action answers "still starting" and the panes say "waiting...".
 */
export class DeferredEngine implements ConsoleEngine {
  private inner: ConsoleEngine | null = null;
  private closed = false;

  constructor(
    readonly stores: Stores,
    private readonly expected: EngineCapabilities,
    private readonly build: () => Promise<ConsoleEngine>,
  ) {}

  get capabilities(): EngineCapabilities {
    return this.inner?.capabilities ?? this.expected;
  }

  async start(): Promise<void> {
    try {
      const inner = await this.build();
      if (this.closed) return void (await inner.close());
      this.inner = inner;
      await inner.start();
    } catch (err) {
      pushMessage(this.stores.session, 'error', `could not start: ${oneLine(err)}`);
      throw err;
    }
  }

  refresh(target?: RefreshTarget): Promise<void> {
    return this.inner?.refresh(target) ?? Promise.resolve();
  }
  openIssue(n: number): Promise<ActionResult> {
    return this.inner?.openIssue(n) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  isCurrent(b: ObjectBinding): boolean {
    return this.inner?.isCurrent(b) ?? false;
  }
  planStep(item: ItemRef): Promise<PlanResult> {
    return this.inner?.planStep(item) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  runStep(r: ConfirmRequest, typed: string): Promise<ActionResult> {
    return this.inner?.runStep(r, typed) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  cancelStep(): boolean {
    return this.inner?.cancelStep() ?? false;
  }
  judgeStep(verdict: 'pass' | 'fail' | 'defer', note?: string): Promise<ActionResult> {
    return this.inner?.judgeStep(verdict, note) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  deferItem(item: ItemRef, note?: string): Promise<ActionResult> {
    return this.inner?.deferItem(item, note) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  planRollback(item: ItemRef): Promise<PlanResult> {
    return this.inner?.planRollback(item) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  planEscalation(item: ItemRef, reason: string): Promise<PlanResult> {
    return this.inner?.planEscalation(item, reason) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  planSafeState(): Promise<PlanResult> {
    return this.inner?.planSafeState() ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  planResumeEscalation(): Promise<PlanResult> {
    return this.inner?.planResumeEscalation() ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  planMerge(pr: number): Promise<PlanResult> {
    return this.inner?.planMerge(pr) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  planPrRollback(pr: number): Promise<PlanResult> {
    return this.inner?.planPrRollback(pr) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  runMerge(r: ConfirmRequest, typed: string): Promise<ActionResult> {
    return this.inner?.runMerge(r, typed) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  stopMergeLoop(): void {
    this.inner?.stopMergeLoop();
  }
  resumeMergeLoop(): ActionResult {
    return this.inner?.resumeMergeLoop() ?? { ok: false, reason: STARTING };
  }
  runRecon(): Promise<ActionResult> {
    return this.inner?.runRecon() ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  addReconItems(ids: readonly string[]): Promise<ActionResult> {
    return this.inner?.addReconItems(ids) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  prepareClosure(): Promise<ActionResult> {
    return this.inner?.prepareClosure() ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  addClosureLesson(text: string): ActionResult {
    return this.inner?.addClosureLesson(text) ?? { ok: false, reason: STARTING };
  }
  confirmClosure(typed: string): Promise<ActionResult> {
    return this.inner?.confirmClosure(typed) ?? Promise.resolve({ ok: false, reason: STARTING });
  }
  cancelClosure(): Promise<void> {
    return this.inner?.cancelClosure() ?? Promise.resolve();
  }
  quitGuard(): QuitGuard {
    return this.inner?.quitGuard() ?? { busy: false, reason: null };
  }
  async close(): Promise<void> {
    this.closed = true;
    await this.inner?.close();
  }
}
