import { projectApplication } from '../../../domain/health/project-crds.js';
import type { RawObject } from '../../../domain/health/raw.js';
import type { ApplicationView } from '../../../domain/health/types.js';
import { KubeInputError } from '../errors.js';
import { namespaceName, objectName, timeout } from '../validate.js';
import { waitUntil } from '../wait.js';
import type { ActionContext, WriteResult } from './context.js';

export interface AppRef {
  name: string;
  /** ArgoCD's namespace; "argocd" by default. */
  namespace?: string;
}

const appPath = (a: AppRef) =>
  `/apis/argoproj.io/v1alpha1/namespaces/${namespaceName(a.namespace ?? 'argocd')}/applications/${objectName(a.name, 'application')}`;

export async function getApplication(ctx: ActionContext, a: AppRef): Promise<ApplicationView> {
  return projectApplication(await ctx.http.get<RawObject>(appPath(a)));
}

/** `argocd app refresh [--hard]`: the refresh annotation, which the application controller acts on and removes. */
export async function refreshApplication(ctx: ActionContext, a: AppRef & { hard?: boolean }): Promise<WriteResult> {
  const path = appPath(a);
  const body = { metadata: { annotations: { 'argocd.argoproj.io/refresh': a.hard ? 'hard' : 'normal' } } };
  const out = await ctx.writer.write({ method: 'PATCH', path, body, what: `refresh application ${a.name}` });
  return { dryRun: !out.sent, request: { method: 'PATCH', path, body } };
}

/** `argocd app sync`: sets `operation` on the Application, which the controller executes and clears. */
export async function syncApplication(ctx: ActionContext, a: AppRef & { revision?: string; prune?: boolean }): Promise<WriteResult> {
  if (a.revision !== undefined && !/^[\w./-]{1,255}$/.test(a.revision)) throw new KubeInputError(`revision '${a.revision}' is not a git revision`);
  const path = appPath(a);
  const sync: Record<string, unknown> = { syncStrategy: { hook: {} } };
  if (a.revision) sync.revision = a.revision;
  if (a.prune) sync.prune = true;
  const body = { operation: { initiatedBy: { username: 'homelab-console' }, sync } };
  const out = await ctx.writer.write({ method: 'PATCH', path, body, what: `sync application ${a.name}` });
  return { dryRun: !out.sent, request: { method: 'PATCH', path, body } };
}

/** Waits until the Application is Synced and Healthy (at `revision`, a full SHA or a prefix, when given). */
export async function waitForApplication(ctx: ActionContext, a: AppRef & { revision?: string; timeoutMs?: number }): Promise<ApplicationView> {
  return waitUntil(
    async () => {
      const app = await getApplication(ctx, a);
      const atRevision = !a.revision || (app.revision ?? '').startsWith(a.revision);
      const done = app.syncStatus === 'Synced' && app.healthStatus === 'Healthy' && atRevision;
      return { done, detail: `${app.syncStatus}/${app.healthStatus} at ${app.revision?.slice(0, 7) ?? 'no revision'}`, value: app };
    },
    {
      timeoutMs: timeout(a.timeoutMs, 300_000),
      intervalMs: ctx.pollMs,
      what: `application ${a.name} Synced and Healthy${a.revision ? ` at ${a.revision.slice(0, 7)}` : ''}`,
    },
  );
}
