import type { AlertView } from './alerts.js';
import type { ApplicationView, CephHealthInput, CertificateView, ExternalSecretView, HealthThresholds, NodeView, PodView, SecretStoreView } from './types.js';

/** How far a watched kind can be trusted: live data, known absent (CRD not installed), or not known. */
export type SourceState = { state: 'live' } | { state: 'not-installed'; what: string } | { state: 'unknown'; reason: string };

export type SourceKind = 'nodes' | 'pods' | 'applications' | 'certificates' | 'externalSecrets' | 'clusterSecretStores';

export interface GradeInput {
  /** Epoch ms the grade is computed for (ages, restart windows). */
  now: number;
  sources: Record<SourceKind, SourceState>;
  nodes: NodeView[];
  pods: PodView[];
  applications: ApplicationView[];
  certificates: CertificateView[];
  externalSecrets: ExternalSecretView[];
  clusterSecretStores: SecretStoreView[];
  /** null = the Ceph service has not read Ceph (yet). */
  ceph: CephHealthInput | null;
  /** Why Ceph is not known, when ceph is null. */
  cephUnknownReason?: string;
  thresholds: HealthThresholds;
  /**
   * Alertmanager's firing alerts (Platform). Absent when alerts are not read at all (turned off);
   * `not-installed` when no Alertmanager answers where it was looked for.
   */
  alerts?: AlertsInput;
}

export interface AlertsInput {
  source: SourceState;
  items: AlertView[];
  /** Where they were read (`monitoring-system/alertmanager-operated:9093`, or the URL), for the reason line. */
  where?: string;
}
