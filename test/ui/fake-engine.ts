import type {
  ActionResult,
  ConfirmRequest,
  EditResult,
  EngineCapabilities,
  ItemRef,
  ObjectBinding,
  PlanResult,
  ProtocolInput,
  ProtocolNext,
  QuitGuard,
  RefreshTarget,
} from '../../src/domain/console-engine.js';
import type { ConsoleEngine } from '../../src/store/index.js';
import { createStores, type Stores } from '../../src/store/index.js';

/** A recording engine over real stores: the UI tests fill the stores and assert what the UI asked for. */
export class FakeEngine implements ConsoleEngine {
  readonly stores: Stores = createStores();
  readonly calls: Array<{ method: string; args: unknown[] }> = [];
  capabilities: EngineCapabilities = { steps: true, mergeLoop: true, write: true };
  busy: QuitGuard = { busy: false, reason: null };
  /** Versions the "server" has now, by `kind:id`; isCurrent compares against these. */
  versions = new Map<string, string | null>();
  plans = new Map<string, PlanResult>();
  /** What runStep answers (default: it ran). */
  runResult: ActionResult | null = null;

  private record(method: string, ...args: unknown[]) {
    this.calls.push({ method, args });
  }
  called(method: string) {
    return this.calls.filter((c) => c.method === method);
  }

  async start() {
    this.record('start');
  }
  async refresh(target: RefreshTarget = 'all') {
    this.record('refresh', target);
  }
  async openIssue(n: number): Promise<ActionResult> {
    this.record('openIssue', n);
    return { ok: true, message: `issue #${n} open` };
  }
  isCurrent(b: ObjectBinding) {
    const key = `${b.kind}:${b.id}`;
    return !this.versions.has(key) || this.versions.get(key) === b.version;
  }
  private plan(kind: string, key: string): PlanResult {
    return this.plans.get(`${kind}:${key}`) ?? { ok: false, reason: `no plan for ${kind} ${key}` };
  }
  async planStep(item: ItemRef) {
    this.record('planStep', item);
    return this.plan('step', item.id ?? String(item.line));
  }
  async runStep(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    this.record('runStep', request, typed);
    return this.runResult ?? { ok: true, message: `ran ${request.title}` };
  }
  async verifyUnknown(stepId: string, finding: 'done' | 'failed' | 'unknown', note?: string): Promise<ActionResult> {
    this.record('verifyUnknown', stepId, finding, ...(note !== undefined ? [note] : []));
    this.stores.step.setState((s) => ({ unknownOutcomes: s.unknownOutcomes.filter((u) => u.stepId !== stepId) }));
    return { ok: true, message: `${stepId}: ${finding}` };
  }
  cancelStep() {
    this.record('cancelStep');
    const was = this.busy.busy;
    this.busy = { busy: false, reason: null };
    return was;
  }
  async judgeStep(verdict: 'pass' | 'fail' | 'defer', note?: string): Promise<ActionResult> {
    this.record('judgeStep', verdict, ...(note !== undefined ? [note] : []));
    return { ok: true, message: `judged ${verdict}` };
  }
  async deferItem(item: ItemRef, note?: string): Promise<ActionResult> {
    this.record('deferItem', item.id ?? item.line, ...(note !== undefined ? [note] : []));
    return { ok: true, message: `deferred ${item.id}` };
  }
  async planRollback(item: ItemRef) {
    this.record('planRollback', item);
    return this.plan('rollback', item.id ?? String(item.line));
  }
  async planEscalation(item: ItemRef, reason: string) {
    this.record('planEscalation', item, reason);
    return this.plan('escalate', item.id ?? String(item.line));
  }
  async planSafeState() {
    this.record('planSafeState');
    return this.plan('safe-state', 'noout');
  }
  async planResumeEscalation() {
    this.record('planResumeEscalation');
    return this.plan('resume', 'escalation');
  }
  async planMerge(pr: number) {
    this.record('planMerge', pr);
    return this.plan('merge', String(pr));
  }
  async planPrRollback(pr: number) {
    this.record('planPrRollback', pr);
    return this.plan('pr-rollback', String(pr));
  }
  async runMerge(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    this.record('runMerge', request, typed);
    return { ok: true, message: `merged ${request.binding.id}` };
  }
  stopMergeLoop() {
    this.record('stopMergeLoop');
  }
  /** What protocolNext answers, by PR (default: nothing to do). */
  protocolSteps = new Map<number, ProtocolNext>();
  async protocolNext(pr: number): Promise<ProtocolNext> {
    this.record('protocolNext', pr);
    return this.protocolSteps.get(pr) ?? { kind: 'none', message: `PR #${pr}: nothing to do now` };
  }
  async protocolAct(pr: number, input: ProtocolInput): Promise<ActionResult> {
    this.record('protocolAct', pr, input);
    return this.results.get(`protocol:${input.kind}`) ?? { ok: true, message: `PR #${pr}: ${input.kind} done` };
  }
  async planProtocolScaleDown(pr: number) {
    this.record('planProtocolScaleDown', pr);
    return this.plan('scale-down', String(pr));
  }
  resumeMergeLoop(): ActionResult {
    this.record('resumeMergeLoop');
    return { ok: true, message: 'merge loop continues' };
  }
  results = new Map<string, ActionResult>();
  private result(method: string): ActionResult {
    return this.results.get(method) ?? { ok: true, message: `${method} done` };
  }
  async runRecon(): Promise<ActionResult> {
    this.record('runRecon');
    return this.result('runRecon');
  }
  async addReconItems(ids: readonly string[]): Promise<ActionResult> {
    this.record('addReconItems', [...ids]);
    return this.result('addReconItems');
  }
  async prepareClosure(): Promise<ActionResult> {
    this.record('prepareClosure');
    return this.result('prepareClosure');
  }
  addClosureLesson(text: string): ActionResult {
    this.record('addClosureLesson', text);
    return this.result('addClosureLesson');
  }
  async confirmClosure(typed: string): Promise<ActionResult> {
    this.record('confirmClosure', typed);
    return this.result('confirmClosure');
  }
  async cancelClosure(): Promise<void> {
    this.record('cancelClosure');
  }
  async loadRelated(): Promise<ActionResult> {
    this.record('loadRelated');
    return this.result('loadRelated');
  }
  toggleRelated(number: number): void {
    this.record('toggleRelated', number);
    this.stores.related.setState((s) => ({ selected: s.selected.includes(number) ? s.selected.filter((n) => n !== number) : [...s.selected, number] }));
  }
  async planRelated(number: number) {
    this.record('planRelated', number);
    return this.plan('related', String(number));
  }
  async runRelated(request: ConfirmRequest, typed: string): Promise<ActionResult> {
    this.record('runRelated', request, typed);
    return this.result('runRelated');
  }
  /** What the fake editor "saves" (a test sets it); null: the editor fails. */
  editorText: string | null = null;
  async editText(request: { initial: string; fileName?: string }): Promise<EditResult> {
    this.record('editText', request.initial);
    return this.editorText === null
      ? { ok: false, reason: 'the editor (vi) exited 1: nothing recorded (a non-zero exit discards, as in git)' }
      : { ok: true, text: this.editorText };
  }
  quitGuard() {
    return this.busy;
  }
  async close() {
    this.record('close');
  }
}
