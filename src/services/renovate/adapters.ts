import { projectApplication } from '../../domain/health/project-crds.js';
import type { RawObject } from '../../domain/health/raw.js';
import type { ApplicationView } from '../../domain/health/types.js';
import { parseIssue, stepOutcomeEdit, type StepOutcomeKind } from '../../domain/issue/index.js';
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
 * The HealthStore's gate. The grader re-grades on every batch of watch events but writes only when
 * the grade changed, so "a fresh gate" is: let `settleMs` pass after `since` (informer batches land,
 * pods that crash right after a sync show up), then take the store's grade, which reflects them.
 */
export function healthStoreGate(store: HealthStore, { settleMs = 3_000, now = Date.now }: { settleMs?: number; now?: () => number } = {}): GateSource {
  return {
    current: () => store.getState().gate,
    async fresh(since) {
      const wait = since + settleMs - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const gate = store.getState().gate;
      if (!gate) throw new Error('no health grade yet (is the cluster connected?)');
      return gate;
    },
  };
}

/**
 * Records merges and rollbacks in the maintenance issue the console has open, once, in the body's
 * style: a merge ticks the PR's item (the runbook's "merge PR #N" line, when it has one), a rollback
 * unticks it with a rolled-back note, a failed or interrupted merge leaves it open; each writes a
 * Change Log row, Overall Status from the last gate and Last Updated — through the conflict-safe
 * writer so a human's concurrent edit survives.
 */
export function maintenanceLog(
  api: IssueBodyApi,
  issue: IssueStore,
  { timeZone, refresh }: { timeZone?: string; refresh?: () => Promise<unknown> } = {},
): MaintenanceLog {
  return {
    async record({ pr, title, outcome, tick, kind, status }) {
      const s = issue.getState();
      if (s.number === null || !s.editMode) return 'no maintenance issue open';
      // Unticking needs an explicit rolled-back: a row without a kind never undoes a tick.
      const how = kind ?? (tick ? 'merged' : 'failed');
      const stamp = { at: new Date(), timeZone };
      const fresh = await api.getIssue(s.number);
      const items = parseIssue(fresh.body).items;
      const item = how === 'rolled-back' ? (findPrItem(items, pr, { ticked: true }) ?? findPrItem(items, pr)) : findPrItem(items, pr);
      const verb = {
        merged: 'Merged',
        'merged-only': 'Merged',
        'rolled-back': 'Rolled back',
        failed: 'Merge failed for',
        interrupted: 'Interrupted merge of',
        stopped: 'Stopped the wait for',
      }[how];
      const action = `${verb} Renovate PR #${pr}: ${title}`;
      const outcomeKind: StepOutcomeKind = how === 'merged' ? 'done' : how === 'merged-only' ? 'logged' : how === 'stopped' ? 'cancelled' : how;
      const edit = stepOutcomeEdit({
        kind: outcomeKind,
        item: item ? { id: item.id, title: item.title } : null,
        stamp,
        note: outcome,
        action,
        result: outcome,
        itemLabel: item ? undefined : `PR #${pr}`,
        phase: how === 'rolled-back' ? 'Rollback' : 'Merge',
        status: status && status !== 'UNKNOWN' ? status : undefined,
      });
      const r = await writeBodyEdit(api, s.number, edit, { mode: s.editMode });
      if (r.outcome === 'conflict') return `not recorded: ${r.conflict}`;
      // The console shows the body it just wrote, not the last poll's: a merge's tick or a
      // rollback's untick reaches the items pane and the step keys (s refuses a ticked item) now.
      await refresh?.().catch(() => undefined);
      if (!item) return `logged in #${s.number} (no item names PR #${pr})`;
      if (how === 'merged-only') return `logged in #${s.number}`;
      return how === 'merged'
        ? `ticked ${item.id ?? item.title} in #${s.number}`
        : how === 'rolled-back'
          ? `unticked ${item.id ?? item.title} in #${s.number}`
          : `logged for ${item.id ?? item.title} in #${s.number}`;
    },
  };
}
