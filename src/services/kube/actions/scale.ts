import { asRecord } from '../../../domain/health/raw.js';
import { KubeInputError } from '../errors.js';
import { timeout, wholeNumber } from '../validate.js';
import { waitUntil } from '../wait.js';
import type { ActionContext, WriteResult } from './context.js';
import { workloadPath, type WorkloadKind } from './rollout.js';

export interface ScaleResult extends WriteResult {
  replicas: number;
  /** Ready replicas seen when the wait ended (null without a wait or in dry-run). */
  readyReplicas: number | null;
}

/** `kubectl scale --replicas=N` for a deployment or statefulset (database procedures), then waits for N ready. */
export async function scaleWorkload(
  ctx: ActionContext,
  s: { kind: Exclude<WorkloadKind, 'daemonset'>; namespace: string; name: string; replicas: number; wait?: boolean; timeoutMs?: number; signal?: AbortSignal },
): Promise<ScaleResult> {
  if ((s.kind as string) === 'daemonset') throw new KubeInputError('a daemonset cannot be scaled');
  const path = workloadPath(s.kind, s.namespace, s.name);
  const replicas = wholeNumber(s.replicas, 'replicas', { max: 1000 });
  const body = { spec: { replicas } };
  const request = { method: 'PATCH', path, body };
  const out = await ctx.writer.write({ method: 'PATCH', path, body, what: `scale ${s.kind} ${s.namespace}/${s.name} to ${replicas}` });
  if (!out.sent) return { dryRun: true, request, replicas, readyReplicas: null };
  if (s.wait === false) return { dryRun: false, request, replicas, readyReplicas: null };
  const ready = await waitUntil(
    async () => {
      const st = asRecord(asRecord(await ctx.http.get(path)).status);
      const r = typeof st.readyReplicas === 'number' ? st.readyReplicas : 0;
      const total = typeof st.replicas === 'number' ? st.replicas : 0;
      return { done: r === replicas && total === replicas, detail: `${r} of ${replicas} ready, ${total} present`, value: r };
    },
    {
      timeoutMs: timeout(s.timeoutMs, 300_000),
      intervalMs: ctx.pollMs,
      what: `${s.kind}/${s.name} to have ${replicas} ready replicas`,
      ...(s.signal ? { signal: s.signal } : {}),
    },
  );
  return { dryRun: false, request, replicas, readyReplicas: ready };
}
