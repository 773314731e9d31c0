import type { QueueEntry } from './types.js';

/** One thing the operator confirms before a major update may merge (workflow Phases 5–7). */
export interface ChecklistItem {
  id: string;
  text: string;
}

/** Per-component checks from the workflow's Phase 7.2, keyed by package-name pattern. */
const COMPONENT_CHECKS: Array<{ match: RegExp; items: string[] }> = [
  {
    match: /(^|\/)argo-?cd$/i,
    items: ['All Application resources still valid and ApplicationSets still generate', 'Sync waves, hooks, RBAC policies and SSO still work'],
  },
  {
    match: /(^|\/)external-secrets$/i,
    items: ['Every ExternalSecret still syncs and ClusterSecretStore connections are valid', 'Template functions and refresh intervals still compatible'],
  },
  {
    match: /(^|\/)kube-prometheus-stack$/i,
    items: ['Prometheus rules load, Alertmanager config valid, ServiceMonitors discovered', 'Grafana datasources connected and custom dashboards load'],
  },
  { match: /(^|\/)grafana$/i, items: ['Dashboards render, datasources connect, alerting rules migrated, plugins compatible'] },
];

/**
 * What a major update needs acknowledged before it merges: release notes read, and the breaking
 * change checklist (CRDs, values schema, secret formats); databases add the backup protocol.
 */
export function majorUpdateChecklist(entry: QueueEntry): ChecklistItem[] {
  if (entry.updateType !== 'major') return [];
  const majors = entry.packages.filter((p) => p.updateType === 'major');
  const names = (majors.length ? majors : entry.packages).map((p) => `${p.name}${p.from && p.to ? ` ${p.from} → ${p.to}` : p.to ? ` → ${p.to}` : ''}`);
  const items: ChecklistItem[] = [
    {
      id: 'release-notes',
      text: `Release notes and breaking changes read for ${names.join(', ') || `PR #${entry.number}`}; upgrade path allowed (no skipped majors)`,
    },
    { id: 'crds', text: 'CRD/API changes checked (kubectl get crd … before/after); CRDs that must be applied first are handled' },
    { id: 'values-schema', text: 'Helm values schema compared (helm show values old vs new); renamed or removed keys updated' },
    { id: 'secret-formats', text: 'Secret/ConfigMap formats and ExternalSecret templates still compatible (renamed keys?)' },
    { id: 'rollback-plan', text: 'Rollback plan known: the revert restores the previous versions; data migrations are not undone by a revert' },
  ];
  if (entry.containsDatabase || entry.category === 'database') {
    items.push(
      { id: 'db-backup', text: 'Full database backup taken, copied off the pod and verified (non-empty, restorable)' },
      { id: 'db-dependents', text: 'Dependent applications identified (scale down if the upgrade migrates data)' },
    );
  }
  for (const c of COMPONENT_CHECKS) {
    if (entry.packages.some((p) => c.match.test(p.name))) c.items.forEach((text, i) => items.push({ id: `${c.match.source}-${i}`, text }));
  }
  return items;
}
