import { KubeHttp } from '../http.js';
import type { KubeTarget } from '../kubeconfig.js';
import { createKubeWriter, type WriteMode } from '../writer.js';
import { getApplication, refreshApplication, syncApplication, waitForApplication } from './argocd.js';
import type { ActionContext } from './context.js';
import { execInPod } from './exec.js';
import { nodeConditions } from './nodes.js';
import { deletePod, tailLogs } from './pods.js';
import { restartRollout, rolloutStatus, waitForRollout } from './rollout.js';
import { scaleWorkload } from './scale.js';

type Tail<F> = F extends (ctx: ActionContext, ...rest: infer R) => infer O ? (...rest: R) => O : never;
const bind = <F extends (ctx: ActionContext, ...rest: never[]) => unknown>(ctx: ActionContext, f: F) => ((...rest: never[]) => f(ctx, ...rest)) as Tail<F>;

/** The typed kube actions the step engine uses, bound to one cluster and one write mode. */
export function createKubeActions(target: KubeTarget, mode: WriteMode, { pollMs }: { pollMs?: number } = {}) {
  const http = new KubeHttp(target);
  const ctx: ActionContext = { http, writer: createKubeWriter(http, mode), pollMs };
  return {
    mode,
    restartRollout: bind(ctx, restartRollout),
    rolloutStatus: bind(ctx, rolloutStatus),
    waitForRollout: bind(ctx, waitForRollout),
    deletePod: bind(ctx, deletePod),
    tailLogs: bind(ctx, tailLogs),
    nodeConditions: bind(ctx, nodeConditions),
    scaleWorkload: bind(ctx, scaleWorkload),
    getApplication: bind(ctx, getApplication),
    refreshApplication: bind(ctx, refreshApplication),
    syncApplication: bind(ctx, syncApplication),
    waitForApplication: bind(ctx, waitForApplication),
    execInPod: bind(ctx, execInPod),
  };
}

export type KubeActions = ReturnType<typeof createKubeActions>;
export type { ActionContext, WriteResult } from './context.js';
export type { ExecRequest, ExecResult } from './exec.js';
export type { RolloutStatus, RolloutTarget, RestartResult, WorkloadKind } from './rollout.js';
export type { DeletePodResult, LogsRequest } from './pods.js';
export type { NodeCondition } from './nodes.js';
export type { ScaleResult } from './scale.js';
export { exitCodeOfStatus, resolveExecPod } from './exec.js';
export { rolloutStatusOf } from './rollout.js';
