import type { SourceKind, SourceState } from '../../domain/health/grade-input.js';
import type { ClusterState } from '../../store/cluster-store.js';
import type { Liveness } from '../../store/liveness.js';

/** How a watch's liveness reads for grading: only live data counts; everything else says why not. */
export function sourceOf(l: Liveness): SourceState {
  switch (l.state) {
    case 'live':
      return { state: 'live' };
    case 'not-installed':
      return { state: 'not-installed', what: l.what };
    case 'idle':
    case 'syncing':
      return { state: 'unknown', reason: 'no data yet' };
    case 'reconnecting':
      return { state: 'unknown', reason: `watch lost, reconnecting (attempt ${l.attempt}): ${l.lastError}` };
    case 'error':
      return { state: 'unknown', reason: l.message };
  }
}

export function sourcesOf(cluster: ClusterState): Record<SourceKind, SourceState> {
  const l = cluster.liveness;
  if (cluster.apiServerError) {
    // The server failed its own /version: lists it answered earlier are no evidence of health now.
    const unknown: SourceState = { state: 'unknown', reason: cluster.apiServerError };
    return { nodes: unknown, pods: unknown, applications: unknown, certificates: unknown, externalSecrets: unknown, clusterSecretStores: unknown };
  }
  return {
    nodes: sourceOf(l.nodes),
    pods: sourceOf(l.pods),
    applications: sourceOf(l.applications),
    certificates: sourceOf(l.certificates),
    externalSecrets: sourceOf(l.externalSecrets),
    clusterSecretStores: sourceOf(l.clusterSecretStores),
  };
}
