import type { Priority, Severity } from './types.js';

const SEVERITY: Record<Priority, Severity> = { P0: 'CRITICAL', P1: 'HIGH', P2: 'MEDIUM', P3: 'LOW' };

/** P0–P3 → the workflow's CRITICAL / HIGH / MEDIUM / LOW. */
export function severityOf(priority: Priority | null): Severity | null {
  return priority ? SEVERITY[priority] : null;
}

/** 0 for P0 … 3 for P3; null when there is no priority. */
export function priorityRank(priority: Priority | null): number | null {
  return priority ? Number(priority[1]) : null;
}

/** `P0`, `p1`, `CRITICAL`, `high` → a Priority; null when the token is neither. */
export function priorityFromToken(token: string): Priority | null {
  const t = token.trim().toUpperCase();
  if (/^P[0-3]$/.test(t)) return t as Priority;
  for (const [p, s] of Object.entries(SEVERITY)) if (s === t) return p as Priority;
  return null;
}
