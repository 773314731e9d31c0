import type { QueueEntry, Risk } from '../renovate/types.js';

/**
 * The upgrade protocols of the workflow's Phases 5–7 as data: each risk class (5.2) names the
 * stages it needs (5.3) and the gates after them (5.4). The merge loop runs a major or database
 * PR only through the protocol this table gives it.
 */
export type UpgradeClass = 'database' | 'gitops-core' | 'monitoring' | 'application' | 'infrastructure';
export type StageId = 'prepare' | 'dry-run' | 'execute' | 'validate' | 'stabilise';
export type GateId = 'gate-1' | 'gate-2' | 'gate-3';

/** One thing a stage needs verified before the protocol moves on. */
export interface StageStep {
  id: string;
  text: string;
}

export interface ProtocolStage {
  id: StageId;
  title: string;
  steps: StageStep[];
  /** The gate checked when the stage's steps are done (none: the next stage follows). */
  gate: GateId | null;
}

export interface UpgradeProtocol {
  upgradeClass: UpgradeClass;
  risk: Risk;
  /** The workflow's "Required Prep" column (5.2). */
  requiredPrep: string;
  stages: ProtocolStage[];
  /** Gate 3's window: HIGH and CRITICAL wait (30 min by default) before the next major. */
  stabiliseMs: number;
  /** The protocol runs the database steps of Phase 6 (backup, dependents, recovery). */
  database: boolean;
}

export const GATE_TEXT: Record<GateId, string> = {
  'gate-1': 'Gate 1 (basic health): component pods Running, no error lines in recent logs',
  'gate-2': 'Gate 2 (functional health): all Applications Synced/Healthy, ExternalSecrets synced, Ceph healthy',
  'gate-3': 'Gate 3 (extended validation): stabilisation window with no new alerts and no restarts',
};

export const CLASS_TABLE: Record<UpgradeClass, { examples: string; risk: Risk; requiredPrep: string }> = {
  database: { examples: 'PostgreSQL, MariaDB, MongoDB, Redis', risk: 'CRITICAL', requiredPrep: 'Full backup, dump verification, staged rollout' },
  'gitops-core': { examples: 'ArgoCD, External-Secrets, Cert-Manager', risk: 'HIGH', requiredPrep: 'CRD backup, sync pause, staged validation' },
  monitoring: { examples: 'Prometheus, Grafana, AlertManager', risk: 'MEDIUM', requiredPrep: 'Dashboard backup, alert rule export' },
  application: { examples: 'App-Template, individual apps', risk: 'MEDIUM', requiredPrep: 'Config review, dependency check' },
  infrastructure: { examples: 'Terraform providers, Go modules', risk: 'LOW', requiredPrep: 'State backup, plan review' },
};

/** Default Gate 3 window for HIGH and CRITICAL upgrades (workflow 5.3 stage 6: "30+ minutes"). */
export const DEFAULT_STABILISE_MS = 30 * 60_000;

const step = (id: string, text: string): StageStep => ({ id, text });

/** Package names that are infrastructure code rather than something running in the cluster. */
const INFRA = /(^|\/)(terraform|opentofu|tofu)\b|terraform-provider|^(go|golang|node|python|rust)$|^(k8s\.io|sigs\.k8s\.io|golang\.org|github\.com)\//i;

/** The risk class of a queue entry (5.2), from its Renovate category and packages. */
export function upgradeClassOf(entry: QueueEntry): UpgradeClass {
  if (entry.category === 'database' || (entry.containsDatabase && entry.updateType === 'major')) return 'database';
  if (entry.category === 'core') return 'gitops-core';
  if (entry.category === 'monitoring') return 'monitoring';
  if (entry.packages.length > 0 && entry.packages.every((p) => INFRA.test(p.name))) return 'infrastructure';
  return 'application';
}

/** True when the merge loop must run this PR through its protocol: every major, and every database update. */
export function needsProtocol(entry: QueueEntry): boolean {
  if (!entry.renovate) return false;
  if (entry.updateType === 'major') return true;
  return entry.category === 'database';
}

