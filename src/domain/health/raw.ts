/**
 * The few fields of raw API objects the projections read. Watch events deliver plain JSON, so
 * timestamps are strings here; everything is optional because CRs are untyped.
 */
export interface RawMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string | Date;
  deletionTimestamp?: string | Date | null;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: Array<{ kind?: string; name?: string; controller?: boolean }>;
}

export interface RawCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string | Date;
}

export interface RawObject {
  apiVersion?: string;
  kind?: string;
  metadata?: RawMeta;
  spec?: unknown;
  status?: unknown;
}

/** ISO string of a timestamp that may arrive as string (watch) or Date (typed API). */
export function isoOf(value: string | Date | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  return value === '' ? null : value;
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

export function asString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

export function conditionsOf(status: unknown): RawCondition[] {
  const list = asRecord(status).conditions;
  return Array.isArray(list) ? (list as RawCondition[]) : [];
}

/** True / false / null (absent or Unknown) for a condition type. */
export function conditionTrue(conditions: RawCondition[], type: string): boolean | null {
  const c = conditions.find((x) => x.type === type);
  if (!c || c.status === 'Unknown' || c.status === undefined) return null;
  return c.status === 'True';
}
