import type { CephAction } from '../../domain/ceph/actions.js';
import { redactSecrets } from '../../domain/redact.js';
import { describeAction, type TypedAction } from '../../domain/steps/typed-action.js';
import type { EditMode } from '../../store/issue-store.js';
import { guardedClose, type GuardedCloseApi } from '../gitea/guarded-close.js';
import type { CephActionOutcome } from '../ceph/ceph-service.js';
import type { GiteaClient } from '../gitea/client.js';
import type { KubeActions } from '../kube/actions/index.js';
import type { ActionContext, ActionOutcome } from './ports.js';

/** The services typed actions go to; any may be absent (then its actions fail with a clear line). */
export interface ActionServices {
  ceph?: { perform(action: CephAction): Promise<CephActionOutcome> } | null;
  kube?: Pick<KubeActions, 'restartRollout' | 'deletePod' | 'refreshApplication' | 'syncApplication' | 'waitForApplication'> | null;
  gitea?: (Pick<GiteaClient, 'getPull' | 'mergePull'> & GuardedCloseApi) | null;
  /** The maintenance issue and edit mode a close needs (its resolution note, its refusals). */
  maintenance?: () => { number: number | null; mode: EditMode; date: string };
  /** Deadline for rollout / Application waits. */
  waitTimeoutMs?: number;
}

function toCeph(a: TypedAction): CephAction | null {
  switch (a.kind) {
    case 'ceph-crash-archive-all':
      return { kind: 'crash-archive-all' };
    case 'ceph-crash-archive':
      return { kind: 'crash-archive', crashId: a.crashId };
    case 'ceph-osd-reweight':
      return { kind: 'osd-reweight', osd: a.osd, weight: a.weight };
    case 'ceph-osd-out':
      return { kind: 'osd-out', osd: a.osd };
    case 'ceph-osd-in':
      return { kind: 'osd-in', osd: a.osd };
    // The engine only gets here after the operator typed `osd.N` for this very step.
    case 'ceph-osd-purge':
      return { kind: 'osd-purge', osd: a.osd, confirmation: `osd.${a.osd}` };
    case 'ceph-set-noout':
      return { kind: 'osd-set', flag: 'noout' };
    case 'ceph-unset-noout':
      return { kind: 'osd-unset', flag: 'noout' };
    default:
      return null;
  }
}

const missing = (what: string): ActionOutcome => ({ ok: false, message: `${what} is not connected in this session` });

/**
 * Carries out typed actions with the console's own clients. Read-only and dry-run are enforced by
 * those services themselves (they refuse or only describe the write); a dry-run result is never
 * reported as done.
 */
export function createActionExecutor(s: ActionServices): (action: TypedAction, ctx: ActionContext) => Promise<ActionOutcome> {
  return async (action, ctx) => {
    try {
      const ceph = toCeph(action);
      if (ceph) {
        if (!s.ceph) return missing('Ceph');
        const r = await s.ceph.perform(ceph);
        return { ok: r.ok && r.status !== 'dry-run', message: r.message };
      }
      switch (action.kind) {
        case 'rollout-restart': {
          if (!s.kube) return missing('Kubernetes');
          const r = await s.kube.restartRollout({
            kind: action.workload,
            namespace: action.namespace,
            name: action.name,
            wait: action.wait,
            timeoutMs: s.waitTimeoutMs,
          });
          if (r.dryRun) return { ok: false, message: `dry-run: would ${r.request.method} ${r.request.path}` };
          ctx.log([`restarted ${action.workload}/${action.name} at ${r.restartedAt}`]);
          return { ok: true, message: `${action.workload}/${action.name} restarted${r.rollout ? ` and rolled out` : ''}` };
        }
        case 'delete-pod': {
          if (!s.kube) return missing('Kubernetes');
          const r = await s.kube.deletePod({ namespace: action.namespace, name: action.name, wait: true, timeoutMs: s.waitTimeoutMs });
          if (r.dryRun) return { ok: false, message: `dry-run: would delete pod ${action.name}` };
          return {
            ok: true,
            message: `pod ${action.namespace}/${action.name} deleted${r.replacement ? `; ${r.owner} replaced it: ${r.replacement} Ready` : ''}`,
          };
        }
        case 'argocd-refresh': {
          if (!s.kube) return missing('Kubernetes');
          const r = await s.kube.refreshApplication({ name: action.app });
          return r.dryRun ? { ok: false, message: `dry-run: would refresh ${action.app}` } : { ok: true, message: `Application ${action.app} refreshed` };
        }
        case 'argocd-sync': {
          if (!s.kube) return missing('Kubernetes');
          const r = await s.kube.syncApplication({ name: action.app });
          if (r.dryRun) return { ok: false, message: `dry-run: would sync ${action.app}` };
          if (!action.wait) return { ok: true, message: `sync of ${action.app} started` };
          const app = await s.kube.waitForApplication({ name: action.app, timeoutMs: s.waitTimeoutMs });
          return { ok: true, message: `${action.app}: ${app.syncStatus} / ${app.healthStatus}` };
        }
        case 'argocd-wait': {
          if (!s.kube) return missing('Kubernetes');
          const app = await s.kube.waitForApplication({ name: action.app, timeoutMs: s.waitTimeoutMs });
          return { ok: true, message: `${action.app}: ${app.syncStatus} / ${app.healthStatus}` };
        }
        case 'pr-merge': {
          if (!s.gitea) return missing('Gitea');
          const pr = await s.gitea.getPull(action.number);
          ctx.log([`PR #${action.number} head ${pr.head.sha.slice(0, 7)}: merging exactly that commit`]);
          await s.gitea.mergePull(action.number, { headSha: pr.head.sha });
          return { ok: true, message: `PR #${action.number} merged` };
        }
        case 'pr-close':
        case 'issue-close': {
          if (!s.gitea) return missing('Gitea');
          // The one close path: dashboard and maintenance issue refused, `## Resolution` note first.
          const m = s.maintenance?.() ?? { number: null, mode: 'last-writer-wins' as const, date: new Date().toISOString().slice(0, 10) };
          const why = ctx.item ? `${ctx.item.id ? `${ctx.item.id}: ` : ''}${ctx.item.title}` : describeAction(action);
          const r = await guardedClose(s.gitea, { number: action.number, maintenance: m.number, reason: why, date: m.date, mode: m.mode });
          return r.ok ? { ok: true, message: r.message } : { ok: false, message: r.reason };
        }
        default:
          return { ok: false, message: `no executor for ${action.kind}` };
      }
    } catch (err) {
      return { ok: false, message: redactSecrets(err instanceof Error ? err.message.split('\n')[0]! : String(err)) };
    }
  };
}
