import { projectNodeMetrics, withUsage, type NodeUsage } from '../../domain/health/project-node.js';
import type { RawObject } from '../../domain/health/raw.js';
import type { NodeView } from '../../domain/health/types.js';
import type { ClusterState, ClusterStore, WatchedKind } from '../../store/cluster-store.js';
import type { Liveness } from '../../store/liveness.js';
import type { BackoffOptions } from './backoff.js';
import { describeError, KubeApiError } from './errors.js';
import { KubeHttp } from './http.js';
import type { KubeTarget } from './kubeconfig.js';
import { loadClientNode } from './load-client.js';
import { Reflector, type WatchLike } from './reflector.js';
import { NODE_METRICS_PATH, WATCHED, WATCHED_KINDS } from './resources.js';

export interface ClusterWatcherOptions {
  target: KubeTarget;
  store: ClusterStore;
  /** Store flush period: events are coalesced and written at most this often (100–250 ms). */
  flushMs?: number;
  /** false: list everything once and stop (the one-shot gate). */
  watch?: boolean;
  /** Between node-metrics polls (and /version probes); DEFAULT_METRICS_INTERVAL_MS when absent. */
  metricsIntervalMs?: number;
  backoff?: BackoffOptions;
  /** Tests inject a Watch; by default client-node's. */
  watchImpl?: WatchLike;
  /** Tests inject the read side; by default JSON requests through the kubeconfig's auth. */
  http?: KubeHttp;
  requestTimeoutMs?: number;
}

export interface ClusterWatcher {
  stop(): void;
  /** Writes pending changes now (the gate calls it before grading). */
  flush(): void;
  /** Resolves when every kind has left syncing (live, not-installed, error) or reconnecting. */
  settled(): Promise<void>;
  reflectors: Record<WatchedKind, Reflector<unknown>>;
  /** Number of store writes so far (batching is observable). */
  readonly flushes: number;
}

/** A live session polls node metrics and probes /version this often: two requests per period. */
export const DEFAULT_METRICS_INTERVAL_MS = 15_000;

const settledState = (l: Liveness) => l.state !== 'idle' && l.state !== 'syncing';

/**
 * Runs one reflector per watched kind plus a node-metrics poller and writes the cluster store in
 * batches: informer events arrive in separate macrotasks, and one store write per event would mean
 * one React render per event.
 */
export async function startClusterWatcher(opts: ClusterWatcherOptions): Promise<ClusterWatcher> {
  const { target, store } = opts;
  const flushMs = Math.min(250, Math.max(100, opts.flushMs ?? 150));
  const http = opts.http ?? new KubeHttp(target, opts.requestTimeoutMs);
  let watch: WatchLike | null = null;
  if (opts.watch !== false) {
    if (opts.watchImpl) watch = opts.watchImpl;
    else {
      const { Watch } = await loadClientNode();
      watch = new Watch(target.kc) as unknown as WatchLike;
    }
  }

  const dirty = new Set<WatchedKind>();
  const liveness: Partial<Record<WatchedKind, Liveness>> = {};
  let usage = new Map<string, NodeUsage>();
  let metricsAvailable: boolean | null = null;
  let metricsDirty = false;
  let timer: NodeJS.Timeout | null = null;
  let flushes = 0;
  let stopped = false;
  let probeTimer: NodeJS.Timeout | null = null;
  const waiters: Array<() => void> = [];

  const schedule = () => {
    if (!timer && !stopped) timer = setTimeout(flush, flushMs);
  };

  const reflectors = Object.fromEntries(
    WATCHED_KINDS.map((kind) => [
      kind,
      new Reflector(WATCHED[kind], {
        http,
        watch,
        backoff: opts.backoff,
        onChange: () => {
          dirty.add(kind);
          schedule();
        },
        onLiveness: (l) => {
          liveness[kind] = l;
          schedule();
          if (waiters.length && WATCHED_KINDS.every((k) => reflectors[k] && settledState(reflectors[k].state))) {
            for (const w of waiters.splice(0)) w();
          }
        },
      }),
    ]),
  ) as Record<WatchedKind, Reflector<unknown>>;

  function flush(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (dirty.size === 0 && Object.keys(liveness).length === 0 && !metricsDirty) return;
    const patch: Partial<ClusterState> = {};
    const take = <V>(kind: WatchedKind) => [...(reflectors[kind].items.values() as Iterable<V>)];
    if (dirty.has('nodes') || metricsDirty) patch.nodes = take<NodeView>('nodes').map((n) => withUsage(n, usage.get(n.name)));
    if (dirty.has('pods')) patch.pods = take('pods');
    if (dirty.has('applications')) patch.applications = take('applications');
    if (dirty.has('certificates')) patch.certificates = take('certificates');
    if (dirty.has('externalSecrets')) patch.externalSecrets = take('externalSecrets');
    if (dirty.has('clusterSecretStores')) patch.clusterSecretStores = take('clusterSecretStores');
    if (metricsDirty) patch.metricsAvailable = metricsAvailable;
    const changedLiveness = { ...liveness };
    dirty.clear();
    metricsDirty = false;
    for (const k of Object.keys(liveness) as WatchedKind[]) delete liveness[k];
    store.setState((s) => ({ ...patch, liveness: { ...s.liveness, ...changedLiveness } }));
    flushes++;
  }

  /** What the last metrics poll wrote: a poll that read the same usage writes nothing (no re-grade, no frame). */
  let metricsSeen: string | null = null;
  async function pollMetrics(): Promise<void> {
    try {
      const list = await http.get<{ items?: RawObject[] }>(NODE_METRICS_PATH);
      usage = new Map((list.items ?? []).map((i) => projectNodeMetrics(i)).map((u) => [u.name, u]));
      metricsAvailable = true;
    } catch (err) {
      usage = new Map();
      metricsAvailable = err instanceof KubeApiError && err.status === 404 ? false : null;
    }
    const seen = JSON.stringify([metricsAvailable, [...usage]]);
    if (seen === metricsSeen) return;
    metricsSeen = seen;
    metricsDirty = true;
    schedule();
  }

  /** GET /version: a server that fails it gives no evidence for any layer (see sources.ts). */
  async function probeServer(): Promise<void> {
    let error: string | null = null;
    try {
      await http.get('/version');
    } catch (err) {
      // Unreachable is the watches' to report (reconnecting n); an answer that is an error is this one's.
      if (err instanceof KubeApiError) error = describeError(err);
    }
    if ((store.getState().apiServerError ?? null) !== error) store.setState({ apiServerError: error });
    // While it fails, ask again soon: recovery should not wait a whole metrics period.
    if (opts.watch !== false && !stopped) {
      probeTimer = setTimeout(() => void probeServer(), error ? 2_000 : (opts.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS));
      probeTimer.unref?.();
    }
  }

  store.setState({ context: target.context, server: target.server });
  for (const kind of WATCHED_KINDS) reflectors[kind].start();
  const metricsPoll = Promise.all([pollMetrics(), probeServer()]);
  const metricsTimer = opts.watch === false ? null : setInterval(() => void pollMetrics(), opts.metricsIntervalMs ?? DEFAULT_METRICS_INTERVAL_MS);

  return {
    reflectors,
    get flushes() {
      return flushes;
    },
    flush,
    async settled() {
      await metricsPoll;
      if (!WATCHED_KINDS.every((k) => settledState(reflectors[k].state))) await new Promise<void>((r) => waiters.push(r));
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      if (metricsTimer) clearInterval(metricsTimer);
      if (probeTimer) clearTimeout(probeTimer);
      for (const r of Object.values(reflectors)) r.stop();
    },
  };
}
