export { CephService, cephHealthInputOf, type CephActionOutcome, type CephActionStatus, type CephServiceOptions } from './ceph-service.js';
export { CephTransportError, DEFAULT_CEPH_TIMEOUT_MS, type CephExecutor, type CephRunOptions } from './executor.js';
export { createCephExecutor, type CephExecutorChoice } from './factory.js';
export { createKubeCephExecutor, type KubeCephOptions, type PodExec } from './kube-executor.js';
export { createLocalCephExecutor, type LocalCephOptions } from './local-executor.js';
export { createSshCephExecutor, shellQuote, type SshCephOptions, type SshCommandRunner } from './ssh-executor.js';
export { readCeph, readCephSummary } from './reader.js';
