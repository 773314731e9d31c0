import type { RenovateRule } from '../../domain/renovate/rules.js';
import type { ActionResult, ConfirmRequest } from '../../domain/console-engine.js';
import type { MergePort, SessionContext } from '../session-context.js';
import { KubeHttp } from '../kube/http.js';
import { createKubeWriter } from '../kube/writer.js';
import { healthStoreGate, kubeAppControl, maintenanceLog, storeAppControl } from './adapters.js';
import { MergeLoop, type MergeLoopOptions } from './merge-loop.js';
import { upgradeRunnerFor, type UpgradeWiring } from '../upgrade/wiring.js';
import { Journal } from '../journal/journal.js';
import type { UpgradeRunner } from '../upgrade/runner.js';
import type { GateSource } from './ports.js';

export interface MergePortOptions {
  rules?: readonly RenovateRule[];
  branchPrefix?: string;
  syncTimeoutMs?: number;
  /** The upgrade protocols (config `upgrade`); on by default with the workflow's 30-minute window. */
  upgrade?: UpgradeWiring;
  /** The session's step journal, so merges and rollbacks are journaled like steps. */
  journal?: MergeLoopOptions['journal'];
}

/** The merge loop as the engine facade's MergePort, plus rollback and the major-update checklist. */
export interface RenovatePort extends MergePort {
  loop: MergeLoop;
  /** Majors and databases go through their protocol (pre-flight, backup, gates, window). */
  upgrade: UpgradeRunner;
  planRollback(pr: number): ReturnType<MergeLoop['planRollback']>;
}

/**
 * `SessionOptions.mergeLoop`: builds the loop over the session's Gitea client, stores and kube
 * target. Applications come from the informers' cluster store; a refresh is one PATCH through the
 * kube writer (so read-only refuses it and dry-run reports it).
 */
export function mergeLoopFor(options: MergePortOptions = {}): (context: SessionContext) => RenovatePort | null {
  return (context) => {
    const client = context.gitea;
    if (!client) return null;
    const { stores } = context;
    const mode = context.mode;
    const kubeCtx = () => {
      const target = context.kubeTarget();
      if (!target) throw new Error('Kubernetes is not connected');
      const http = new KubeHttp(target);
      return { http, writer: createKubeWriter(http, { readOnly: mode === 'READ-ONLY', dryRun: mode === 'DRY-RUN' }) };
    };
    const apps = storeAppControl(stores.cluster, (app) => kubeAppControl(kubeCtx()).refresh(app));
    const storeGate = healthStoreGate(stores.health);
    // The full gate after a sync: ask the grader for a grade now, then take the first one made since.
    const gate: GateSource = {
      current: storeGate.current,
      async fresh(since) {
        await context.refresh('health');
        return storeGate.fresh(since);
      },
    };
    // One journal for the session: the upgrade protocol's intents carry the same kube context and Gitea host.
    const journal = options.journal instanceof Journal ? options.journal : undefined;
    const upgrade = upgradeRunnerFor(context, client, apps, kubeCtx, { ...(journal ? { journal } : {}), ...options.upgrade });
    const loop = new MergeLoop({
      gitea: client,
      apps,
      gate,
      queue: stores.queue,
      log: maintenanceLog(client, stores.issue, { refresh: () => context.refresh('issue') }),
      rules: options.rules,
      branchPrefix: options.branchPrefix,
      syncTimeoutMs: options.syncTimeoutMs,
      write: mode === 'WRITE',
      guard: upgrade.runner,
      journal: options.journal ?? null,
      // Escalation stops merges in the loop too, not only at the session's door.
      halted: () => context.halted?.() ?? null,
    });
    return {
      loop,
      upgrade: upgrade.runner,
      planMerge: (pr) => loop.planMerge(pr),
      planRollback: (pr) => loop.planRollback(pr),
      run(request: ConfirmRequest, typed: string, opts?: { tick?: boolean }): Promise<ActionResult> {
        if (request.action === 'scale-down') return upgrade.runner.runScaleDown(request, typed);
        return request.action === 'rollback' ? loop.runRollback(request, typed) : loop.runMerge(request, typed, opts);
      },
      // One stop key for every wait: the loop's sync wait (and the protocol stages inside the merge),
      // and a protocol wait outside it (the dependents scaling down).
      stop: () => {
        loop.stopMergeLoop();
        upgrade.runner.stop();
      },
      busy: () => loop.inFlight ?? upgrade.runner.busy(),
      protocol: {
        next: (pr) => upgrade.runner.next(pr, stores.queue.getState().prs),
        act: (pr, input) => upgrade.runner.act(pr, input),
        planScaleDown: (pr) => upgrade.runner.planScaleDown(pr, mode !== 'WRITE'),
      },
      // The loop first: a merge still waiting is recorded as interrupted before the upgrade runner closes.
      close: async () => {
        await loop.close();
        await upgrade.close();
      },
    };
  };
}
