import { Writable } from 'node:stream';
import { asRecord, type RawObject } from '../../../domain/health/raw.js';
import { describeError, KubeInputError, KubeTimeoutError } from '../errors.js';
import { loadClientNode } from '../load-client.js';
import { namespaceName, objectName, timeout } from '../validate.js';
import type { ActionContext } from './context.js';

export interface ExecRequest {
  namespace: string;
  /** A pod name, "pod/NAME", or "deploy/NAME" / "deployment/NAME" / "sts/NAME" (a running pod of it, like kubectl exec). */
  target: string;
  container?: string;
  command: string[];
  timeoutMs?: number;
  /** The command changes something: refused in read-only mode (the writer's rule), reported in dry-run. */
  mutating?: boolean;
}

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
  pod: string;
  container: string;
  dryRun?: boolean;
}

interface StatusLike {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ reason?: string; message?: string }> };
}

/** Exit code carried by the v1 Status on channel 3 (Success → 0, NonZeroExitCode → its ExitCode cause). */
export function exitCodeOfStatus(s: StatusLike): number | null {
  if (s.status === 'Success') return 0;
  if (s.reason === 'NonZeroExitCode') {
    const code = Number(s.details?.causes?.find((c) => c.reason === 'ExitCode')?.message);
    return Number.isInteger(code) ? code : 1;
  }
  return null;
}

const WORKLOADS: Record<string, string> = {
  deploy: 'deployments',
  deployment: 'deployments',
  sts: 'statefulsets',
  statefulset: 'statefulsets',
  ds: 'daemonsets',
  daemonset: 'daemonsets',
};

