import { summariseCeph } from '../../domain/ceph/summarise.js';
import { redactSecrets } from '../../domain/redact.js';
import type { CephState, CephStore } from '../../store/ceph-store.js';
import { CephService, cephHealthInputOf } from '../ceph/ceph-service.js';
import type { CephExecutor } from '../ceph/executor.js';
import { createKubeCephExecutor } from '../ceph/kube-executor.js';
import { createLocalCephExecutor } from '../ceph/local-executor.js';
import { readCeph } from '../ceph/reader.js';
import type { KubeTarget } from '../kube/kubeconfig.js';
import type { CephSource } from './session.js';

export interface CephSourceOptions {
  /** `--ceph-conf FILE`: the local ceph CLI with this conf; otherwise exec into the toolbox. */
  conf?: string;
  executor?: 'kube-exec' | 'local' | 'ssh';
  namespace?: string;
  deployment?: string;
  intervalMs?: number;
  timeoutMs?: number;
}

const oneLine = (err: unknown) => redactSecrets((err instanceof Error ? err.message : String(err)).split('\n')[0]!);

/**
 * System's Ceph half. The gate reads `ceph status` once (health and checks are all it grades);
 * a watching session runs the Ceph service's poller, which keeps the full summary for the pane.
 */
export function createCephSource(o: CephSourceOptions): CephSource | null {
  if (!o.conf && o.executor === 'ssh') return null;
  let executor: CephExecutor | null = null;
  let service: CephService | null = null;
  let first: Promise<void> = Promise.resolve();

  const makeExecutor = (target: KubeTarget | null): CephExecutor =>
    o.conf || o.executor === 'local' || !target
      ? createLocalCephExecutor({ conf: o.conf, timeoutMs: o.timeoutMs })
      : createKubeCephExecutor({ target, namespace: o.namespace, deployment: o.deployment, timeoutMs: o.timeoutMs });

  return {
    start(store: CephStore, target: KubeTarget | null, { watch }: { watch: boolean }) {
      executor = makeExecutor(target);
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
