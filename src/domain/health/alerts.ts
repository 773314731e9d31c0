import type { Offender, LayerStatus } from './types.js';

/** One Alertmanager alert as the grading and the remedy table need it (from `/api/v2/alerts`). */
export interface AlertView {
  name: string;
  severity: string;
  /** active | suppressed | unprocessed (Alertmanager's status.state). */
  state: string;
  silenced: boolean;
  inhibited: boolean;
  namespace: string | null;
  summary: string | null;
  description: string | null;
  runbookUrl: string | null;
  startsAt: string | null;
  fingerprint: string;
  /** Every label (job_name, pod, instance…): what a remedy needs to name the alert's object. */
  labels: Record<string, string>;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** A gettableAlert (Alertmanager API v2) → AlertView; null when it is not an alert at all. */
export function projectAlert(raw: unknown): AlertView | null {
  const a = rec(raw);
  const labels = rec(a.labels);
  const annotations = rec(a.annotations);
  const status = rec(a.status);
  const name = str(labels.alertname);
  if (!name) return null;
  const silencedBy = Array.isArray(status.silencedBy) ? status.silencedBy : [];
  const inhibitedBy = Array.isArray(status.inhibitedBy) ? status.inhibitedBy : [];
  return {
    name,
    severity: (str(labels.severity) ?? 'none').toLowerCase(),
    state: str(status.state) ?? 'active',
    silenced: silencedBy.length > 0,
    inhibited: inhibitedBy.length > 0,
    namespace: str(labels.namespace),
    summary: str(annotations.summary) ?? str(annotations.message),
    description: str(annotations.description),
    runbookUrl: str(annotations.runbook_url) ?? str(annotations.runbook),
    startsAt: str(a.startsAt),
    fingerprint: str(a.fingerprint) ?? name,
    labels: Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}

/** Alertmanager's answer (an array of gettableAlerts) → the alerts that can be read. */
export function projectAlerts(raw: unknown): AlertView[] {
  if (!Array.isArray(raw)) throw new Error('Alertmanager answered with something that is not a list of alerts');
  return raw.map(projectAlert).filter((a): a is AlertView => a !== null);
}

const SEVERITY: Record<string, LayerStatus> = { critical: 'RED', error: 'RED', page: 'RED', warning: 'YELLOW', warn: 'YELLOW' };

/**
 * A firing alert that counts: critical (also error/page) is RED, warning YELLOW; info and none
 * (Watchdog, InfoInhibitor) never grade. Silenced, inhibited and suppressed alerts do not count:
 * someone already decided about them.
 */
export function alertOffender(a: AlertView): Offender | null {
  if (a.silenced || a.inhibited || a.state === 'suppressed') return null;
  const status = SEVERITY[a.severity];
  if (!status) return null;
  return {
    kind: 'Alert',
    ...(a.namespace ? { namespace: a.namespace } : {}),
    name: a.name,
    status,
    reason: `${a.severity}${a.summary ? `: ${a.summary}` : ''}`,
  };
}
