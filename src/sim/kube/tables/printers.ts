import { jsonPathFind } from '../jsonpath.js';
import type { ResourceType } from '../resources.js';
import { selectorString } from '../selectors.js';
import type { Json, KubeObject, Pod, Workload } from '../types.js';
import { ageOf } from './age.js';
import { podColumns } from './pod-status.js';

export interface ColumnDefinition {
  name: string;
  type: string;
  format: string;
  description: string;
  priority: number;
}

export interface Printer {
  columns: ColumnDefinition[];
  cells(obj: KubeObject, now: number): unknown[];
}

const col = (name: string, type = 'string', priority = 0, format = ''): ColumnDefinition => ({
  name,
  type,
  format,
  description: name === 'Name' ? 'Name must be unique within a namespace.' : `${name} column`,
  priority,
});

const NAME = col('Name', 'string', 0, 'name');
const AGE = col('Age');
const none = (v: unknown): string => (v === undefined || v === null || v === '' ? '<none>' : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
const st = (o: KubeObject): Json => (o.status as Json | undefined) ?? {};

function containersAndImages(o: Workload): [string, string] {
  const cs = o.spec?.template?.spec?.containers ?? [];
  return [cs.map((c) => c.name).join(','), cs.map((c) => c.image).join(',')];
}

function nodeRoles(o: KubeObject): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(o.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/')) roles.add(k.slice('node-role.kubernetes.io/'.length));
    if (k === 'kubernetes.io/role') roles.add(v);
  }
  return roles.size ? [...roles].sort().join(',') : '<none>';
}

