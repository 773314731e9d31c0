import { KubeApiError } from '../errors.js';
import { namespaceName, objectName, timeout, wholeNumber } from '../validate.js';
import { waitUntil } from '../wait.js';
import type { ActionContext, WriteResult } from './context.js';

const podPath = (namespace: string, name: string) => `/api/v1/namespaces/${namespaceName(namespace)}/pods/${objectName(name, 'pod')}`;

export interface DeletePodResult extends WriteResult {
  /** True once the pod object is gone (only when asked to wait). */
  gone: boolean;
}

/** `kubectl delete pod`: its controller makes a new one. Optionally waits until the old object is gone. */
export async function deletePod(
  ctx: ActionContext,
  p: { namespace: string; name: string; wait?: boolean; timeoutMs?: number; gracePeriodSeconds?: number },
): Promise<DeletePodResult> {
  const path = podPath(p.namespace, p.name);
  const body = p.gracePeriodSeconds === undefined ? undefined : { gracePeriodSeconds: wholeNumber(p.gracePeriodSeconds, 'grace period') };
  const request = { method: 'DELETE', path, body };
  const out = await ctx.writer.write({ method: 'DELETE', path, body, contentType: 'application/json', what: `delete pod ${p.namespace}/${p.name}` });
  if (!out.sent) return { dryRun: true, request, gone: false };
  if (!p.wait) return { dryRun: false, request, gone: false };
  await waitUntil(
    async () => {
      try {
        await ctx.http.get(path);
        return { done: false, detail: 'still terminating', value: undefined };
      } catch (err) {
        if (err instanceof KubeApiError && err.status === 404) return { done: true, detail: '', value: undefined };
        throw err;
      }
    },
    { timeoutMs: timeout(p.timeoutMs, 120_000), intervalMs: ctx.pollMs, what: `pod ${p.namespace}/${p.name} to go away` },
  );
  return { dryRun: false, request, gone: true };
}

export interface LogsRequest {
  namespace: string;
  pod: string;
  container?: string;
  /** Last N lines (kubectl logs --tail); default 100. */
  tailLines?: number;
  /** The previous (crashed) container instance, like --previous. */
  previous?: boolean;
}

/** `kubectl logs --tail=N [--previous]`. */
export async function tailLogs(ctx: ActionContext, r: LogsRequest): Promise<string> {
  return ctx.http.getText(`${podPath(r.namespace, r.pod)}/log`, {
    tailLines: wholeNumber(r.tailLines ?? 100, 'tail lines', { min: 1, max: 100_000 }),
    previous: r.previous ? true : undefined,
    container: r.container === undefined ? undefined : objectName(r.container, 'container'),
  });
}
