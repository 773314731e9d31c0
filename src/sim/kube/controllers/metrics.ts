import type { ObjectStore } from '../store.js';
import type { ResourceRegistry } from '../resources.js';
import type { Json, KubeObject, Pod } from '../types.js';
import { iso } from './pod-state.js';

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

function parseCpu(q: string): number {
  return q.endsWith('m') ? Number(q.slice(0, -1)) : Number(q) * 1000;
}

function parseMemKi(q: string): number {
  const m = q.match(/^(\d+)(Ki|Mi|Gi)?$/);
  if (!m) return 0;
  const n = Number(m[1]);
  return m[2] === 'Gi' ? n * 1024 * 1024 : m[2] === 'Mi' ? n * 1024 : m[2] === 'Ki' ? n : n / 1024;
}

/**
 * metrics.k8s.io answers computed from the world: each node idles at a stable, name-derived share of its
 * capacity (the corpus shows 3–16 % CPU, 9–24 % memory) plus what `setNodeLoad` adds.
 */
export class Metrics {
  readonly load = new Map<string, { cpuPercent: number; memoryPercent: number }>();

  constructor(
    private readonly store: ObjectStore,
    private readonly registry: ResourceRegistry,
    private readonly now: () => number,
  ) {}

  nodes(): KubeObject[] {
    const at = iso(this.now());
    return this.store.list(this.registry.builtin('Node')).map(({ obj }) => {
      const alloc = ((obj.status as Json).allocatable as Record<string, string>) ?? {};
      const h = hash(obj.metadata.name);
      const forced = this.load.get(obj.metadata.name);
      const cpuPct = forced?.cpuPercent ?? 3 + (h % 14);
      const memPct = forced?.memoryPercent ?? 9 + ((h >>> 8) % 16);
      const cpu = Math.round((parseCpu(alloc.cpu ?? '4') * cpuPct) / 100);
      const memKi = Math.round((parseMemKi(alloc.memory ?? '16Gi') * memPct) / 100);
      return {
        kind: 'NodeMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: obj.metadata.name, creationTimestamp: at, labels: obj.metadata.labels ?? {} },
        timestamp: at,
        window: '20.05s',
        usage: { cpu: `${cpu * 1_000_000}n`, memory: `${memKi}Ki` },
      } as unknown as KubeObject;
    });
  }

  pods(namespace?: string): KubeObject[] {
    const at = iso(this.now());
    const out: KubeObject[] = [];
    for (const { obj } of this.store.list(this.registry.builtin('Pod'), namespace)) {
      const pod = obj as Pod;
      if (pod.status?.phase !== 'Running') continue;
      out.push({
        kind: 'PodMetrics',
        apiVersion: 'metrics.k8s.io/v1beta1',
        metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace, creationTimestamp: at, labels: pod.metadata.labels ?? {} },
        timestamp: at,
        window: '17.9s',
        containers: pod.spec.containers.map((c) => {
          const h = hash(`${pod.metadata.name}/${c.name}`);
          return { name: c.name, usage: { cpu: `${(1 + (h % 200)) * 1_000_000}n`, memory: `${8192 + (h % 500_000)}Ki` } };
        }),
      } as unknown as KubeObject);
    }
    return out;
  }
}
