import { alertOffender } from './alerts.js';
import type { GradeInput, SourceKind, SourceState } from './grade-input.js';
import { percent, sortOffenders, tally, worst } from './layer.js';
import type { ApplicationView, CertificateView, ExternalSecretView, LayerGrade, LayerStatus, Offender, SecretStoreView } from './types.js';

const SYNC: Record<string, LayerStatus> = { Synced: 'GREEN', OutOfSync: 'YELLOW', Unknown: 'YELLOW' };
const HEALTH: Record<string, LayerStatus> = {
  Healthy: 'GREEN',
  Progressing: 'YELLOW',
  Suspended: 'YELLOW',
  Unknown: 'YELLOW',
  Degraded: 'RED',
  Missing: 'RED',
};

/** OutOfSync, Degraded, Missing, Progressing and Unknown each keep their own word in the reason. */
export function applicationOffender(app: ApplicationView): Offender | null {
  const parts: Array<[LayerStatus, string]> = [];
  if (app.syncStatus !== 'Synced') parts.push([SYNC[app.syncStatus] ?? 'YELLOW', app.syncStatus === 'Unknown' ? 'SyncUnknown' : app.syncStatus]);
  if (app.healthStatus !== 'Healthy') {
    parts.push([HEALTH[app.healthStatus] ?? 'YELLOW', app.healthStatus === 'Unknown' ? 'HealthUnknown' : app.healthStatus]);
  }
  if (app.operationPhase === 'Failed' || app.operationPhase === 'Error') parts.push(['RED', `Sync${app.operationPhase}`]);
  if (parts.length === 0) return null;
  return { kind: 'Application', namespace: app.namespace, name: app.name, status: worst(parts.map((p) => p[0])), reason: parts.map((p) => p[1]).join(', ') };
}

const ISSUING = new Set(['Issuing', 'InProgress', 'Pending', 'DoesNotExist']);

const DAY = 86_400_000;

/**
 * Expired is RED; Ready but expiring within `warnDays` is YELLOW (cert-manager renews at 2/3 of the
 * lifetime, so a certificate this close to its end is one whose renewal failed).
 */
export function certificateOffender(cert: CertificateView, now: number, warnDays = 14): Offender | null {
  const base = { kind: 'Certificate', namespace: cert.namespace, name: cert.name };
  const expiry = cert.notAfter ? Date.parse(cert.notAfter) : NaN;
  if (!Number.isNaN(expiry) && expiry <= now) return { ...base, status: 'RED', reason: 'Expired' };
  if (cert.ready === true) {
    if (Number.isNaN(expiry) || expiry - now > warnDays * DAY) return null;
    return { ...base, status: 'YELLOW', reason: `Expiring in ${Math.floor((expiry - now) / DAY)} d` };
  }
  if (cert.ready === null) return { ...base, status: 'YELLOW', reason: cert.reason ?? 'ReadyUnknown' };
  return { ...base, status: cert.reason && ISSUING.has(cert.reason) ? 'YELLOW' : 'RED', reason: `NotReady${cert.reason ? ` (${cert.reason})` : ''}` };
}

export function externalSecretOffender(es: ExternalSecretView): Offender | null {
  if (es.ready === true) return null;
  const base = { kind: 'ExternalSecret', namespace: es.namespace, name: es.name };
  if (es.ready === false) return { ...base, status: 'RED', reason: es.reason ?? 'NotReady' };
  return { ...base, status: 'YELLOW', reason: es.reason ?? 'ReadyUnknown' };
}

export function secretStoreOffender(store: SecretStoreView): Offender | null {
  if (store.ready === true) return null;
  return { kind: 'ClusterSecretStore', name: store.name, status: store.ready === false ? 'RED' : 'YELLOW', reason: store.reason ?? 'NotReady' };
}

interface Tally {
  statuses: LayerStatus[];
  reasons: string[];
  offenders: Offender[];
  healthy: number;
  total: number;
  known: number;
}

function gradePart<T>(
  t: Tally,
  input: GradeInput,
  source: SourceKind | SourceState,
  label: string,
  noun: string,
  items: T[],
  judge: (item: T) => Offender | null,
): void {
  const src = typeof source === 'string' ? input.sources[source] : source;
  if (src.state === 'unknown') {
    t.statuses.push('UNKNOWN');
    t.reasons.push(`${noun}: ${src.reason}`);
    return;
  }
  if (src.state === 'not-installed') {
    t.reasons.push(`${noun}: ${label} not installed`);
    return;
  }
  t.known++;
  const bad = items.map(judge).filter((o): o is Offender => o !== null);
  t.offenders.push(...bad);
  t.statuses.push(...bad.map((o) => o.status));
  t.healthy += items.length - bad.length;
  t.total += items.length;
  t.reasons.push(bad.length ? `${bad.length} of ${items.length} ${noun}: ${tally(bad)}` : `${items.length} ${noun} healthy`);
}

/**
 * Alerts are not objects with a healthy state: the count is of firing alerts, and only those that
 * grade (critical, warning) are offenders. They are not in healthyPercent (there is no denominator).
 */
function gradeAlerts(t: Tally, input: GradeInput): void {
  const alerts = input.alerts!;
  const where = alerts.where ? ` at ${alerts.where}` : '';
  if (alerts.source.state === 'unknown') {
    t.statuses.push('UNKNOWN');
    t.reasons.push(`Alerts: ${alerts.source.reason}`);
    return;
  }
  if (alerts.source.state === 'not-installed') {
    t.reasons.push(`Alerts: no Alertmanager${where}`);
    return;
  }
  const bad = alerts.items.map(alertOffender).filter((o): o is Offender => o !== null);
  t.offenders.push(...bad);
  t.statuses.push(...bad.map((o) => o.status));
  t.reasons.push(bad.length ? `${bad.length} Alerts firing: ${bad.map((o) => o.name).join(', ')}` : 'no Alerts firing');
}

/** Platform: ArgoCD Applications Synced + Healthy, Certificates Ready, ExternalSecrets and their stores synced. */
export function gradePlatform(input: GradeInput): LayerGrade {
  const t: Tally = { statuses: [], reasons: [], offenders: [], healthy: 0, total: 0, known: 0 };
  gradePart(t, input, 'applications', 'ArgoCD', 'Applications', input.applications, applicationOffender);
  gradePart(t, input, 'certificates', 'cert-manager', 'Certificates', input.certificates, (c) =>
    certificateOffender(c, input.now, input.thresholds.certExpiryWarnDays),
  );
  gradePart(t, input, 'externalSecrets', 'external-secrets', 'ExternalSecrets', input.externalSecrets, externalSecretOffender);
  gradePart(t, input, 'clusterSecretStores', 'external-secrets', 'ClusterSecretStores', input.clusterSecretStores, secretStoreOffender);
  if (input.alerts) gradeAlerts(t, input);
  const unknown = t.statuses.includes('UNKNOWN');
  return {
    status: worst(t.statuses),
    healthyPercent: unknown || t.known === 0 ? null : (percent(t.healthy, t.total) ?? 100),
    reasons: t.reasons,
    offenders: sortOffenders(t.offenders),
  };
}
