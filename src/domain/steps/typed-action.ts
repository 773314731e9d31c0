import { closeChallenge } from '../closure/resolution.js';
/** A write the console performs through its own typed clients instead of a shell. */
export type TypedAction =
  | { kind: 'ceph-crash-archive-all' }
  | { kind: 'ceph-crash-archive'; crashId: string }
  | { kind: 'ceph-osd-reweight'; osd: number; weight: number }
  | { kind: 'ceph-osd-out'; osd: number }
  | { kind: 'ceph-osd-in'; osd: number }
  | { kind: 'ceph-osd-purge'; osd: number }
  | { kind: 'ceph-set-noout' }
  | { kind: 'ceph-unset-noout' }
  | { kind: 'rollout-restart'; namespace: string; workload: 'deployment' | 'statefulset' | 'daemonset'; name: string; wait: boolean }
  | { kind: 'delete-pod'; namespace: string; name: string }
  | { kind: 'argocd-refresh'; app: string }
  | { kind: 'argocd-sync'; app: string; wait: boolean }
  | { kind: 'argocd-wait'; app: string }
  | { kind: 'pr-merge'; number: number }
  | { kind: 'pr-close'; number: number }
  | { kind: 'issue-close'; number: number };

export type TypedActionKind = TypedAction['kind'];

/** The equivalent command line, shown before the action runs and written to the journal. */
export function describeAction(a: TypedAction): string {
  switch (a.kind) {
    case 'ceph-crash-archive-all':
      return 'ceph crash archive-all';
    case 'ceph-crash-archive':
      return `ceph crash archive ${a.crashId}`;
    case 'ceph-osd-reweight':
      return `ceph osd reweight ${a.osd} ${a.weight}`;
    case 'ceph-osd-out':
      return `ceph osd out ${a.osd}`;
    case 'ceph-osd-in':
      return `ceph osd in ${a.osd}`;
    case 'ceph-osd-purge':
      return `ceph osd purge ${a.osd} --yes-i-really-mean-it`;
    case 'ceph-set-noout':
      return 'ceph osd set noout';
    case 'ceph-unset-noout':
      return 'ceph osd unset noout';
    case 'rollout-restart':
      return `kubectl -n ${a.namespace} rollout restart ${a.workload}/${a.name}${a.wait ? ` && kubectl -n ${a.namespace} rollout status ${a.workload}/${a.name}` : ''}`;
    case 'delete-pod':
      return `kubectl -n ${a.namespace} delete pod ${a.name}`;
    case 'argocd-refresh':
      return `argocd app get ${a.app} --refresh`;
    case 'argocd-sync':
      return `argocd app sync ${a.app}${a.wait ? ` && argocd app wait ${a.app}` : ''}`;
    case 'argocd-wait':
      return `argocd app wait ${a.app}`;
    case 'pr-merge':
      return `merge pull request #${a.number}`;
    case 'pr-close':
      return `close pull request #${a.number} without merging`;
    case 'issue-close':
      return `close issue #${a.number}`;
  }
}

/** Destructive typed actions and the target the operator must type. */
export function actionChallenge(a: TypedAction): { reason: string; target: string } | null {
  switch (a.kind) {
    case 'ceph-osd-purge':
      return { reason: `removes osd.${a.osd} from the cluster permanently`, target: `osd.${a.osd}` };
    case 'ceph-osd-out':
      return { reason: `marks osd.${a.osd} out: Ceph moves its data away`, target: `osd.${a.osd}` };
    case 'ceph-osd-reweight':
      return a.weight === 0 ? { reason: `reweights osd.${a.osd} to 0: data moves away`, target: `osd.${a.osd}` } : null;
    case 'delete-pod':
      return { reason: `deletes pod ${a.name} in ${a.namespace}`, target: a.name };
    // The challenge names the thread: closing the wrong number is the mistake it guards against.
    case 'pr-close':
      return { reason: `closes PR #${a.number} without merging (a ## Resolution note is prepended first)`, target: closeChallenge(a.number) };
    case 'issue-close':
      return { reason: `closes issue #${a.number} (a ## Resolution note is prepended first)`, target: closeChallenge(a.number) };
    default:
      return null;
  }
}

/** Which simulated or real system an action writes to (the read-only guard names it). */
export function actionSystem(a: TypedAction): 'ceph' | 'kubernetes' | 'argocd' | 'gitea' {
  if (a.kind.startsWith('ceph-')) return 'ceph';
  if (a.kind.startsWith('argocd-')) return 'argocd';
  if (a.kind === 'pr-merge' || a.kind === 'pr-close' || a.kind === 'issue-close') return 'gitea';
  return 'kubernetes';
}