function isRunningReady(pod: RawObject): boolean {
  const st = asRecord(pod.status);
  const conds = Array.isArray(st.conditions) ? st.conditions.map(asRecord) : [];
  return st.phase === 'Running' && !pod.metadata?.deletionTimestamp && conds.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The pod and container `kubectl exec TARGET` would use. */
export async function resolveExecPod(ctx: ActionContext, namespace: string, target: string, container?: string): Promise<{ pod: string; container: string }> {
  const ns = namespaceName(namespace);
  const [kind, name] = target.includes('/') ? (target.split('/', 2) as [string, string]) : ['pod', target];
  let pod: RawObject;
  if (kind === 'pod' || kind === 'po') {
    pod = await ctx.http.get<RawObject>(`/api/v1/namespaces/${ns}/pods/${objectName(name, 'pod')}`);
  } else {
    const plural = WORKLOADS[kind];
    if (!plural) throw new KubeInputError(`cannot exec into '${target}': use POD, pod/NAME, deploy/NAME or sts/NAME`);
    const workload = await ctx.http.get<RawObject>(`/apis/apps/v1/namespaces/${ns}/${plural}/${objectName(name)}`);
    const labels = asRecord(asRecord(asRecord(workload.spec).selector).matchLabels) as Record<string, string>;
    const selector = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    if (!selector) throw new KubeInputError(`${target} in ${ns} has no matchLabels selector`);
    const pods = await ctx.http.get<{ items?: RawObject[] }>(`/api/v1/namespaces/${ns}/pods`, { labelSelector: selector });
    const candidates = (pods.items ?? []).filter((p) => asRecord(p.status).phase === 'Running' && !p.metadata?.deletionTimestamp);
    const chosen = candidates.find(isRunningReady) ?? candidates[0];
    if (!chosen) throw new KubeInputError(`no running pod of ${target} in ${ns}`);
    pod = chosen;
  }
  const containers = (asRecord(pod.spec).containers as Array<{ name?: string }> | undefined) ?? [];
  const preferred = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const chosenContainer = container ?? preferred ?? containers[0]?.name;
  if (!chosenContainer) throw new KubeInputError(`pod ${pod.metadata?.name} has no containers`);
  if (container !== undefined && !containers.some((c) => c.name === container)) {
    throw new KubeInputError(`container '${container}' is not in pod ${pod.metadata?.name} (has ${containers.map((c) => c.name).join(', ')})`);
  }
  return { pod: pod.metadata?.name ?? name, container: chosenContainer };
}

function collect(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      into.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
}

/** The exec could not start (the upgrade was refused: the pod is gone, the container not running): nothing ran. */
class ExecNotStarted extends Error {}

/**
 * Runs argv in a pod over the exec WebSocket and resolves with stdout, stderr and the exit code.
 * A workload target (deploy/NAME) is resolved to its pod once per context and re-resolved only when
 * an exec into the remembered pod cannot start (it was replaced): a poller execing every few seconds
 * costs one upgrade per exec instead of three requests.
 */
export async function execInPod(ctx: ActionContext, r: ExecRequest): Promise<ExecResult> {
  if (!Array.isArray(r.command) || r.command.length === 0 || r.command.some((a) => typeof a !== 'string')) {
    throw new KubeInputError('exec needs a command: a non-empty list of strings');
  }
  const timeoutMs = timeout(r.timeoutMs, 60_000);
  const what = `exec '${r.command.join(' ')}' in ${r.namespace}/${r.target}`;
  if (r.mutating) ctx.writer.assertWritable(what);
  const cacheable = r.target.includes('/') && !/^(pod|po)\//.test(r.target);
  const key = `${r.namespace}\0${r.target}\0${r.container ?? ''}`;
  const cache = cacheable ? (ctx.execTargets ??= new Map()) : null;
  const remembered = cache?.get(key);
  const resolved = remembered ?? (await resolveExecPod(ctx, r.namespace, r.target, r.container));
  if (r.mutating && ctx.writer.mode.dryRun) return { stdout: '', stderr: '', exitCode: 0, ...resolved, dryRun: true };
  try {
    const result = await runExec(ctx, r, resolved, timeoutMs, what);
    cache?.set(key, resolved);
    return result;
  } catch (err) {
    cache?.delete(key);
    // The remembered pod was replaced since: resolve again and run once more (nothing ran the first time).
    if (!(err instanceof ExecNotStarted) || !remembered) throw err;
    const fresh = await resolveExecPod(ctx, r.namespace, r.target, r.container);
    const result = await runExec(ctx, r, fresh, timeoutMs, what);
    cache?.set(key, fresh);
    return result;
  }
}

/**
 * One exec into a known pod. The client's promise resolves when the socket opens, not when the
 * command ends, and the status callback can fire before it resolves; so completion is when both
 * the status has arrived and the socket has closed (or the socket closed without a status: an
 * error), bounded by a timeout.
 */
async function runExec(
  ctx: ActionContext,
  r: ExecRequest,
  { pod, container }: { pod: string; container: string },
  timeoutMs: number,
  what: string,
): Promise<ExecResult> {
  const { Exec } = await loadClientNode();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  return new Promise<ExecResult>((resolve, reject) => {
    let status: StatusLike | null = null;
    let closed = false;
    let settled = false;
    let socket: { close(): void; on?(event: string, cb: (...args: unknown[]) => void): void } | null = null;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const maybeDone = () => {
      if (!status || !closed) return;
      const code = exitCodeOfStatus(status);
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), pod, container };
      if (code === null) finish(() => reject(new Error(`${what}: ${status?.message ?? status?.reason ?? 'failed'}`)));
      else finish(() => resolve({ ...result, exitCode: code }));
    };
    const timer = setTimeout(() => {
      socket?.close();
      finish(() => reject(new KubeTimeoutError(what, timeoutMs, status ? 'status received' : 'no status yet')));
    }, timeoutMs);

    new Exec(ctx.http.target.kc)
      .exec(namespaceName(r.namespace), pod, container, r.command, collect(out), collect(err), null, false, (s) => {
        status = s as StatusLike;
        maybeDone();
      })
      .then((ws) => {
        socket = ws as unknown as typeof socket;
        const onClose = () => {
          closed = true;
          // A close with no status at all is a broken exec, not a success.
          if (!status) setImmediate(() => (status ? maybeDone() : finish(() => reject(new Error(`${what}: connection closed before the command finished`)))));
          else maybeDone();
        };
        if ((ws as { readyState?: number }).readyState === 3) onClose();
        else ws.on('close', onClose);
        ws.on('error', (e: unknown) => finish(() => reject(new Error(`${what}: ${describeError(e)}`))));
      })
      .catch((e: unknown) => finish(() => reject(new ExecNotStarted(`${what}: ${describeError(e)}`))));
  });
}
