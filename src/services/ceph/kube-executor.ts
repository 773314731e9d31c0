import { Writable } from 'node:stream';
import type * as K8sModule from '@kubernetes/client-node';
import type { KubeConfig } from '@kubernetes/client-node';
import { redactSecrets } from '../../domain/redact.js';
import { DEFAULT_CEPH_TIMEOUT_MS, CephTransportError, type CephExecutor, type CephRunOptions, type CephExecResult } from './executor.js';

export interface KubeCephOptions {
  /** A loaded KubeConfig (the kube service's), or how to load one. */
  kubeConfig?: KubeConfig;
  kubeconfigPath?: string;
  context?: string;
  namespace?: string;
  deployment?: string;
  /** Container of the toolbox pod; its first container when absent. */
  container?: string;
  timeoutMs?: number;
}

interface V1StatusLike {
  status?: string;
  message?: string;
  reason?: string;
  details?: { causes?: Array<{ reason?: string; message?: string }> };
}

type K8s = typeof K8sModule;

function collector(into: Buffer[]): Writable {
  return new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      into.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
      cb();
    },
  });
}

/** The exit code a v1 Status carries: Success → 0, NonZeroExitCode → details.causes[ExitCode]. */
export function exitCodeOf(status: V1StatusLike): number | null {
  if (status.status === 'Success') return 0;
  if (status.reason === 'NonZeroExitCode') {
    const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
    const code = Number(cause?.message);
    return Number.isInteger(code) ? code : 1;
  }
  return null;
}

function apiCode(err: unknown): number | null {
  const code = (err as { code?: unknown })?.code;
  return typeof code === 'number' ? code : null;
}

