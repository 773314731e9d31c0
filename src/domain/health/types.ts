export type LayerStatus = 'GREEN' | 'YELLOW' | 'RED' | 'UNKNOWN';
export type LayerName = 'metal' | 'system' | 'platform' | 'apps';
export const LAYERS: readonly LayerName[] = ['metal', 'system', 'platform', 'apps'];

/** An object that made a layer less than GREEN. */
export interface Offender {
  kind: string; // Node, Pod, Application, Certificate, ExternalSecret, CephCheck, …
  namespace?: string;
  name: string;
  status: LayerStatus;
  reason: string; // CrashLoopBackOff, OutOfSync, NotReady, HEALTH_WARN …
  restarts?: number;
  ageSeconds?: number;
}

export interface LayerGrade {
  status: LayerStatus;
  healthyPercent: number | null;
  reasons: string[];
  offenders: Offender[];
}

/** The `status --json` / `gate --json` contract. */
export interface GateResult {
  overall: LayerStatus;
  layers: Record<LayerName, LayerGrade>;
  gradedAt: string; // ISO
}

/* Slim projections the informers keep instead of whole objects. */

export interface NodeView {
  name: string;
  uid: string;
  ready: boolean | null;
  /** Condition types currently True other than Ready (MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable). */
  pressures: string[];
  unschedulable: boolean;
  kubeletVersion: string;
  internalIP: string | null;
  roles: string[];
  cpuPercent: number | null;
  memoryPercent: number | null;
  createdAt: string | null;
  /** status.allocatable, the denominator `kubectl top nodes` uses for its percentages. */
  allocatableMillicores?: number | null;
  allocatableMemoryBytes?: number | null;
}

export interface PodView {
  namespace: string;
  name: string;
  uid: string;
  phase: string; // Pending, Running, Succeeded, Failed, Unknown
  /** kubectl's STATUS column: Running, Completed, CrashLoopBackOff, ImagePullBackOff, Error, Pending, … */
  displayStatus: string;
  ready: string; // "1/2"
  restarts: number;
  nodeName: string | null;
  createdAt: string | null;
  ownerKind: string | null;
  ownerName: string | null;
  /** When a container last terminated and was restarted (kubectl's "3 (25h ago)"); null if never. */
  lastRestartAt?: string | null;
  /** Waiting/terminated message of the container that decided displayStatus (why it crashes). */
  message?: string | null;
}

export interface ApplicationView {
  namespace: string;
  name: string;
  syncStatus: string; // Synced, OutOfSync, Unknown
  healthStatus: string; // Healthy, Progressing, Degraded, Suspended, Missing, Unknown
  revision: string | null;
  /** Source paths, to map changed files to Applications. */
  sourcePaths: string[];
  repoURL: string | null;
  operationPhase: string | null;
}

export interface CertificateView {
  namespace: string;
  name: string;
  ready: boolean | null;
  reason: string | null;
  notAfter: string | null;
}

export interface ExternalSecretView {
  namespace: string;
  name: string;
  /** Ready condition's reason: SecretSynced, SecretSyncedError, … */
  reason: string | null;
  ready: boolean | null;
}

export interface SecretStoreView {
  name: string;
  ready: boolean | null;
  reason: string | null;
}

/** The Ceph input to the System layer (from the Ceph service); null = not known yet. */
export interface CephHealthInput {
  health: 'HEALTH_OK' | 'HEALTH_WARN' | 'HEALTH_ERR' | 'UNKNOWN';
  checks: Array<{ code: string; severity: string; summary: string }>;
  error?: string;
}

export interface HealthThresholds {
  nodeCpuPercentWarn: number;
  nodeMemoryPercentWarn: number;
  podPendingSecondsWarn: number;
  podRestartsWarn: number;
  /** Allowed kubelet minor-version difference before YELLOW. */
  kubeletMinorSkew: number;
  /** A pod with at least podRestartsWarn restarts is YELLOW only if it last restarted within this window. */
  podRestartWindowSeconds?: number;
  /** Namespaces whose pods are ignored in Apps (like popeye's excludes). */
  excludeNamespaces: string[];
  /** A Ready certificate whose notAfter is this many days away or fewer is YELLOW (renewal failed); default 14. */
  certExpiryWarnDays?: number;
}

export const DEFAULT_THRESHOLDS: HealthThresholds = {
  nodeCpuPercentWarn: 90,
  nodeMemoryPercentWarn: 85,
  podPendingSecondsWarn: 300,
  podRestartsWarn: 5,
  kubeletMinorSkew: 0,
  podRestartWindowSeconds: 3600,
  excludeNamespaces: [],
  certExpiryWarnDays: 14,
};
