/**
 * The demo repository `ops/homelab` at its initial commit: one folder per ArgoCD Application
 * (`kubernetes/<area>/<app>`), each a kustomization that inflates a Helm chart plus its values.
 * The Kubernetes simulator uses the same paths as the Applications' source paths.
 */
export interface HomelabApp {
  area: string;
  app: string;
  namespace: string;
  chart: { name: string; repo: string; version: string };
  image?: { repository: string; tag: string };
}

export const HOMELAB_APPS: readonly HomelabApp[] = [
  { area: 'core', app: 'argocd', namespace: 'argocd', chart: { name: 'argo-cd', repo: 'https://argoproj.github.io/argo-helm', version: '9.1.4' } },
  { area: 'core', app: 'cert-manager', namespace: 'cert-manager', chart: { name: 'cert-manager', repo: 'https://charts.jetstack.io', version: 'v1.18.3' } },
  { area: 'core', app: 'external-secrets', namespace: 'external-secrets', chart: { name: 'external-secrets', repo: 'https://charts.external-secrets.io', version: '1.1.0' } },
  { area: 'storage', app: 'rook-ceph', namespace: 'rook-ceph', chart: { name: 'rook-ceph', repo: 'https://charts.rook.io/release', version: 'v1.18.7' } },
  { area: 'storage', app: 'rook-ceph-cluster', namespace: 'rook-ceph', chart: { name: 'rook-ceph-cluster', repo: 'https://charts.rook.io/release', version: 'v1.18.7' } },
  { area: 'network', app: 'cilium', namespace: 'kube-system', chart: { name: 'cilium', repo: 'https://helm.cilium.io', version: '1.18.4' } },
  { area: 'network', app: 'ingress-nginx', namespace: 'kube-system', chart: { name: 'ingress-nginx', repo: 'https://kubernetes.github.io/ingress-nginx', version: '4.14.0' } },
  { area: 'system', app: 'kured', namespace: 'kured', chart: { name: 'kured', repo: 'https://kubereboot.github.io/charts', version: '5.10.0' } },
  { area: 'system', app: 'renovate', namespace: 'renovate', chart: { name: 'renovate', repo: 'https://docs.renovatebot.com/helm-charts', version: '45.2.0' } },
  {
    area: 'platform',
    app: 'cloudflared',
    namespace: 'cloudflared',
    chart: { name: 'cloudflared', repo: 'https://community-charts.github.io/helm-charts', version: '2.0.3' },
    image: { repository: 'cloudflare/cloudflared', tag: '2025.9.1' },
  },
  { area: 'monitoring', app: 'kube-prometheus-stack', namespace: 'monitoring', chart: { name: 'kube-prometheus-stack', repo: 'https://prometheus-community.github.io/helm-charts', version: '79.12.0' } },
  { area: 'monitoring', app: 'grafana', namespace: 'monitoring', chart: { name: 'grafana', repo: 'https://grafana.github.io/helm-charts', version: '10.1.4' } },
  { area: 'monitoring', app: 'loki', namespace: 'monitoring', chart: { name: 'loki', repo: 'https://grafana.github.io/helm-charts', version: '6.46.0' } },
  {
    area: 'database',
    app: 'postgres',
    namespace: 'databases',
    chart: { name: 'app-template', repo: 'oci://ghcr.io/bjw-s-labs/helm', version: '4.3.0' },
    image: { repository: 'postgres', tag: '17.6-bookworm' },
  },
  {
    area: 'database',
    app: 'redis',
    namespace: 'databases',
    chart: { name: 'app-template', repo: 'oci://ghcr.io/bjw-s-labs/helm', version: '4.3.0' },
    image: { repository: 'redis', tag: '8.2.2-alpine' },
  },
  ...(
    [
      ['paperless', 'paperless', 'ghcr.io/paperless-ngx/paperless-ngx', '2.19.5'],
      ['home-assistant', 'home-assistant', 'ghcr.io/home-assistant/home-assistant', '2025.11.2'],
      ['jellyfin', 'jellyfin', 'jellyfin/jellyfin', '10.11.3'],
      ['vaultwarden', 'vaultwarden', 'vaultwarden/server', '1.34.3'],
      ['nextcloud', 'nextcloud', 'nextcloud', '32.0.1-apache'],
    ] as const
  ).map(([app, namespace, repository, tag]) => ({
    area: 'apps',
    app,
    namespace,
    chart: { name: 'app-template', repo: 'oci://ghcr.io/bjw-s-labs/helm', version: '4.3.0' },
    image: { repository, tag },
  })),
];

export const appPath = (a: Pick<HomelabApp, 'area' | 'app'>) => `kubernetes/${a.area}/${a.app}`;

export function kustomization(a: HomelabApp, chartVersion = a.chart.version): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    `namespace: ${a.namespace}`,
    'helmCharts:',
    `  - name: ${a.chart.name}`,
    `    repo: ${a.chart.repo}`,
    `    version: ${chartVersion}`,
    `    releaseName: ${a.app}`,
    `    namespace: ${a.namespace}`,
    '    includeCRDs: true',
    '    valuesFile: values.yaml',
    '',
  ].join('\n');
}

export function values(a: HomelabApp, imageTag = a.image?.tag): string {
  const lines = [`# ${a.app} (${a.area})`];
  if (a.image) {
    lines.push('controllers:', `  ${a.app}:`, '    containers:', '      app:', '        image:', `          repository: ${a.image.repository}`, `          tag: ${imageTag}`);
  } else {
    lines.push('fullnameOverride: ' + a.app);
  }
  lines.push('resources:', '  requests:', '    cpu: 50m', '    memory: 128Mi', '');
  return lines.join('\n');
}

/** Every file of the initial commit. */
export function initialTree(): Record<string, string> {
  const files: Record<string, string> = {
    'README.md': '# homelab\n\nGitOps source of truth: ArgoCD syncs every folder under `kubernetes/`.\n',
    'renovate.json': JSON.stringify({ $schema: 'https://docs.renovatebot.com/renovate-schema.json', extends: ['config:recommended'], kubernetes: { fileMatch: ['kubernetes/.+\\.yaml$'] } }, null, 2) + '\n',
  };
  for (const a of HOMELAB_APPS) {
    files[`${appPath(a)}/kustomization.yaml`] = kustomization(a);
    files[`${appPath(a)}/values.yaml`] = values(a);
  }
  return files;
}
