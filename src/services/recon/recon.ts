import type { GateResult, LayerStatus } from '../../domain/health/types.js';
import { reconFindings, reconOverall, type Finding } from '../../domain/recon/findings.js';
import type { CephState } from '../../store/ceph-store.js';
import type { ClusterState } from '../../store/cluster-store.js';
import { gradeOnce, type HealthSessionOptions } from '../health/health-session.js';
import { readDrift } from './drift.js';

export interface ReconReport {
  overall: LayerStatus;
  gate: GateResult;
  findings: Finding[];
  cluster: ClusterState;
  ceph: CephState;
  at: string;
}

export interface ReconOptions extends HealthSessionOptions {
  deadlineMs?: number;
  /** Certificates expiring within this many days are findings (default 14). */
  certWarnDays?: number;
}

/**
 * The full recon (workflow 3.3): the gate's four layers with Ceph and Alertmanager, plus ArgoCD drift
 * detail for every Application that is not Synced/Healthy and certificates expiring within the window.
 */
export async function runRecon(o: ReconOptions): Promise<ReconReport> {
  const graded = await gradeOnce(o);
  const apps = graded.result.layers.platform.offenders
    .filter((x) => x.kind === 'Application' && x.namespace)
    .map((x) => ({ namespace: x.namespace!, name: x.name }));
  const drift = apps.length ? await readDrift(graded.target, apps, o.requestTimeoutMs) : [];
  const now = Date.parse(graded.result.gradedAt);
  const findings = reconFindings(graded.result, {
    now,
    certificates: graded.cluster.certificates,
    pods: graded.cluster.pods,
    alerts: graded.alerts?.items ?? [],
    drift,
    certWarnDays: o.certWarnDays ?? 14,
  });
  return {
    overall: reconOverall(graded.result, findings),
    gate: graded.result,
    findings,
    cluster: graded.cluster,
    ceph: graded.ceph,
    at: graded.result.gradedAt,
  };
}
