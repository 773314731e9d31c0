import type { Json, KubeObject } from './types.js';

export interface PrinterColumn {
  name: string;
  type: string;
  jsonPath: string;
  description?: string;
  priority?: number;
  format?: string;
}

export interface Subresource {
  name: string;
  kind: string;
  group?: string;
  version?: string;
  verbs: string[];
}

/** One servable resource (built in or defined by a CRD object in the store). */
export interface ResourceType {
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  verbs: string[];
  subresources: Subresource[];
  /** Writes to the main resource ignore `.status` (and status writes go through /status). */
  statusSubresource: boolean;
  /** Strategic merge patch is only accepted by built-in types. */
  builtin: boolean;
  /** Field selector labels beyond metadata.name / metadata.namespace. */
  fieldLabels: string[];
  /** CRD additionalPrinterColumns, for Table output. */
  printerColumns?: PrinterColumn[];
  /** Served from world state rather than stored (metrics.k8s.io). */
  virtual?: boolean;
}

export const ALL_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const READ_VERBS = ['get', 'list'];

export function groupVersion(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function resourceKey(t: Pick<ResourceType, 'group' | 'plural'>): string {
  return `${t.group}/${t.plural}`;
}

/** `pods` / `deployments.apps`, as messages and Status details name a resource. */
export function qualifiedResource(t: ResourceType): string {
  return t.group ? `${t.plural}.${t.group}` : t.plural;
}

interface BuiltinSpec {
  group?: string;
  version?: string;
  kind: string;
  plural: string;
  namespaced?: boolean;
  shortNames?: string[];
  categories?: string[];
  verbs?: string[];
  subresources?: Subresource[];
  status?: boolean;
  fieldLabels?: string[];
  virtual?: boolean;
}

const scale = (): Subresource => ({ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] });
const statusSub = (kind: string): Subresource => ({ name: 'status', kind, verbs: ['get', 'patch', 'update'] });