function nodeStatus(o: KubeObject): string {
  const conds = (st(o).conditions as Array<{ type: string; status: string }>) ?? [];
  const ready = conds.find((c) => c.type === 'Ready');
  const parts = [ready ? (ready.status === 'True' ? 'Ready' : 'NotReady') : 'Unknown'];
  if ((o.spec as Json | undefined)?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

const BUILTIN_PRINTERS: Record<string, Printer> = {
  Pod: {
    columns: [
      NAME,
      col('Ready'),
      col('Status'),
      col('Restarts'),
      AGE,
      col('IP', 'string', 1),
      col('Node', 'string', 1),
      col('Nominated Node', 'string', 1),
      col('Readiness Gates', 'string', 1),
    ],
    cells(o, now) {
      const p = o as Pod;
      const c = podColumns(p, now);
      return [
        o.metadata.name,
        c.ready,
        c.status,
        c.restarts,
        ageOf(o.metadata.creationTimestamp, now),
        none(p.status?.podIP),
        none(p.spec?.nodeName),
        '<none>',
        '<none>',
      ];
    },
  },
  Node: {
    columns: [
      NAME,
      col('Status'),
      col('Roles'),
      AGE,
      col('Version'),
      col('Internal-IP', 'string', 1),
      col('External-IP', 'string', 1),
      col('OS-Image', 'string', 1),
      col('Kernel-Version', 'string', 1),
      col('Container-Runtime', 'string', 1),
    ],
    cells(o, now) {
      const s = st(o);
      const info = (s.nodeInfo as Json) ?? {};
      const addrs = (s.addresses as Array<{ type: string; address: string }>) ?? [];
      const addr = (type: string) => none(addrs.find((a) => a.type === type)?.address);
      return [
        o.metadata.name,
        nodeStatus(o),
        nodeRoles(o),
        ageOf(o.metadata.creationTimestamp, now),
        none(info.kubeletVersion),
        addr('InternalIP'),
        addr('ExternalIP'),
        none(info.osImage),
        none(info.kernelVersion),
        none(info.containerRuntimeVersion),
      ];
    },
  },
  Namespace: {
    columns: [NAME, col('Status'), AGE],
    cells: (o, now) => [o.metadata.name, none(st(o).phase ?? 'Active'), ageOf(o.metadata.creationTimestamp, now)],
  },
  Deployment: {
    columns: [
      NAME,
      col('Ready'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(o, now) {
      const w = o as Workload;
      const s = st(o);
      const [c, i] = containersAndImages(w);
      return [
        o.metadata.name,
        `${num(s.readyReplicas)}/${w.spec.replicas ?? 1}`,
        num(s.updatedReplicas),
        num(s.availableReplicas),
        ageOf(o.metadata.creationTimestamp, now),
        c,
        i,
        selectorString(w.spec.selector),
      ];
    },
  },
  ReplicaSet: {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(o, now) {
      const w = o as Workload;
      const s = st(o);
      const [c, i] = containersAndImages(w);
      return [
        o.metadata.name,
        w.spec.replicas ?? 1,
        num(s.replicas),
        num(s.readyReplicas),
        ageOf(o.metadata.creationTimestamp, now),
        c,
        i,
        selectorString(w.spec.selector),
      ];
    },
  },
  StatefulSet: {
    columns: [NAME, col('Ready'), AGE, col('Containers', 'string', 1), col('Images', 'string', 1)],
    cells(o, now) {
      const w = o as Workload;
      const [c, i] = containersAndImages(w);
      return [o.metadata.name, `${num(st(o).readyReplicas)}/${w.spec.replicas ?? 1}`, ageOf(o.metadata.creationTimestamp, now), c, i];
    },
  },
  DaemonSet: {
    columns: [
      NAME,
      col('Desired', 'integer'),
      col('Current', 'integer'),
      col('Ready', 'integer'),
      col('Up-to-date', 'integer'),
      col('Available', 'integer'),
      col('Node Selector'),
      AGE,
      col('Containers', 'string', 1),
      col('Images', 'string', 1),
      col('Selector', 'string', 1),
    ],
    cells(o, now) {
      const w = o as Workload;
      const s = st(o);
      const [c, i] = containersAndImages(w);
      const ns = Object.entries(w.spec.template?.spec?.nodeSelector ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [
        o.metadata.name,
        num(s.desiredNumberScheduled),
        num(s.currentNumberScheduled),
        num(s.numberReady),
        num(s.updatedNumberScheduled),
        num(s.numberAvailable),
        none(ns),
        ageOf(o.metadata.creationTimestamp, now),
        c,
        i,
        selectorString(w.spec.selector),
      ];
    },
  },
  Job: {
    columns: [NAME, col('Status'), col('Completions'), col('Duration'), AGE],
    cells(o, now) {
      const s = st(o);
      const spec = (o.spec as Json) ?? {};
      const done = s.completionTime ? 'Complete' : s.failed ? 'Failed' : 'Running';
      const dur = s.startTime ? ageOf(String(s.startTime), s.completionTime ? Date.parse(String(s.completionTime)) : now) : '';
      return [o.metadata.name, done, `${num(s.succeeded)}/${spec.completions ?? 1}`, dur, ageOf(o.metadata.creationTimestamp, now)];
    },
  },
  Service: {
    columns: [NAME, col('Type'), col('Cluster-IP'), col('External-IP'), col('Port(s)'), AGE, col('Selector', 'string', 1)],
    cells(o, now) {
      const spec = (o.spec as Json) ?? {};
      const ports = ((spec.ports as Array<{ port: number; protocol?: string }>) ?? []).map((p) => `${p.port}/${p.protocol ?? 'TCP'}`).join(',');
      const sel = Object.entries((spec.selector as Record<string, string>) ?? {})
        .map(([k, v]) => `${k}=${v}`)
        .join(',');
      return [
        o.metadata.name,
        none(spec.type ?? 'ClusterIP'),
        none(spec.clusterIP),
        '<none>',
        none(ports),
        ageOf(o.metadata.creationTimestamp, now),
        none(sel),
      ];
    },
  },
  Event: {
    columns: [col('Last Seen'), col('Type'), col('Reason'), col('Object'), col('Message')],
    cells(o, now) {
      const e = o as unknown as Json;
      const inv = (e.involvedObject as Json) ?? {};
      const last = (e.lastTimestamp as string) ?? (e.eventTime as string) ?? o.metadata.creationTimestamp;
      return [ageOf(last, now), none(e.type), none(e.reason), `${String(inv.kind ?? '').toLowerCase()}/${String(inv.name ?? '')}`, none(e.message)];
    },
  },
  CustomResourceDefinition: {
    columns: [NAME, col('Created At', 'date')],
    cells: (o) => [o.metadata.name, o.metadata.creationTimestamp],
  },
};

const GENERIC: Printer = {
  columns: [NAME, AGE],
  cells: (o, now) => [o.metadata.name, ageOf(o.metadata.creationTimestamp, now)],
};

/** The Table printer for a resource: built-in columns, a CRD's additionalPrinterColumns, or Name/Age. */
export function printerFor(t: ResourceType): Printer {
  if (t.builtin) return BUILTIN_PRINTERS[t.kind] ?? GENERIC;
  const pcs = t.printerColumns;
  if (!pcs || pcs.length === 0) return GENERIC;
  return {
    columns: [NAME, ...pcs.map((c) => ({ name: c.name, type: c.type, format: c.format ?? '', description: c.description ?? '', priority: c.priority ?? 0 }))],
    cells(o, now) {
      return [
        o.metadata.name,
        ...pcs.map((c) => {
          const v = jsonPathFind(o, c.jsonPath)[0];
          if (v === undefined || v === null) return null;
          if (c.type === 'date') return ageOf(String(v), now);
          if (c.type === 'integer' || c.type === 'number' || c.type === 'boolean') return v;
          return typeof v === 'object' ? JSON.stringify(v) : String(v);
        }),
      ];
    },
  };
}

/** A `meta.k8s.io/v1` Table for a list (or one object), rows carrying PartialObjectMetadata unless asked for the object. */
export function toTable(
  t: ResourceType,
  objs: KubeObject[],
  now: number,
  opts: { includeObject?: string; resourceVersion?: string; continueToken?: string; remaining?: number; withColumns?: boolean },
): Json {
  const printer = printerFor(t);
  const include = opts.includeObject ?? 'Metadata';
  const rows = objs.map((o) => {
    const row: Json = { cells: printer.cells(o, now) };
    if (include === 'Object') row.object = o;
    else if (include !== 'None') row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata };
    return row;
  });
  const metadata: Json = {};
  if (opts.resourceVersion) metadata.resourceVersion = opts.resourceVersion;
  if (opts.continueToken) metadata.continue = opts.continueToken;
  if (opts.remaining !== undefined) metadata.remainingItemCount = opts.remaining;
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: opts.withColumns === false ? null : printer.columns,
    rows,
  };
}
