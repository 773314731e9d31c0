import { asRecord } from '../../../domain/health/raw.js';
import { KubeInputError } from '../errors.js';
import { namespaceName, objectName, timeout } from '../validate.js';
import { waitUntil } from '../wait.js';
import type { ActionContext, WriteResult } from './context.js';

export type WorkloadKind = 'deployment' | 'statefulset' | 'daemonset';
const PLURAL: Record<WorkloadKind, string> = { deployment: 'deployments', statefulset: 'statefulsets', daemonset: 'daemonsets' };

export function workloadPath(kind: WorkloadKind, namespace: string, name: string): string {
  if (!(kind in PLURAL)) throw new KubeInputError(`cannot roll out a '${kind}'; use deployment, statefulset or daemonset`);
  return `/apis/apps/v1/namespaces/${namespaceName(namespace)}/${PLURAL[kind]}/${objectName(name)}`;
}

export interface RolloutStatus {
  done: boolean;
  /** kubectl rollout status's words: "Waiting for deployment "x" rollout to finish: 1 of 2 updated replicas are available...". */
  message: string;
}

type Num = number | undefined;

/** The same rules as `kubectl rollout status` for each workload kind. */
export function rolloutStatusOf(kind: WorkloadKind, obj: unknown): RolloutStatus {
  const o = asRecord(obj);
  const meta = asRecord(o.metadata);
  const spec = asRecord(o.spec);
  const st = asRecord(o.status);
  const name = String(meta.name ?? '');
  const generation = meta.generation as Num;
  const observed = st.observedGeneration as Num;
  if (generation !== undefined && (observed ?? 0) < generation) return { done: false, message: `Waiting for ${kind} spec update to be observed...` };
  const n = (v: unknown) => (typeof v === 'number' ? v : 0);
  if (kind === 'deployment') {
    const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const updated = n(st.updatedReplicas);
    const replicas = n(st.replicas);
    const available = n(st.availableReplicas);
    const progressing = (Array.isArray(st.conditions) ? st.conditions : []).map(asRecord).find((c) => c.type === 'Progressing');
    if (progressing?.reason === 'ProgressDeadlineExceeded') return { done: false, message: `deployment "${name}" exceeded its progress deadline` };
    if (updated < want)
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${updated} out of ${want} new replicas have been updated...` };
    if (replicas > updated)
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${replicas - updated} old replicas are pending termination...` };
    if (available < updated)
      return { done: false, message: `Waiting for deployment "${name}" rollout to finish: ${available} of ${updated} updated replicas are available...` };
    return { done: true, message: `deployment "${name}" successfully rolled out` };
  }
  if (kind === 'statefulset') {
    const want = typeof spec.replicas === 'number' ? spec.replicas : 1;
    const ready = n(st.readyReplicas);
    if (ready < want) return { done: false, message: `Waiting for ${want - ready} pods to be ready...` };
    const partition = n(asRecord(asRecord(spec.updateStrategy).rollingUpdate).partition);
    if (partition > 0) {
      const updated = n(st.updatedReplicas);
      if (updated < want - partition)
        return { done: false, message: `Waiting for partitioned roll out to finish: ${updated} out of ${want - partition} new pods have been updated...` };
      return { done: true, message: `partitioned roll out complete: ${updated} new pods have been updated...` };
    }
    if (st.updateRevision !== st.currentRevision) {
      return {
        done: false,
        message: `waiting for statefulset rolling update to complete ${n(st.updatedReplicas)} pods at revision ${String(st.updateRevision)}...`,
      };
    }
    return { done: true, message: `statefulset rolling update complete ${want} pods at revision ${String(st.currentRevision)}...` };
  }
  const desired = n(st.desiredNumberScheduled);
  const updated = n(st.updatedNumberScheduled);
  const available = n(st.numberAvailable);
  if (updated < desired)
    return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${updated} out of ${desired} new pods have been updated...` };
  if (available < desired)
    return { done: false, message: `Waiting for daemon set "${name}" rollout to finish: ${available} of ${desired} updated pods are available...` };
  return { done: true, message: `daemon set "${name}" successfully rolled out` };
}

export interface RolloutTarget {
  kind: WorkloadKind;
  namespace: string;
  name: string;
}

export async function rolloutStatus(ctx: ActionContext, t: RolloutTarget): Promise<RolloutStatus> {
  return rolloutStatusOf(t.kind, await ctx.http.get(workloadPath(t.kind, t.namespace, t.name)));
}

export async function waitForRollout(ctx: ActionContext, t: RolloutTarget, { timeoutMs }: { timeoutMs?: number } = {}): Promise<RolloutStatus> {
  const path = workloadPath(t.kind, t.namespace, t.name);
  return waitUntil(
    async () => {
      const s = rolloutStatusOf(t.kind, await ctx.http.get(path));
      return { done: s.done, detail: s.message, value: s };
    },
    { timeoutMs: timeout(timeoutMs, 300_000), intervalMs: ctx.pollMs, what: `rollout of ${t.kind}/${t.name} in ${t.namespace}` },
  );
}

export interface RestartResult extends WriteResult {
  restartedAt: string;
  /** Set when the caller asked to wait and the write was sent. */
  rollout: RolloutStatus | null;
}

/** `kubectl rollout restart`: stamps the pod template so the controller replaces every pod, then optionally waits. */
export async function restartRollout(ctx: ActionContext, t: RolloutTarget & { wait?: boolean; timeoutMs?: number; now?: () => Date }): Promise<RestartResult> {
  const path = workloadPath(t.kind, t.namespace, t.name);
  const restartedAt = (t.now?.() ?? new Date()).toISOString();
  const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': restartedAt } } } } };
  const out = await ctx.writer.write({ method: 'PATCH', path, body, what: `restart ${t.kind} ${t.namespace}/${t.name}` });
  const request = { method: 'PATCH', path, body };
  if (!out.sent) return { dryRun: true, request, restartedAt, rollout: null };
  const rollout = t.wait === false ? null : await waitForRollout(ctx, t, { timeoutMs: t.timeoutMs });
  return { dryRun: false, request, restartedAt, rollout };
}
