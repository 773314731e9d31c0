import { errorLine } from '../../domain/redact.js';
import type { KubeHttp } from '../kube/http.js';

/** One verb the console needs, as `kubectl auth can-i` names it, and what it is for. */
export interface NeededAccess {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  /** Absent: every namespace (the watches and lists are cluster-wide). */
  namespace?: string;
  for: string;
}

/**
 * What the console does with the cluster: the cluster watcher's lists and watches (src/services/kube/
 * resources.ts), the typed actions' writes (src/services/kube/actions), the Ceph toolbox exec, and
 * what the recon's remedies run with the same kubeconfig (delete a failed Job, re-issue a
 * Certificate). Reads the console can do without (external-secrets, metrics) are left out.
 */
export const NEEDED_ACCESS: readonly NeededAccess[] = [
  { verb: 'list', group: '', resource: 'nodes', for: 'Metal layer' },
  { verb: 'watch', group: '', resource: 'nodes', for: 'Metal layer' },
  { verb: 'list', group: '', resource: 'namespaces', for: 'recon' },
  { verb: 'list', group: '', resource: 'pods', for: 'Apps layer' },
  { verb: 'watch', group: '', resource: 'pods', for: 'Apps layer' },
  { verb: 'get', group: '', resource: 'pods', subresource: 'log', for: 'step output' },
  { verb: 'delete', group: '', resource: 'pods', for: 'pod restarts' },
  { verb: 'list', group: 'argoproj.io', resource: 'applications', for: 'Platform layer' },
  { verb: 'watch', group: 'argoproj.io', resource: 'applications', for: 'Platform layer' },
  { verb: 'patch', group: 'argoproj.io', resource: 'applications', namespace: 'argocd', for: 'refresh and sync' },
  { verb: 'list', group: 'cert-manager.io', resource: 'certificates', for: 'certificate grades' },
  { verb: 'watch', group: 'cert-manager.io', resource: 'certificates', for: 'certificate grades' },
  { verb: 'patch', group: 'cert-manager.io', resource: 'certificates', subresource: 'status', for: 'certificate re-issue' },
  { verb: 'get', group: 'apps', resource: 'deployments', namespace: 'rook-ceph', for: 'the Ceph toolbox' },
  { verb: 'patch', group: 'apps', resource: 'deployments', for: 'rollout restarts' },
  { verb: 'patch', group: 'apps', resource: 'deployments', subresource: 'scale', for: 'scaling dependents' },
  { verb: 'patch', group: 'apps', resource: 'statefulsets', subresource: 'scale', for: 'scaling dependents' },
  { verb: 'create', group: '', resource: 'pods', subresource: 'exec', namespace: 'rook-ceph', for: 'the Ceph toolbox' },
  { verb: 'delete', group: 'batch', resource: 'jobs', for: 'failed Jobs' },
];

/** `create pods/exec -n rook-ceph`, `list applications.argoproj.io`: the words `kubectl auth can-i` takes. */
export function canIWords(a: NeededAccess): string {
  const resource = `${a.resource}${a.group ? `.${a.group}` : ''}${a.subresource ? `/${a.subresource}` : ''}`;
  return `${a.verb} ${resource}${a.namespace ? ` -n ${a.namespace}` : ' --all-namespaces'}`;
}

export type AccessAnswer = { denied: NeededAccess[]; error?: undefined } | { denied?: undefined; error: string };

/**
 * Asks the API server, with one SelfSubjectAccessReview per verb (all at once), which of the verbs
 * the console needs this user may not do. `error` when the server cannot answer the review itself.
 */
export async function deniedAccess(http: KubeHttp, needed: readonly NeededAccess[] = NEEDED_ACCESS): Promise<AccessAnswer> {
  try {
    const answers = await Promise.all(
      needed.map((a) => http.canI({ verb: a.verb, group: a.group, resource: a.resource, subresource: a.subresource, namespace: a.namespace })),
    );
    return { denied: needed.filter((_, i) => !answers[i]) };
  } catch (err) {
    return { error: errorLine(err) };
  }
}

/** The one line for what is denied: each verb in can-i words with what it is for. */
export function deniedText(denied: readonly NeededAccess[]): string {
  return denied.map((a) => `${canIWords(a)} (${a.for})`).join(', ');
}
