import { APPLICATIONS, appPath as applicationPath, type AppEntry } from '../kube/seed/catalog.js';

/**
 * The demo repository `ops/homelab` at its initial commit: one folder per ArgoCD Application
 * (`kubernetes/<area>/<app>`), each a kustomization that inflates a Helm chart plus its values.
 * The Applications themselves (name, area, namespace) come from the Kubernetes simulator's catalog,
 * so every path a Renovate PR changes is under some Application's source path.
 */
export interface HomelabApp {
  area: AppEntry['area'];
  app: string;
  namespace: string;
  chart: { name: string; repo: string; version: string };
  image?: { repository: string; tag: string };
}

type Packaging = Pick<HomelabApp, 'chart' | 'image'>;

const appTemplate = (repository: string, tag: string): Packaging => ({
  chart: { name: 'app-template', repo: 'oci://ghcr.io/bjw-s-labs/helm', version: '4.3.0' },
  image: { repository, tag },
});

/** What each Application deploys: its chart and, for app-template apps, its image. */
const PACKAGING: Record<string, Packaging> = {
  argocd: { chart: { name: 'argo-cd', repo: 'https://argoproj.github.io/argo-helm', version: '9.1.4' } },
  'cert-manager': { chart: { name: 'cert-manager', repo: 'https://charts.jetstack.io', version: 'v1.18.3' } },
  'external-secrets': { chart: { name: 'external-secrets', repo: 'https://charts.external-secrets.io', version: '1.1.0' } },
  'rook-ceph': { chart: { name: 'rook-ceph', repo: 'https://charts.rook.io/release', version: 'v1.18.7' } },
  'rook-ceph-cluster': { chart: { name: 'rook-ceph-cluster', repo: 'https://charts.rook.io/release', version: 'v1.18.7' } },
  cilium: { chart: { name: 'cilium', repo: 'https://helm.cilium.io', version: '1.18.4' } },
  'ingress-nginx': { chart: { name: 'ingress-nginx', repo: 'https://kubernetes.github.io/ingress-nginx', version: '4.14.0' } },
  kured: { chart: { name: 'kured', repo: 'https://kubereboot.github.io/charts', version: '5.10.0' } },
  renovate: { chart: { name: 'renovate', repo: 'https://docs.renovatebot.com/helm-charts', version: '45.2.0' } },
  cloudflared: {
    chart: { name: 'cloudflared', repo: 'https://community-charts.github.io/helm-charts', version: '2.0.3' },
    image: { repository: 'cloudflare/cloudflared', tag: '2025.9.1' },
  },
  'kube-prometheus-stack': { chart: { name: 'kube-prometheus-stack', repo: 'https://prometheus-community.github.io/helm-charts', version: '79.12.0' } },
  grafana: { chart: { name: 'grafana', repo: 'https://grafana.github.io/helm-charts', version: '10.1.4' } },
  loki: { chart: { name: 'loki', repo: 'https://grafana.github.io/helm-charts', version: '6.46.0' } },
  postgres: appTemplate('postgres', '17.6-bookworm'),
  redis: appTemplate('redis', '8.2.2-alpine'),
  paperless: appTemplate('ghcr.io/paperless-ngx/paperless-ngx', '2.19.5'),
  'home-assistant': appTemplate('ghcr.io/home-assistant/home-assistant', '2025.11.2'),
  jellyfin: appTemplate('jellyfin/jellyfin', '10.11.3'),
  vaultwarden: appTemplate('vaultwarden/server', '1.34.3'),
  nextcloud: appTemplate('nextcloud', '32.0.1-apache'),
};

export const HOMELAB_APPS: readonly HomelabApp[] = APPLICATIONS.map((a) => {
  const packaging = PACKAGING[a.name];
  if (!packaging) throw new Error(`demo seed: Application ${a.name} has no chart in the repository seed`);
  return { area: a.area, app: a.name, namespace: a.namespace, ...packaging };
});

/** The repository folder of an app: the same path as its Application's `spec.source.path`. */
export const appPath = (a: Pick<HomelabApp, 'area' | 'app'>): string => applicationPath({ area: a.area, name: a.app });

/** The seeded app called `name`; throws for a name the catalog does not have (a seed typo). */
export function homelabApp(name: string): HomelabApp {
  const app = HOMELAB_APPS.find((a) => a.app === name);
  if (!app) throw new Error(`demo seed: no Application named ${name} in the catalog`);
  return app;
}

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
    lines.push(
      'controllers:',
      `  ${a.app}:`,
      '    containers:',
      '      app:',
      '        image:',
      `          repository: ${a.image.repository}`,
      `          tag: ${imageTag}`,
    );
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
    'renovate.json':
      JSON.stringify(
        { $schema: 'https://docs.renovatebot.com/renovate-schema.json', extends: ['config:recommended'], kubernetes: { fileMatch: ['kubernetes/.+\\.yaml$'] } },
        null,
        2,
      ) + '\n',
  };
  for (const a of HOMELAB_APPS) {
    files[`${appPath(a)}/kustomization.yaml`] = kustomization(a);
    files[`${appPath(a)}/values.yaml`] = values(a);
  }
  return files;
}
