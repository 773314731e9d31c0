import type { LayerGrade, LayerStatus, Offender } from './types.js';

/** GREEN < YELLOW < UNKNOWN < RED: a known failure outranks not knowing, not knowing outranks a warning. */
const SEVERITY: Record<LayerStatus, number> = { GREEN: 0, YELLOW: 1, UNKNOWN: 2, RED: 3 };

export function worst(statuses: Iterable<LayerStatus>): LayerStatus {
  let out: LayerStatus = 'GREEN';
  for (const s of statuses) if (SEVERITY[s] > SEVERITY[out]) out = s;
  return out;
}

export function severity(status: LayerStatus): number {
  return SEVERITY[status];
}

/** Worst first, then most restarts, then oldest, then by name, so the list reads top-down as "fix this first". */
export function sortOffenders(offenders: Offender[]): Offender[] {
  return [...offenders].sort(
    (a, b) =>
      SEVERITY[b.status] - SEVERITY[a.status] ||
      (b.restarts ?? 0) - (a.restarts ?? 0) ||
      (b.ageSeconds ?? 0) - (a.ageSeconds ?? 0) ||
      (a.namespace ?? '').localeCompare(b.namespace ?? '') ||
      a.name.localeCompare(b.name),
  );
}

export function percent(healthy: number, total: number): number | null {
  if (total === 0) return null;
  return Math.floor((healthy / total) * 1000) / 10;
}

export function ageSeconds(createdAt: string | null, now: number): number | undefined {
  if (!createdAt) return undefined;
  const t = Date.parse(createdAt);
  return Number.isNaN(t) ? undefined : Math.max(0, Math.round((now - t) / 1000));
}

/** "3 CrashLoopBackOff, 1 Pending" — counts of offender reasons, most frequent first. */
export function tally(offenders: Offender[]): string {
  const counts = new Map<string, number>();
  for (const o of offenders) counts.set(o.reason, (counts.get(o.reason) ?? 0) + 1);
  return [...counts.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${n} ${reason}`)
    .join(', ');
}

export function unknownLayer(reasons: string[]): LayerGrade {
  return { status: 'UNKNOWN', healthyPercent: null, reasons, offenders: [] };
}

/** Human duration like kubectl's AGE column: 45s, 12m, 3h4m, 5d. */
export function humanDuration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  const m = Math.floor(seconds / 60);
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h}h${m % 60}m` : `${h}h`;
  return `${Math.floor(h / 24)}d`;
}