const BUILTINS: BuiltinSpec[] = [
  { kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], status: true, fieldLabels: ['status.phase'] },
  { kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], status: true, fieldLabels: ['spec.unschedulable'] },
  {
    kind: 'Pod',
    plural: 'pods',
    shortNames: ['po'],
    categories: ['all'],
    status: true,
    subresources: [
      { name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] },
      { name: 'log', kind: 'Pod', verbs: ['get'] },
      { name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
    ],
    fieldLabels: [
      'spec.nodeName',
      'spec.restartPolicy',
      'spec.schedulerName',
      'spec.serviceAccountName',
      'spec.hostNetwork',
      'status.phase',
      'status.podIP',
      'status.nominatedNodeName',
    ],
  },
  { kind: 'Service', plural: 'services', shortNames: ['svc'], categories: ['all'], status: true },
  { kind: 'Endpoints', plural: 'endpoints', shortNames: ['ep'] },
  { kind: 'ConfigMap', plural: 'configmaps', shortNames: ['cm'] },
  { kind: 'Secret', plural: 'secrets', fieldLabels: ['type'] },
  { kind: 'ServiceAccount', plural: 'serviceaccounts', shortNames: ['sa'] },
  { kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', shortNames: ['pvc'], status: true },
  { kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'], status: true },
  {
    kind: 'Event',
    plural: 'events',
    shortNames: ['ev'],
    fieldLabels: [
      'involvedObject.kind',
      'involvedObject.namespace',
      'involvedObject.name',
      'involvedObject.uid',
      'involvedObject.apiVersion',
      'involvedObject.resourceVersion',
      'involvedObject.fieldPath',
      'reason',
      'reportingComponent',
      'source',
      'type',
    ],
  },
  { group: 'apps', kind: 'Deployment', plural: 'deployments', shortNames: ['deploy'], categories: ['all'], status: true, subresources: [scale()] },
  { group: 'apps', kind: 'ReplicaSet', plural: 'replicasets', shortNames: ['rs'], categories: ['all'], status: true, subresources: [scale()] },
  { group: 'apps', kind: 'StatefulSet', plural: 'statefulsets', shortNames: ['sts'], categories: ['all'], status: true, subresources: [scale()] },
  { group: 'apps', kind: 'DaemonSet', plural: 'daemonsets', shortNames: ['ds'], categories: ['all'], status: true },
  { group: 'apps', kind: 'ControllerRevision', plural: 'controllerrevisions' },
  { group: 'batch', kind: 'Job', plural: 'jobs', categories: ['all'], status: true },
  { group: 'batch', kind: 'CronJob', plural: 'cronjobs', shortNames: ['cj'], categories: ['all'], status: true },
  { group: 'storage.k8s.io', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'] },
  {
    group: 'apiextensions.k8s.io',
    kind: 'CustomResourceDefinition',
    plural: 'customresourcedefinitions',
    namespaced: false,
    shortNames: ['crd', 'crds'],
    categories: ['api-extensions'],
    status: true,
  },
  { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'NodeMetrics', plural: 'nodes', namespaced: false, verbs: READ_VERBS, virtual: true },
  { group: 'metrics.k8s.io', version: 'v1beta1', kind: 'PodMetrics', plural: 'pods', verbs: READ_VERBS, virtual: true },
];

function fromBuiltin(s: BuiltinSpec): ResourceType {
  const subresources = [...(s.status ? [statusSub(s.kind)] : []), ...(s.subresources ?? [])];
  return {
    group: s.group ?? '',
    version: s.version ?? 'v1',
    kind: s.kind,
    listKind: `${s.kind}List`,
    plural: s.plural,
    singular: s.kind.toLowerCase(),
    namespaced: s.namespaced ?? true,
    shortNames: s.shortNames ?? [],
    categories: s.categories ?? [],
    verbs: s.verbs ?? ALL_VERBS,
    subresources,
    statusSubresource: s.status ?? false,
    builtin: true,
    fieldLabels: s.fieldLabels ?? [],
    virtual: s.virtual,
  };
}

/** Reads a CRD object (apiextensions.k8s.io/v1) into the servable resource of its storage version. */
export function fromCrd(crd: KubeObject): ResourceType | null {
  const spec = crd.spec as Json | undefined;
  if (!spec) return null;
  const names = spec.names as Json;
  const versions = (spec.versions as Json[]) ?? [];
  const served = versions.find((v) => v.storage) ?? versions.find((v) => v.served);
  if (!served || !names) return null;
  const subs = (served.subresources as Json | undefined) ?? {};
  const kind = String(names.kind);
  const subresources: Subresource[] = [];
  if ('status' in subs) subresources.push(statusSub(kind));
  if ('scale' in subs) subresources.push(scale());
  return {
    group: String(spec.group),
    version: String(served.name),
    kind,
    listKind: String(names.listKind ?? `${kind}List`),
    plural: String(names.plural),
    singular: String(names.singular ?? kind.toLowerCase()),
    namespaced: spec.scope === 'Namespaced',
    shortNames: (names.shortNames as string[]) ?? [],
    categories: (names.categories as string[]) ?? [],
    verbs: ALL_VERBS,
    subresources,
    statusSubresource: 'status' in subs,
    builtin: false,
    fieldLabels: [],
    printerColumns: (served.additionalPrinterColumns as PrinterColumn[]) ?? undefined,
  };
}

/** Built-in resources plus the ones the store's CRD objects define; rebuilt when CRDs change. */
export class ResourceRegistry {
  private readonly builtins = BUILTINS.map(fromBuiltin);
  private custom: ResourceType[] = [];
  private byPath = new Map<string, ResourceType>();
  private byKind = new Map<string, ResourceType>();

  constructor() {
    this.index();
  }

  setCustom(crds: KubeObject[]): void {
    this.custom = crds.map(fromCrd).filter((t): t is ResourceType => t !== null);
    this.index();
  }

  private index(): void {
    this.byPath.clear();
    this.byKind.clear();
    for (const t of this.all()) {
      this.byPath.set(`${groupVersion(t)}/${t.plural}`, t);
      this.byKind.set(`${groupVersion(t)}/${t.kind}`, t);
    }
  }

  all(): ResourceType[] {
    return [...this.builtins, ...this.custom];
  }

  find(groupVersionPath: string, plural: string): ResourceType | undefined {
    return this.byPath.get(`${groupVersionPath}/${plural}`);
  }

  forKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.byKind.get(`${apiVersion}/${kind}`);
  }

  /** The built-in type for a kind; throws on a typo so seed code fails loudly. */
  builtin(kind: string, group = ''): ResourceType {
    const t = this.builtins.find((b) => b.kind === kind && b.group === group && !b.virtual);
    if (!t) throw new Error(`no built-in resource ${group}/${kind}`);
    return t;
  }

  /** Groups and their versions, in the order discovery lists them. */
  groups(): Array<{ name: string; versions: string[] }> {
    const out: Array<{ name: string; versions: string[] }> = [];
    for (const t of this.all()) {
      if (!t.group) continue;
      let g = out.find((x) => x.name === t.group);
      if (!g) out.push((g = { name: t.group, versions: [] }));
      if (!g.versions.includes(t.version)) g.versions.push(t.version);
    }
    return out;
  }
}
