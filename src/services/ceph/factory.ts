import type { ConsoleConfig } from '../config/schema.js';
import { CephTransportError, type CephExecutor } from './executor.js';
import { createKubeCephExecutor } from './kube-executor.js';
import { createLocalCephExecutor } from './local-executor.js';
import { createSshCephExecutor, type SshCommandRunner } from './ssh-executor.js';
import { createSshCommandRunner } from './ssh-runner.js';
import { controllerConnection } from '../ssh/controller.js';

export interface CephExecutorChoice {
  /** The config file's ceph section (executor, namespace, deployment, conf). */
  ceph: ConsoleConfig['ceph'];
  /** `--ceph-conf FILE`: a local `ceph -c FILE`, whatever the config says. */
  cephConf?: string;
  /** `--context NAME` (or kube.context) for the toolbox exec. */
  context?: string;
  timeoutMs?: number;
  /** For executor=ssh: a runner to use instead of connecting per the `ssh` section (tests, a shared connection). */
  sshRunner?: SshCommandRunner;
  /** For executor=ssh: the remote command that is ceph (default `ceph`; `kubectl … exec deploy/rook-ceph-tools -- ceph` also works). */
  sshCommand?: readonly string[];
  /** For executor=ssh: the config file's ssh section (ssh.controller, knownHosts). */
  ssh?: ConsoleConfig['ssh'];
  /** HOME, USER and SSH_AUTH_SOCK for the SSH connection; process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** KUBECONFIG (and HOME) for the toolbox exec; process.env by default. */
  kubeEnv?: NodeJS.ProcessEnv;
}

/** Picks how ceph runs: --ceph-conf beats the config file; the config's default is the toolbox pod. */
export function createCephExecutor(choice: CephExecutorChoice): CephExecutor {
  const timeout = choice.timeoutMs !== undefined ? { timeoutMs: choice.timeoutMs } : {};
  if (choice.cephConf) return createLocalCephExecutor({ conf: choice.cephConf, ...timeout });
  switch (choice.ceph.executor) {
    case 'local':
      return createLocalCephExecutor({ ...(choice.ceph.conf ? { conf: choice.ceph.conf } : {}), ...timeout });
    case 'ssh':
      return createSshCephExecutor({
        runner: choice.sshRunner ?? sshRunnerFor(choice),
        ...(choice.sshCommand ? { command: choice.sshCommand } : {}),
        ...timeout,
      });
    case 'kube-exec':
      return createKubeCephExecutor({
        namespace: choice.ceph.namespace,
        deployment: choice.ceph.deployment,
        ...(choice.context !== undefined ? { context: choice.context } : {}),
        ...(choice.kubeEnv ? { env: choice.kubeEnv } : {}),
        ...timeout,
      });
  }
}

/** A runner on the controller per the config's ssh section; a setup problem is one transport line. */
function sshRunnerFor(choice: CephExecutorChoice): SshCommandRunner {
  if (!choice.ssh?.controller) throw new CephTransportError('ceph.executor is ssh, but no SSH connection to the controller is configured (ssh.controller)');
  try {
    const { target, options } = controllerConnection(choice.ssh, choice.env);
    return createSshCommandRunner({ target, ssh: options });
  } catch (err) {
    throw new CephTransportError(`ceph.executor is ssh: ${(err as Error).message}`);
  }
}
