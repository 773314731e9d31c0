import { summariseCeph } from '../../domain/ceph/summarise.js';
import { errorLine as oneLine } from '../../domain/redact.js';
import type { CephState, CephStore } from '../../store/ceph-store.js';
import { CephService, cephHealthInputOf } from '../ceph/ceph-service.js';
import type { CephExecutor } from '../ceph/executor.js';
import { createKubeCephExecutor } from '../ceph/kube-executor.js';
import { createLocalCephExecutor } from '../ceph/local-executor.js';
import { readCeph } from '../ceph/reader.js';
import type { KubeTarget } from '../kube/kubeconfig.js';
import type { CephSource } from './health-session.js';

export interface CephSourceOptions {
  /** `--ceph-conf FILE`: the local ceph CLI with this conf; otherwise exec into the toolbox. */
  conf?: string;
  executor?: 'kube-exec' | 'local' | 'ssh';
  namespace?: string;
  deployment?: string;
  intervalMs?: number;
  timeoutMs?: number;
  /** For executor=ssh: ceph on the controller over SSH (without it the ssh executor has no source). */
  sshExecutor?: () => CephExecutor;
}

/**
 * System's Ceph half. The gate reads `ceph status` once (health and checks are all it grades);
 * a watching session runs the Ceph service's poller, which keeps the full summary for the pane.
 */
export function createCephSource(o: CephSourceOptions): CephSource | null {
  const overSsh = !o.conf && o.executor === 'ssh' ? o.sshExecutor : undefined;
  if (!o.conf && o.executor === 'ssh' && !overSsh) return null;
  let executor: CephExecutor | null = null;
  let service: CephService | null = null;
  let first: Promise<void> = Promise.resolve();

  const makeExecutor = (target: KubeTarget | null): CephExecutor =>
    overSsh
      ? overSsh()
      : o.conf || o.executor === 'local' || !target
        ? createLocalCephExecutor({ conf: o.conf, timeoutMs: o.timeoutMs })
        : createKubeCephExecutor({ target, namespace: o.namespace, deployment: o.deployment, timeoutMs: o.timeoutMs });

  return {
    start(store: CephStore, target: KubeTarget | null, { watch }: { watch: boolean }) {
      try {
        executor = makeExecutor(target);
      } catch (err) {
        // A setup problem (no ssh.controller, no key) grades System UNKNOWN with its reason, not a crash.
        store.setState({ liveness: { state: 'error', message: `ceph: ${oneLine(err)}`, updatedAt: null } });
        return;
      }
      if (watch) {
        service = new CephService({ executor, store, intervalMs: o.intervalMs, timeoutMs: o.timeoutMs });
        service.start();
        first = service.refresh().then(() => undefined);
        return;
      }
      const exec = executor;
      store.setState({ liveness: { state: 'syncing', since: Date.now() }, source: exec.source });
      first = readCeph(exec, 'status', { timeoutMs: o.timeoutMs })
        .then((status) => store.setState({ summary: summariseCeph({ status, readErrors: [] }), liveness: { state: 'live', updatedAt: Date.now() } }))
        .catch((err: unknown) => store.setState({ liveness: { state: 'error', message: `ceph (${exec.source}): ${oneLine(err)}`, updatedAt: null } }));
    },
    firstRead: () => first,
    async stop() {
      if (service) await service.close();
      else await executor?.close?.();
    },
    input: (state: CephState) => cephHealthInputOf(state),
  };
}
