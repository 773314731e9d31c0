/** The demo's ArgoCD Applications: source path kubernetes/<area>/<name>, destination namespace. */
export interface AppEntry {
  name: string;
  area: 'core' | 'platform' | 'monitoring' | 'database' | 'apps';
  namespace: string;
  automated: boolean;
  /** Automated sync also reverts drift in the cluster (default true); without it a drifted app stays OutOfSync until a new commit or a manual sync. */
  selfHeal?: boolean;
  sourceType: 'Helm' | 'Kustomize' | 'Directory';
}

export const APPLICATIONS: AppEntry[] = [
  { name: 'argocd', area: 'core', namespace: 'argocd', automated: true, sourceType: 'Helm' },
  { name: 'cert-manager', area: 'core', namespace: 'cert-manager', automated: true, sourceType: 'Helm' },
  { name: 'external-secrets', area: 'core', namespace: 'external-secrets', automated: true, sourceType: 'Helm' },
  { name: 'rook-ceph', area: 'core', namespace: 'rook-ceph', automated: true, sourceType: 'Helm' },
  { name: 'rook-ceph-cluster', area: 'core', namespace: 'rook-ceph', automated: true, sourceType: 'Helm' },
  { name: 'cilium', area: 'core', namespace: 'kube-system', automated: true, sourceType: 'Helm' },
  { name: 'ingress-nginx', area: 'platform', namespace: 'ingress-nginx', automated: true, sourceType: 'Helm' },
  { name: 'kured', area: 'platform', namespace: 'kured', automated: true, sourceType: 'Helm' },
  { name: 'cloudflared', area: 'platform', namespace: 'cloudflared', automated: true, sourceType: 'Helm' },
  { name: 'renovate', area: 'platform', namespace: 'renovate', automated: true, sourceType: 'Helm' },
  { name: 'kube-prometheus-stack', area: 'monitoring', namespace: 'monitoring', automated: true, sourceType: 'Helm' },
  { name: 'grafana', area: 'monitoring', namespace: 'monitoring', automated: true, sourceType: 'Helm' },
  { name: 'loki', area: 'monitoring', namespace: 'monitoring', automated: true, sourceType: 'Helm' },
  { name: 'postgres', area: 'database', namespace: 'databases', automated: true, sourceType: 'Helm' },
  { name: 'redis', area: 'database', namespace: 'databases', automated: true, sourceType: 'Helm' },
  { name: 'paperless', area: 'apps', namespace: 'paperless', automated: true, sourceType: 'Helm' },
  // Automated without self-heal: the degraded seed's drift (a hand edit in the cluster) stays OutOfSync until synced.
  { name: 'home-assistant', area: 'apps', namespace: 'home-assistant', automated: true, selfHeal: false, sourceType: 'Helm' },
  { name: 'jellyfin', area: 'apps', namespace: 'jellyfin', automated: true, sourceType: 'Helm' },
  { name: 'vaultwarden', area: 'apps', namespace: 'vaultwarden', automated: true, sourceType: 'Helm' },
  { name: 'nextcloud', area: 'apps', namespace: 'nextcloud', automated: true, sourceType: 'Helm' },
];

export const appPath = (a: Pick<AppEntry, 'area' | 'name'>): string => `kubernetes/${a.area}/${a.name}`;

export const NODES = [
  { name: 'granite', controlPlane: true },
  { name: 'basalt', controlPlane: true },
  { name: 'quartz', controlPlane: true },
  { name: 'onyx', controlPlane: false },
  { name: 'jasper', controlPlane: false },
  { name: 'opal', controlPlane: false },
  { name: 'topaz', controlPlane: false },
  { name: 'garnet', controlPlane: false },
  { name: 'beryl', controlPlane: false },
  { name: 'agate', controlPlane: false },
] as const;

/** OSD n runs on this node (3 per storage node). */
export const osdNode = (osd: number): string => ['onyx', 'jasper', 'opal'][Math.floor(osd / 3)]!;

export const NAMESPACES = [
  'kube-system',
  'argocd',
  'rook-ceph',
  'cert-manager',
  'external-secrets',
  'monitoring',
  'cloudflared',
  'kured',
  'renovate',
  'databases',
  'paperless',
  'home-assistant',
  'jellyfin',
  'vaultwarden',
  'nextcloud',
  'ingress-nginx',
];

/** The revision the seed's Applications are Synced at (the demo passes Gitea's head instead). */
export const SEED_REVISION = '7c2e9a4f1b3d5e6a8c0f2b4d6e8a0c1e3f5a7b9d';
export const DEFAULT_REPO_URL = 'http://gitea-http.gitea.svc.cluster.local:3000/ops/homelab.git';
