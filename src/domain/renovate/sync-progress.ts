import type { ApplicationView } from '../health/types.js';

export type AppSyncState = 'synced' | 'waiting' | 'progressing' | 'degraded' | 'missing';

export interface AppProgress {
  name: string;
  state: AppSyncState;
  /** `OutOfSync/Healthy at 1a2b3c4`. */
  detail: string;
}

export interface SyncProgress {
  apps: AppProgress[];
  /** Every affected app is Synced and Healthy at the merge commit. */
  done: boolean;
  /** An app reached the merge commit and is Degraded (or its sync failed): stop. */
  failed: AppProgress[];
  /** Apps still at another revision: ArgoCD may not have noticed the commit yet (refresh them). */
  notNoticed: string[];
}

const atRevision = (app: ApplicationView, sha: string) => !!app.revision && (app.revision.startsWith(sha) || sha.startsWith(app.revision));

/** Where each affected Application stands after a merge commit `sha`. */
export function syncProgress(affected: readonly string[], apps: readonly ApplicationView[], sha: string): SyncProgress {
  const out: AppProgress[] = affected.map((name) => {
    const app = apps.find((a) => a.name === name);
    if (!app) return { name, state: 'missing', detail: 'not found in the cluster' };
    const detail = `${app.syncStatus}/${app.healthStatus} at ${app.revision?.slice(0, 7) ?? 'no revision'}${app.operationPhase ? ` (${app.operationPhase})` : ''}`;
    if (!atRevision(app, sha)) return { name, state: 'waiting', detail };
    if (app.operationPhase === 'Failed' || app.operationPhase === 'Error') return { name, state: 'degraded', detail };
    // `status.sync.revision` is what ArgoCD compared against; only once Synced there is the health
    // the new revision's health (OutOfSync/Degraded is still the old one, before the sync ran).
    if (app.syncStatus !== 'Synced') return { name, state: 'progressing', detail };
    if (app.healthStatus === 'Healthy') return { name, state: 'synced', detail };
    if (app.healthStatus === 'Degraded' || app.healthStatus === 'Missing') return { name, state: 'degraded', detail };
    return { name, state: 'progressing', detail };
  });
  return {
    apps: out,
    done: out.every((a) => a.state === 'synced'),
    failed: out.filter((a) => a.state === 'degraded'),
    notNoticed: out.filter((a) => a.state === 'waiting').map((a) => a.name),
  };
}
