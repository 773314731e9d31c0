import { projectApplication, projectCertificate, projectExternalSecret, projectSecretStore } from '../../domain/health/project-crds.js';
import { projectNode } from '../../domain/health/project-node.js';
import { projectPod } from '../../domain/health/project-pod.js';
import type { WatchedKind } from '../../store/cluster-store.js';
import type { ReflectorSpec } from './reflector.js';

/** What the console watches, and where. CRs are watched across all namespaces. */
export const WATCHED: { [K in WatchedKind]: ReflectorSpec<unknown> } = {
  nodes: { path: '/api/v1/nodes', resource: 'nodes', project: projectNode },
  pods: { path: '/api/v1/pods', resource: 'pods', project: projectPod },
  applications: { path: '/apis/argoproj.io/v1alpha1/applications', resource: 'applications.argoproj.io', project: projectApplication },
  certificates: { path: '/apis/cert-manager.io/v1/certificates', resource: 'certificates.cert-manager.io', project: projectCertificate },
  externalSecrets: {
    path: '/apis/external-secrets.io/v1/externalsecrets',
    alternatives: ['/apis/external-secrets.io/v1beta1/externalsecrets'],
    resource: 'externalsecrets.external-secrets.io',
    project: projectExternalSecret,
  },
  clusterSecretStores: {
    path: '/apis/external-secrets.io/v1/clustersecretstores',
    alternatives: ['/apis/external-secrets.io/v1beta1/clustersecretstores'],
    resource: 'clustersecretstores.external-secrets.io',
    project: projectSecretStore,
  },
};

export const WATCHED_KINDS = Object.keys(WATCHED) as WatchedKind[];

export const NODE_METRICS_PATH = '/apis/metrics.k8s.io/v1beta1/nodes';
