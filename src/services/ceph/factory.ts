import type { ConsoleConfig } from '../config/schema.js';
import { CephTransportError, type CephExecutor } from './executor.js';
import { createKubeCephExecutor } from './kube-executor.js';
import { createLocalCephExecutor } from './local-executor.js';
import { createSshCephExecutor, type SshCommandRunner } from './ssh-executor.js';

export interface CephExecutorChoice {
  /** The config file's ceph section (executor, namespace, deployment, conf). */
  ceph: ConsoleConfig['ceph'];
  /** `--ceph-conf FILE`: a local `ceph -c FILE`, whatever the config says. */
  cephConf?: string;
  /** `--context NAME` (or kube.context) for the toolbox exec. */
  context?: string;
  timeoutMs?: number;
  /** Needed for executor=ssh: a runner from the SSH service. */
  sshRunner?: SshCommandRunner;
}

/** Picks how ceph runs: --ceph-conf beats the config file; the config's default is the toolbox pod. */
export function createCephExecutor(choice: CephExecutorChoice): CephExecutor {
  const timeout = choice.timeoutMs !== undefined ? { timeoutMs: choice.timeoutMs } : {};
  if (choice.cephConf) return createLocalCephExecutor({ conf: choice.cephConf, ...timeout });
  switch (choice.ceph.executor) {
    case 'local':
      return createLocalCephExecutor({ ...(choice.ceph.conf ? { conf: choice.ceph.conf } : {}), ...timeout });
    case 'ssh':
      if (!choice.sshRunner) throw new CephTransportError('ceph.executor is ssh, but no SSH connection to the controller is configured (ssh.controller)');
      return createSshCephExecutor({ runner: choice.sshRunner, ...timeout });
    case 'kube-exec':
      return createKubeCephExecutor({
        namespace: choice.ceph.namespace,
        deployment: choice.ceph.deployment,
        ...(choice.context !== undefined ? { context: choice.context } : {}),
        ...timeout,
      });
  }
}
