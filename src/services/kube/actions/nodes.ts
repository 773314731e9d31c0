import { conditionsOf, isoOf, type RawObject } from '../../../domain/health/raw.js';
import { objectName } from '../validate.js';
import type { ActionContext } from './context.js';

export interface NodeCondition {
  type: string;
  status: string;
  reason: string | null;
  message: string | null;
  lastTransitionTime: string | null;
}

/** `kubectl describe node X | grep -A5 Conditions`, as data. */
export async function nodeConditions(ctx: ActionContext, name: string): Promise<NodeCondition[]> {
  const node = await ctx.http.get<RawObject>(`/api/v1/nodes/${objectName(name, 'node')}`);
  return conditionsOf(node.status).map((c) => ({
    type: c.type ?? '',
    status: c.status ?? 'Unknown',
    reason: c.reason ?? null,
    message: c.message ?? null,
    lastTransitionTime: isoOf(c.lastTransitionTime),
  }));
}
