import type { NodeView } from './types.js';
import { parseMillicores, parseQuantity } from './quantity.js';
import { asRecord, conditionTrue, conditionsOf, isoOf, type RawObject } from './raw.js';

const PRESSURES = ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable'];
const ROLE_PREFIX = 'node-role.kubernetes.io/';

export function projectNode(raw: RawObject): NodeView {
  const meta = raw.metadata ?? {};
  const status = asRecord(raw.status);
  const conditions = conditionsOf(status);
  const addresses = Array.isArray(status.addresses) ? (status.addresses as Array<{ type?: string; address?: string }>) : [];
  const allocatable = asRecord(status.allocatable);
  const roles = Object.keys(meta.labels ?? {})
    .filter((k) => k.startsWith(ROLE_PREFIX))
    .map((k) => k.slice(ROLE_PREFIX.length))
    .filter((r) => r !== '')
    .sort();
  return {
    name: meta.name ?? '',
    uid: meta.uid ?? '',
    ready: conditionTrue(conditions, 'Ready'),
    pressures: PRESSURES.filter((type) => conditionTrue(conditions, type) === true),
    unschedulable: asRecord(raw.spec).unschedulable === true,
    kubeletVersion: (asRecord(status.nodeInfo).kubeletVersion as string | undefined) ?? '',
    internalIP: addresses.find((a) => a.type === 'InternalIP')?.address ?? null,
    roles,
    cpuPercent: null,
    memoryPercent: null,
    createdAt: isoOf(meta.creationTimestamp),
    allocatableMillicores: parseMillicores(allocatable.cpu as string | undefined),
    allocatableMemoryBytes: parseQuantity(allocatable.memory as string | undefined),
  };
}

/** One item of metrics.k8s.io/v1beta1 NodeMetricsList. */
export interface NodeUsage {
  name: string;
  millicores: number | null;
  memoryBytes: number | null;
}

export function projectNodeMetrics(raw: RawObject): NodeUsage {
  const usage = asRecord((raw as { usage?: unknown }).usage);
  return {
    name: raw.metadata?.name ?? '',
    millicores: parseMillicores(usage.cpu as string | undefined),
    memoryBytes: parseQuantity(usage.memory as string | undefined),
  };
}

/** Node with kubectl-top percentages (usage / allocatable) filled in, when both are known. */
export function withUsage(node: NodeView, usage: NodeUsage | undefined): NodeView {
  if (!usage) return node.cpuPercent === null && node.memoryPercent === null ? node : { ...node, cpuPercent: null, memoryPercent: null };
  const pct = (used: number | null, total: number | null | undefined) => (used === null || !total ? null : Math.round((used / total) * 100));
  return { ...node, cpuPercent: pct(usage.millicores, node.allocatableMillicores), memoryPercent: pct(usage.memoryBytes, node.allocatableMemoryBytes) };
}
