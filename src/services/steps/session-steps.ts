import type { SessionContext, StepsPort } from '../session-context.js';
import { writeBodyEdit } from '../gitea/body-writer.js';
import { Journal, journalPath } from '../journal/journal.js';
import { outputDirFor } from '../runner/output-file.js';
import { runInteractive } from '../runner/run-bash.js';
import { headlessHandover, type TerminalHandover } from '../terminal/handover.js';
import { pushMessage } from '../../store/session-store.js';
import { checkInFlightWhenLoaded } from './in-flight-check.js';
import { StepEngine } from './step-engine.js';
import { createActionExecutor } from './typed-executor.js';

/**
 * The step engine wired into a console session (the composition root passes the session's context): typed actions go
 * to the session's Ceph service, kube actions and Gitea client (each refusing writes itself in
 * read-only mode), the gate is the session's grader, body edits the conflict-safe writer.
 */
export function createSessionSteps(
  context: SessionContext,
  opts: { journalFile?: string; journal?: Journal; timeZone?: string; commandEnv?: NodeJS.ProcessEnv; terminal?: TerminalHandover } = {},
): StepsPort {
  const stores = context.stores;
  const mode = { readOnly: context.mode === 'READ-ONLY', dryRun: context.mode === 'DRY-RUN' };
  let kube: Awaited<ReturnType<typeof loadKube>> | null = null;
  const loadKube = async () => {
    const target = context.kubeTarget();
    if (!target) return null;
    const { createKubeActions } = await import('../kube/actions/index.js');
    return createKubeActions(target, mode);
  };
  const issueNumber = () => {
    const n = stores.issue.getState().number;
    if (n === null) throw new Error('no maintenance issue is open');
    return n;
  };
  const journal = opts.journal ?? new Journal(opts.journalFile ?? journalPath());
  const engine = new StepEngine({
    stores,
    journal,
    // Beside the journal, whose outcome entries name each file.
    outputDir: outputDirFor(journal.file),
    timeZone: opts.timeZone,
    commandEnv: opts.commandEnv,
    // An interactive command gets the real terminal: the UI suspends Ink around it and redraws after.
    runInteractive: (o) => (opts.terminal ?? headlessHandover()).run(() => runInteractive(o)),
    // Each merge of a composed step goes through the session's merge loop (GREEN first, the
    // checked head, the sync wait, the full gate); the step ticks the item, the loop does not.
    merges: {
      plan: (pr) => context.stepMerges.plan(pr),
      run: (request, typed) => context.stepMerges.run(request, typed),
      stop: () => context.stepMerges.stop(),
    },
    executeAction: async (action, ctx) => {
      kube ??= await loadKube();
      const maintenance = () => ({
        number: stores.issue.getState().number,
        mode: stores.issue.getState().editMode ?? ('last-writer-wins' as const),
        // The operator's day (en-CA formats as YYYY-MM-DD).
        date: new Date().toLocaleDateString('en-CA', { timeZone: opts.timeZone }),
      });
      return createActionExecutor({ ceph: context.ceph(), kube, gitea: context.gitea, maintenance })(action, ctx);
    },
    gate: async () => {
      await context.refresh('ceph');
      await context.refresh('health');
      const gate = stores.health.getState().gate;
      if (!gate) throw new Error('the gate has no data yet');
      return gate;
    },
    writeBody: async (edit) => {
      const client = context.gitea;
      if (!client) return { ok: false, reason: 'no Gitea connection' };
      const r = await writeBodyEdit(client, issueNumber(), edit, { mode: stores.issue.getState().editMode ?? 'last-writer-wins' });
      await context.refresh('issue');
      // Queued (Gitea unreachable): the queue journaled it and replays it; the header counts it.
      return r.outcome === 'conflict' ? { ok: false, reason: r.conflict } : { ok: true };
    },
    addLabel: async (name) => {
      const client = context.gitea;
      if (!client) throw new Error('no Gitea connection');
      if (name === 'needs-human') await client.markNeedsHuman(issueNumber());
      else await client.addIssueLabels(issueNumber(), [name]);
    },
  });
  const { torn } = engine.loadUnknownOutcomes();
  if (torn) pushMessage(stores.session, 'warn', torn);
  // Writes a crash left in flight: where they got is read from Gitea once the issue loads.
  checkInFlightWhenLoaded(stores, () => context.gitea);
  return {
    planStep: (item) => engine.planStepAsync(item),
    planRollback: async (item) => engine.planRollback(item),
    planEscalation: async (item, reason) => engine.planEscalation(item, reason),
    run: (request, typed) => engine.runStep(request, typed),
    cancel: () => engine.cancelStep(),
    judge: (verdict, note) => engine.judgeStep(verdict, note),
    defer: (item, note) => engine.deferItem(item, note),
    busy: () => engine.isBusy().reason,
    planSafeState: async () => engine.planSafeState(),
    resume: () => engine.resume(),
    unverified: () => engine.heldReason(),
    verify: (stepId, finding, note) => engine.verifyUnknown(stepId, finding, note),
    close: () => engine.close(),
  };
}
