import type { NewObject } from '../types.js';

interface CrdSpec {
  group: string;
  kind: string;
  plural: string;
  version: string;
  scope: 'Namespaced' | 'Cluster';
  shortNames?: string[];
  categories?: string[];
  status?: boolean;
  columns?: Array<{ name: string; type: string; jsonPath: string; priority?: number; description?: string }>;
}

const ready = (field: string) => `.status.conditions[?(@.type=="Ready")].${field}`;

/** The CRDs of ArgoCD, cert-manager and external-secrets with their real printer columns. */
export const CRDS: CrdSpec[] = [
  {
    group: 'argoproj.io',
    kind: 'Application',
    plural: 'applications',
    version: 'v1alpha1',
    scope: 'Namespaced',
    shortNames: ['app', 'apps'],
    columns: [
      { name: 'Sync Status', type: 'string', jsonPath: '.status.sync.status' },
      { name: 'Health Status', type: 'string', jsonPath: '.status.health.status' },
      { name: 'Revision', type: 'string', jsonPath: '.status.sync.revision', priority: 10 },
      { name: 'Project', type: 'string', jsonPath: '.spec.project', priority: 10 },
    ],
  },
  {
    group: 'argoproj.io',
    kind: 'AppProject',
    plural: 'appprojects',
    version: 'v1alpha1',
    scope: 'Namespaced',
    shortNames: ['appproj', 'appprojs'],
  },
  {
    group: 'cert-manager.io',
    kind: 'Certificate',
    plural: 'certificates',
    version: 'v1',
    scope: 'Namespaced',
    shortNames: ['cert', 'certs'],
    categories: ['cert-manager'],
    status: true,
    columns: [
      { name: 'Ready', type: 'string', jsonPath: ready('status') },
      { name: 'Secret', type: 'string', jsonPath: '.spec.secretName' },
      { name: 'Issuer', type: 'string', jsonPath: '.spec.issuerRef.name', priority: 1 },
      { name: 'Status', type: 'string', jsonPath: ready('message'), priority: 1 },
      {
        name: 'Age',
        type: 'date',
        jsonPath: '.metadata.creationTimestamp',
        description: 'CreationTimestamp is a timestamp representing the server time when this object was created.',
      },
    ],
  },
  {
    group: 'cert-manager.io',
    kind: 'ClusterIssuer',
    plural: 'clusterissuers',
    version: 'v1',
    scope: 'Cluster',
    categories: ['cert-manager'],
    status: true,
    columns: [
      { name: 'Ready', type: 'string', jsonPath: ready('status') },
      { name: 'Status', type: 'string', jsonPath: ready('message'), priority: 1 },
      { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
    ],
  },
  {
    group: 'external-secrets.io',
    kind: 'ExternalSecret',
    plural: 'externalsecrets',
    version: 'v1',
    scope: 'Namespaced',
    shortNames: ['es'],
    categories: ['external-secrets'],
    status: true,
    columns: [
      { name: 'StoreType', type: 'string', jsonPath: '.spec.secretStoreRef.kind' },
      { name: 'Store', type: 'string', jsonPath: '.spec.secretStoreRef.name' },
      { name: 'Refresh Interval', type: 'string', jsonPath: '.spec.refreshInterval' },
      { name: 'Status', type: 'string', jsonPath: ready('reason') },
      { name: 'Ready', type: 'string', jsonPath: ready('status') },
    ],
  },
  {
    group: 'external-secrets.io',
    kind: 'ClusterSecretStore',
    plural: 'clustersecretstores',
    version: 'v1',
    scope: 'Cluster',
    shortNames: ['css'],
    categories: ['external-secrets'],
    status: true,
    columns: [
      { name: 'AGE', type: 'date', jsonPath: '.metadata.creationTimestamp' },
      { name: 'Status', type: 'string', jsonPath: ready('reason') },
      { name: 'Capabilities', type: 'string', jsonPath: '.status.capabilities' },
      { name: 'Ready', type: 'string', jsonPath: ready('status') },
    ],
  },
];

export type CrdName = 'applications' | 'appprojects' | 'certificates' | 'clusterissuers' | 'externalsecrets' | 'clustersecretstores';

export function crdObject(c: CrdSpec, createdAt: string): NewObject {
  const version: Record<string, unknown> = {
    name: c.version,
    served: true,
    storage: true,
    schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
  };
  if (c.status) version.subresources = { status: {} };
  if (c.columns) version.additionalPrinterColumns = c.columns;
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${c.plural}.${c.group}`, creationTimestamp: createdAt },
    spec: {
      group: c.group,
      names: {
        kind: c.kind,
        listKind: `${c.kind}List`,
        plural: c.plural,
        singular: c.kind.toLowerCase(),
        ...(c.shortNames ? { shortNames: c.shortNames } : {}),
        ...(c.categories ? { categories: c.categories } : {}),
      },
      scope: c.scope,
      versions: [version],
      conversion: { strategy: 'None' },
    },
    status: {
      acceptedNames: { kind: c.kind, plural: c.plural },
      conditions: [
        { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found', lastTransitionTime: createdAt },
        { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted', lastTransitionTime: createdAt },
      ],
      storedVersions: [c.version],
    },
  };
}
