import { projectApplication } from '../../domain/health/project-crds.js';
import type { RawObject } from '../../domain/health/raw.js';
import type { ApplicationView, GateResult } from '../../domain/health/types.js';
import { appendChangeLogRow, composeEdits, optionalEdit, parseIssue, setLastUpdated, stepCompletionEdit } from '../../domain/issue/index.js';
import type { BodyEdit } from '../../domain/issue/types.js';
import { findPrItem } from '../../domain/renovate/pr-item.js';
import type { ClusterStore } from '../../store/cluster-store.js';
import type { HealthStore } from '../../store/health-store.js';
import type { IssueStore } from '../../store/issue-store.js';
import { writeBodyEdit, type IssueBodyApi } from '../gitea/body-writer.js';
import { refreshApplication } from '../kube/actions/argocd.js';
import type { ActionContext } from '../kube/actions/context.js';
import type { AppControl, GateSource, MaintenanceLog } from './ports.js';

/** Applications read straight from the API server (`GET …/applications`), refreshed through the kube writer. */
export function kubeAppControl(ctx: ActionContext, namespace = 'argocd'): AppControl {
  return {
    async list(): Promise<ApplicationView[]> {
      const list = await ctx.http.get<{ items?: RawObject[] }>(`/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/applications`);
      return (list.items ?? []).map(projectApplication);
    },
    async refresh(app) {
      await refreshApplication(ctx, { name: app.name, namespace: app.namespace });
    },
  };
}

/** Applications as the informers keep them in the cluster store (no extra reads). */
export function storeAppControl(store: ClusterStore, refresh: AppControl['refresh']): AppControl {
  return { list: async () => store.getState().applications, refresh };
}

/**
 * The HealthStore's gate. `fresh(since)` waits for a grade made at or after `since`: the health
 * service re-grades on every batch of watch events, so the gate after a sync is the next grade.
 */
export function healthStoreGate(store: HealthStore, { timeoutMs = 60_000 }: { timeoutMs?: number } = {}): GateSource {
  const isFresh = (g: GateResult | null, since: number): g is GateResult => !!g && Date.parse(g.gradedAt) >= since;
  return {
    current: () => store.getState().gate,
    fresh(since) {
      const now = store.getState().gate;
      if (isFresh(now, since)) return Promise.resolve(now);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          unsubscribe();
          reject(new Error(`no new health grade within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        const unsubscribe = store.subscribe((s) => {
          if (!isFresh(s.gate, since)) return;
          clearTimeout(timer);
          unsubscribe();
          resolve(s.gate);
        });
      });
    },
  };
}

/**
 * Records merges and rollbacks in the maintenance issue the console has open: ticks the PR's item
 * (the runbook's "merge PR #N" line, when it has one) and appends a Change Log row, through the
 * conflict-safe writer so a human's concurrent edit survives.
 */
export function maintenanceLog(api: IssueBodyApi, issue: IssueStore, { timeZone }: { timeZone?: string } = {}): MaintenanceLog {
  return {
    async record({ pr, title, outcome, tick }) {
      const s = issue.getState();
      if (s.number === null || !s.editMode) return 'no maintenance issue open';
      const stamp = { at: new Date(), timeZone };
      const fresh = await api.getIssue(s.number);
      const item = tick ? findPrItem(parseIssue(fresh.body).items, pr) : null;
      const action = `${tick ? 'Merged' : 'Rolled back'} Renovate PR #${pr}: ${title}`;
      const edit: BodyEdit = item
        ? stepCompletionEdit({ item: { id: item.id, title: item.title }, stamp, outcome, log: action })
        : composeEdits(action, [optionalEdit(appendChangeLogRow({ stamp, action, result: outcome, item: `PR #${pr}` })), optionalEdit(setLastUpdated(stamp))]);
      const r = await writeBodyEdit(api, s.number, edit, { mode: s.editMode });
      if (r.outcome === 'conflict') return `not recorded: ${r.conflict}`;
      return item ? `ticked ${item.id ?? item.title} in #${s.number}` : `logged in #${s.number} (no item names PR #${pr})`;
    },
  };
}
