import { randomBytes } from 'node:crypto';
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
  /** KUBECONFIG and HOME as kubectl would read them; process.env by default. */
  env?: NodeJS.ProcessEnv;
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
      const target =
        options.target ??
        (await loadKubeTarget({ ...(options.context !== undefined ? { context: options.context } : {}), ...(options.env ? { env: options.env } : {}) }));
      // Reads only here: the Ceph service gates writes (read-only, dry-run) before they get this far.
      return createKubeActions(target, { readOnly: false, dryRun: false }).execInPod;
    })());

  const exec1 = async (command: string[], words: string, timeoutMs: number): Promise<ExecResult> => {
    let podExec: PodExec;
    try {
      podExec = await load();
    } catch (err) {
      exec = null;
      throw new CephTransportError(redactSecrets(describeError(err)));
    }
    const request: ExecRequest = { namespace, target: `deploy/${deployment}`, command, timeoutMs };
    if (options.container !== undefined) request.container = options.container;
    try {
      return await podExec(request);
    } catch (err) {
      let line = redactSecrets(describeError(err));
      if (/no running pod|not ?found|404/i.test(line)) line = `no ceph tools pod: ${line}`;
      throw new CephTransportError(`${words}: ${line}`);
    }
  };
  const wordsOf = (args: readonly string[]) => `ceph ${args.filter((a) => a !== '--format' && a !== 'json').join(' ')}`;
  const timeoutOf = (run: CephRunOptions) => run.timeoutMs ?? options.timeoutMs ?? DEFAULT_CEPH_TIMEOUT_MS;

  return {
    source: `exec ${namespace}/deploy/${deployment}`,
    async run(args: readonly string[], run: CephRunOptions = {}): Promise<CephExecResult> {
      const r = await exec1(['ceph', ...args], wordsOf(args), timeoutOf(run));
      return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
    },
    async runMany(argvs: ReadonlyArray<readonly string[]>, run: CephRunOptions = {}): Promise<CephExecResult[]> {
      const { script, split } = batchScript(argvs);
      const r = await exec1(['sh', '-c', script], argvs.map(wordsOf).join(', '), timeoutOf(run));
      return split(r.stdout, r.stderr, r.exitCode);
    },
  };
}

const SAFE_WORD = /^[A-Za-z0-9_.,:=@%+/-]+$/;

/**
 * One `sh -c` that runs each ceph call in turn and marks where each one's stdout and stderr end
 * with its exit code, so a poll of ten reads is one exec (one upgrade request) instead of ten.
 * The marker carries a random nonce: no ceph output can contain it by accident.
 */
export function batchScript(argvs: ReadonlyArray<readonly string[]>): {
  script: string;
  split: (stdout: string, stderr: string, exitCode: number) => CephExecResult[];
} {
  for (const argv of argvs) {
    const bad = argv.find((a) => !SAFE_WORD.test(a));
    if (bad !== undefined) throw new CephTransportError(`cannot batch the ceph argument '${bad}'`);
  }
  const mark = `--hc-${randomBytes(6).toString('hex')}--`;
  const script = argvs.map((argv) => `ceph ${argv.join(' ')}; r=$?; printf '\\n%s %s\\n' '${mark}' "$r"; printf '\\n%s %s\\n' '${mark}' "$r" >&2`).join('\n');
  const parts = (text: string): Array<{ text: string; code: number }> => {
    const out: Array<{ text: string; code: number }> = [];
    const re = new RegExp(`\\n${mark} (\\d+)\\n`, 'g');
    let from = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      out.push({ text: text.slice(from, m.index), code: Number(m[1]) });
      from = m.index + m[0].length;
    }
    return out;
  };
  return {
    script,
    split(stdout, stderr, exitCode) {
      const outs = parts(stdout);
      const errs = parts(stderr);
      if (outs.length !== argvs.length || errs.length !== argvs.length) {
        const why = stderr.trim().split('\n')[0] || `exit code ${exitCode}`;
        throw new CephTransportError(`batched ceph reads ended after ${Math.min(outs.length, errs.length)} of ${argvs.length}: ${redactSecrets(why)}`);
      }
      return outs.map((o, i) => ({ stdout: o.text, stderr: errs[i]!.text, exitCode: o.code }));
    },
  };
}
