import { createStore } from 'zustand/vanilla';
import type { ApplicationView, CertificateView, ExternalSecretView, NodeView, PodView, SecretStoreView } from '../domain/health/types.js';
import { IDLE, type Liveness } from './liveness.js';

export type WatchedKind = 'nodes' | 'pods' | 'applications' | 'certificates' | 'externalSecrets' | 'clusterSecretStores';

/** Slim projections kept by the informers; replaced in batches (100–250 ms), never per event. */
export interface ClusterState {
  context: string | null;
  server: string | null;
  liveness: Record<WatchedKind, Liveness>;
  nodes: NodeView[];
  pods: PodView[];
  applications: ApplicationView[];
  certificates: CertificateView[];
  externalSecrets: ExternalSecretView[];
  clusterSecretStores: SecretStoreView[];
  metricsAvailable: boolean | null;
  /** Why the API server's own GET /version failed (null: it answered, or not asked yet): every source is then UNKNOWN. */
  apiServerError?: string | null;
}

export const initialClusterState: ClusterState = {
  context: null,
  server: null,
  liveness: {
    nodes: IDLE,
    pods: IDLE,
    applications: IDLE,
    certificates: IDLE,
    externalSecrets: IDLE,
    clusterSecretStores: IDLE,
  },
  nodes: [],
  pods: [],
  applications: [],
  certificates: [],
  externalSecrets: [],
  clusterSecretStores: [],
  metricsAvailable: null,
};

export const createClusterStore = () => createStore<ClusterState>()(() => ({ ...initialClusterState }));
export type ClusterStore = ReturnType<typeof createClusterStore>;
