import { redactSecrets } from '../../domain/redact.js';
import { createKubeActions, type ExecRequest, type ExecResult } from '../kube/actions/index.js';
import { describeError } from '../kube/errors.js';
import { loadKubeTarget, type KubeTarget } from '../kube/kubeconfig.js';
import { DEFAULT_CEPH_TIMEOUT_MS, CephTransportError, type CephExecutor, type CephRunOptions, type CephExecResult } from './executor.js';

/** The kube service's exec (src/services/kube/actions/exec.ts), or a stand-in with its contract. */
export type PodExec = (request: ExecRequest) => Promise<ExecResult>;

export interface KubeCephOptions {
  /** An exec bound to a cluster (`createKubeActions(target, mode).execInPod`); else one is made from the kubeconfig. */
  exec?: PodExec;
  /** A loaded target, when no exec is given; else the kubeconfig is read like kubectl does. */
  target?: KubeTarget;
  context?: string;
  namespace?: string;
  deployment?: string;
  /** Container of the toolbox pod; the pod's default container when absent. */
  container?: string;
  timeoutMs?: number;
}

/**
 * `ceph …` inside the Rook toolbox through the Kubernetes exec API, as `kubectl exec
 * deploy/rook-ceph-tools -- ceph …` does: a running pod of the deployment (found by its selector),
 * the argv as exec `command=` parameters, exit code from the v1 Status on channel 3.
 */
export function createKubeCephExecutor(options: KubeCephOptions = {}): CephExecutor {
  const namespace = options.namespace ?? 'rook-ceph';
  const deployment = options.deployment ?? 'rook-ceph-tools';
  let exec: Promise<PodExec> | null = options.exec ? Promise.resolve(options.exec) : null;

  const load = () =>
    (exec ??= (async () => {
      const target = options.target ?? (await loadKubeTarget(options.context !== undefined ? { context: options.context } : {}));
      // Reads only here: the Ceph service gates writes (read-only, dry-run) before they get this far.
      return createKubeActions(target, { readOnly: false, dryRun: false }).execInPod;
    })());

  return {
    source: `exec ${namespace}/deploy/${deployment}`,
    async run(args: readonly string[], run: CephRunOptions = {}): Promise<CephExecResult> {
      const words = `ceph ${args.filter((a) => a !== '--format' && a !== 'json').join(' ')}`;
      let podExec: PodExec;
      try {
        podExec = await load();
      } catch (err) {
        exec = null;
        throw new CephTransportError(redactSecrets(describeError(err)));
      }
      const request: ExecRequest = {
        namespace,
        target: `deploy/${deployment}`,
        command: ['ceph', ...args],
        timeoutMs: run.timeoutMs ?? options.timeoutMs ?? DEFAULT_CEPH_TIMEOUT_MS,
      };
      if (options.container !== undefined) request.container = options.container;
      try {
        const r = await podExec(request);
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      } catch (err) {
        let line = redactSecrets(describeError(err));
        if (/no running pod|not ?found|404/i.test(line)) line = `no ceph tools pod: ${line}`;
        throw new CephTransportError(`${words}: ${line}`);
      }
    },
  };
}