function oneLine(err: unknown): string {
  const e = err as { code?: unknown; body?: unknown; message?: string };
  if (typeof e?.code === 'number' && e.body !== undefined) {
    try {
      const body = (typeof e.body === 'string' ? JSON.parse(e.body) : e.body) as { message?: string };
      if (body?.message) return redactSecrets(`HTTP ${e.code}: ${body.message}`);
    } catch {
      /* not JSON */
    }
    return `HTTP ${e.code}`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return redactSecrets(message.split('\n')[0]!);
}

/**
 * `ceph …` inside the Rook toolbox through the Kubernetes exec API (what `kubectl exec
 * deploy/rook-ceph-tools -- ceph …` does): finds a running pod of the deployment by its selector,
 * execs the argv, reads stdout/stderr and the exit code from the v1 Status on channel 3.
 * The client library is imported on first use: it costs ~0.4 s and `plan` never needs it.
 */
export function createKubeCephExecutor(options: KubeCephOptions = {}): CephExecutor {
  const namespace = options.namespace ?? 'rook-ceph';
  const deployment = options.deployment ?? 'rook-ceph-tools';
  const where = `${namespace}/deploy/${deployment}`;
  let client: Promise<{ k8s: K8s; kc: KubeConfig }> | null = null;
  let pod: { name: string; container: string } | null = null;

  const load = () =>
    (client ??= (async () => {
      const k8s = await import('@kubernetes/client-node');
      let kc = options.kubeConfig;
      if (!kc) {
        kc = new k8s.KubeConfig();
        if (options.kubeconfigPath) kc.loadFromFile(options.kubeconfigPath);
        else kc.loadFromDefault();
      }
      if (options.context) {
        if (!kc.getContexts().some((c) => c.name === options.context)) throw new CephTransportError(`kube context '${options.context}' not found in the kubeconfig`);
        kc.setCurrentContext(options.context);
      }
      return { k8s, kc };
    })());

  async function resolvePod(k8s: K8s, kc: KubeConfig): Promise<{ name: string; container: string }> {
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    let selector: string;
    try {
      const dep = await apps.readNamespacedDeployment({ name: deployment, namespace });
      const labels = dep.spec?.selector?.matchLabels ?? {};
      selector = Object.entries(labels)
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      if (!selector) throw new CephTransportError(`deploy/${deployment} in ${namespace} has no matchLabels selector`);
    } catch (err) {
      if (err instanceof CephTransportError) throw err;
      if (apiCode(err) === 404) throw new CephTransportError(`no ceph tools: deploy/${deployment} not found in namespace ${namespace} (is the Rook toolbox installed?)`);
      throw new CephTransportError(`cannot read deploy/${deployment} in ${namespace}: ${oneLine(err)}`);
    }
    let pods;
    try {
      pods = await core.listNamespacedPod({ namespace, labelSelector: selector });
    } catch (err) {
      throw new CephTransportError(`cannot list pods of deploy/${deployment} in ${namespace}: ${oneLine(err)}`);
    }
    const running = pods.items.filter((p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp);
    const ready = running.find((p) => p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')) ?? running[0];
    if (!ready?.metadata?.name) throw new CephTransportError(`no ceph tools: no running pod of deploy/${deployment} in ${namespace}`);
    const container = options.container ?? ready.spec?.containers?.[0]?.name;
    if (!container) throw new CephTransportError(`pod ${namespace}/${ready.metadata.name} has no containers`);
    return { name: ready.metadata.name, container };
  }

  async function execOnce(k8s: K8s, kc: KubeConfig, target: { name: string; container: string }, args: readonly string[], run: CephRunOptions): Promise<CephExecResult> {
    const timeoutMs = run.timeoutMs ?? options.timeoutMs ?? DEFAULT_CEPH_TIMEOUT_MS;
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const words = `ceph ${args.filter((a) => a !== '--format' && a !== 'json').join(' ')}`;
    return new Promise<CephExecResult>((resolve, reject) => {
      let settled = false;
      let socket: { close(): void } | null = null;
      let status: V1StatusLike | null = null;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        run.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      const timer = setTimeout(() => {
        socket?.close();
        finish(() => reject(new CephTransportError(`${words}: exec into ${namespace}/${target.name} timed out after ${Math.round(timeoutMs / 1000)} s`)));
      }, timeoutMs);
      const onAbort = () => {
        socket?.close();
        finish(() => reject(new CephTransportError(`${words}: cancelled`)));
      };
      run.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = () => {
        if (!status) {
          finish(() => reject(new CephTransportError(`${words}: exec into ${namespace}/${target.name} ended without an exit status`)));
          return;
        }
        const code = exitCodeOf(status);
        const s = status;
        if (code === null) {
          finish(() => reject(new CephTransportError(`${words}: exec into ${namespace}/${target.name} failed: ${redactSecrets(s.message ?? s.reason ?? 'unknown error')}`)));
          return;
        }
        finish(() => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: code }));
      };
      // The status can arrive before exec() resolves (feasibility §5), so it is collected here and
      // the result settles when the socket closes; a short grace covers a server that never closes.
      const exec = new k8s.Exec(kc);
      exec
        .exec(namespace, target.name, target.container, ['ceph', ...args], collector(out), collector(err), null, false, (st) => {
          status = st as V1StatusLike;
          setTimeout(settle, 200).unref();
        })
        .then((ws) => {
          socket = ws;
          if (settled) ws.close();
          ws.on('close', () => setImmediate(settle));
        })
        .catch((e: unknown) => finish(() => reject(Object.assign(new CephTransportError(`${words}: exec into ${namespace}/${target.name} failed: ${oneLine(e)}`), { cause: e }))));
    });
  }

  return {
    source: `exec ${where}`,
    async run(args: readonly string[], run: CephRunOptions = {}): Promise<CephExecResult> {
      let k8s: K8s;
      let kc: KubeConfig;
      try {
        ({ k8s, kc } = await load());
      } catch (err) {
        client = null;
        if (err instanceof CephTransportError) throw err;
        throw new CephTransportError(`cannot load the kubeconfig: ${oneLine(err)}`);
      }
      const fresh = !pod;
      pod ??= await resolvePod(k8s, kc);
      try {
        return await execOnce(k8s, kc, pod, args, run);
      } catch (err) {
        // The toolbox pod may have been replaced since we looked: find it again, once.
        if (!fresh && err instanceof CephTransportError && !/timed out|cancelled/.test(err.message)) {
          pod = await resolvePod(k8s, kc);
          return execOnce(k8s, kc, pod, args, run);
        }
        if (err instanceof CephTransportError) pod = null;
        throw err;
      }
    },
  };
}