export interface ProtocolOptions {
  /** Gate 3 window for HIGH and CRITICAL (configurable; the demo shortens it). */
  stabiliseMs?: number;
  /** Window for MEDIUM and LOW majors (default: none). */
  shortStabiliseMs?: number;
}

/**
 * The protocol of one PR, or null when it merges through the plain loop (non-major, not a database).
 * The stages follow 5.3 (Canary is left out: a homelab has no second cluster); a database adds the
 * 6.1–6.2 steps; HIGH and CRITICAL get the stabilisation window.
 */
export function protocolFor(entry: QueueEntry, options: ProtocolOptions = {}): UpgradeProtocol | null {
  if (!needsProtocol(entry)) return null;
  const upgradeClass = upgradeClassOf(entry);
  const database = upgradeClass === 'database';
  const risk = entry.risk;
  const high = risk === 'HIGH' || risk === 'CRITICAL';
  const prepare: StageStep[] = [
    step('breaking-changes', 'Breaking changes read from the release notes and written into the issue'),
    step('assessment', 'Assessment questions answered (API/CRD changes, removed features, config format, data migration, upgrade path)'),
    step('dependency-check', 'Dependency check: the pods running the package found'),
    step('rollback-plan', 'Rollback plan written into the issue (current version, revert target, backup location)'),
  ];
  if (upgradeClass === 'gitops-core' || upgradeClass === 'monitoring' || high) prepare.push(step('crd-snapshot', 'CRDs owned by the component snapshotted'));
  if (database) {
    prepare.push(
      step('db-identify', 'Database pod(s) and current version identified'),
      step('db-backup', 'Full backup streamed off the pod to a local file'),
      step('db-verify', 'Backup verified (non-empty, complete dump, restore where configured)'),
      step('db-recovery', 'Recovery procedure written into the issue'),
      step('db-dependents', 'Dependents found (pods whose env or config names the database service)'),
    );
  }
  const dryRun: StageStep[] = [step('diff-review', 'The PR diff reviewed (files, affected Applications)')];
  const execute: StageStep[] = [];
  if (database) execute.push(step('scale-down', 'Dependents scaled to 0, each confirmed'));
  execute.push(step('merge', 'PR merged at the checked head; Applications Synced and Healthy at the merge commit'));
  const validate: StageStep[] = [step('gate-1', GATE_TEXT['gate-1']), step('gate-2', GATE_TEXT['gate-2'])];
  if (database) validate.push(step('scale-up', 'Dependents scaled back up one at a time, each confirmed Running'));
  validate.push(
    step('crd-diff', 'CRDs diffed against the snapshot'),
    step('post-validation', 'Post-upgrade validation (pods, error logs, events, ArgoCD, endpoints)'),
  );
  if (!prepare.some((s) => s.id === 'crd-snapshot'))
    validate.splice(
      validate.findIndex((s) => s.id === 'crd-diff'),
      1,
    );
  const stabiliseMs = high ? (options.stabiliseMs ?? DEFAULT_STABILISE_MS) : (options.shortStabiliseMs ?? 0);
  const stages: ProtocolStage[] = [
    { id: 'prepare', title: 'Prepare', steps: prepare, gate: null },
    { id: 'dry-run', title: 'Dry run', steps: dryRun, gate: null },
    { id: 'execute', title: 'Execute', steps: execute, gate: 'gate-1' },
    { id: 'validate', title: 'Validate', steps: validate, gate: 'gate-2' },
  ];
  if (stabiliseMs > 0)
    stages.push({
      id: 'stabilise',
      title: 'Stabilise',
      steps: [step('window', `Stabilisation window (${formatDuration(stabiliseMs)}) with alerts and restarts watched`)],
      gate: 'gate-3',
    });
  return { upgradeClass, risk, requiredPrep: CLASS_TABLE[upgradeClass].requiredPrep, stages, stabiliseMs, database };
}

/** Every step of a protocol in order, with its stage. */
export function protocolSteps(p: UpgradeProtocol): Array<StageStep & { stage: StageId }> {
  return p.stages.flatMap((s) => s.steps.map((x) => ({ ...x, stage: s.id })));
}

/** `30 min`, `45 s`, `1 h 5 min`. */
export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  if (m < 60) return rest ? `${m} min ${rest} s` : `${m} min`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
}
