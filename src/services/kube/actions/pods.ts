import { KubeApiError } from '../errors.js';
import { namespaceName, objectName, timeout, wholeNumber } from '../validate.js';
import { waitUntil } from '../wait.js';
import type { ActionContext, WriteResult } from './context.js';

const podPath = (namespace: string, name: string) => `/api/v1/namespaces/${namespaceName(namespace)}/pods/${objectName(name, 'pod')}`;

export interface DeletePodResult extends WriteResult {
  /** True once the pod object is gone (only when asked to wait). */
  gone: boolean;
  /** The controller that owns the pod (`StatefulSet/redis`), or null for a bare pod. */
  owner: string | null;
  /** The Ready replacement the wait saw (`redis-0`, new UID), when the pod has a controller. */
  replacement: string | null;
}

interface PodObject {
  metadata: { name: string; uid?: string; ownerReferences?: Array<{ kind: string; name: string; uid: string; controller?: boolean }> };
  status?: { conditions?: Array<{ type: string; status: string }> };
}

/** Controllers that recreate a deleted pod: waiting for the old name to vanish would be wrong for them. */
const RECREATING = new Set(['StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);

const ready = (p: PodObject) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * `kubectl delete pod`. With `wait`, the wait matches the pod's controller: a pod owned by a
 * StatefulSet/DaemonSet/ReplicaSet is done when a replacement (a new UID under the same owner, for
 * a StatefulSet under the same name) is Ready; a bare pod is done when it is gone.
 */
export async function deletePod(
  ctx: ActionContext,
  p: { namespace: string; name: string; wait?: boolean; timeoutMs?: number; gracePeriodSeconds?: number },
): Promise<DeletePodResult> {
  const path = podPath(p.namespace, p.name);
  const body = p.gracePeriodSeconds === undefined ? undefined : { gracePeriodSeconds: wholeNumber(p.gracePeriodSeconds, 'grace period') };
  const request = { method: 'DELETE', path, body };
  const before = p.wait ? await ctx.http.get<PodObject>(path) : null;
  const ref = before?.metadata.ownerReferences?.find((o) => o.controller !== false && RECREATING.has(o.kind)) ?? null;
  const owner = ref ? `${ref.kind}/${ref.name}` : null;
  const out = await ctx.writer.write({ method: 'DELETE', path, body, contentType: 'application/json', what: `delete pod ${p.namespace}/${p.name}` });
  if (!out.sent) return { dryRun: true, request, gone: false, owner, replacement: null };
  if (!p.wait) return { dryRun: false, request, gone: false, owner, replacement: null };
  const wait = { timeoutMs: timeout(p.timeoutMs, 120_000), intervalMs: ctx.pollMs };
  if (ref && before) {
    const oldUid = before.metadata.uid;
    const replacement = await waitUntil(
      async () => {
        const list = await ctx.http.get<{ items: PodObject[] }>(`/api/v1/namespaces/${namespaceName(p.namespace)}/pods`);
        const owned = list.items.filter((x) => x.metadata.uid !== oldUid && x.metadata.ownerReferences?.some((o) => o.uid === ref.uid));
        const next = owned.find((x) => ready(x) && (ref.kind !== 'StatefulSet' || x.metadata.name === p.name));
        if (next) return { done: true, detail: '', value: next.metadata.name as string | null };
        return {
          done: false,
          detail: owned.length ? `replacement ${owned.map((x) => x.metadata.name).join(', ')} not Ready yet` : 'no replacement yet',
          value: null,
        };
      },
      { ...wait, what: `a Ready replacement for pod ${p.namespace}/${p.name} from ${owner}` },
    );
    return { dryRun: false, request, gone: true, owner, replacement };
  }
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
    { ...wait, what: `pod ${p.namespace}/${p.name} to go away` },
  );
  return { dryRun: false, request, gone: true, owner: null, replacement: null };
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
