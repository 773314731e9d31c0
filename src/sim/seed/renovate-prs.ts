import { appPath, homelabApp, kustomization, values } from './homelab-repo.js';
import { renovatePrBody, type RenovateRow } from './renovate-body.js';

/** A file change a Renovate PR makes: a chart version or an image tag of one app. */
export interface SeedChange {
  app: string;
  chartVersion?: string;
  imageTag?: string;
}

export interface SeedPull {
  number: number;
  title: string;
  branch: string;
  createdAt: string;
  body: string;
  changes: SeedChange[];
  /** Commit statuses on the head: `none` means no CI at all (total_count 0). */
  ci: 'success' | 'failure' | 'pending' | 'none';
  /** The world reacts badly after the merge (the Kubernetes simulator reads this by number). */
  breaks?: string;
}

const link = (name: string, url: string) => `[${name}](${url})`;

const rows = {
  kured: {
    package: link('kured', 'https://github.com/kubereboot/charts'),
    badge: { datasource: 'helm', dep: 'kured' },
    type: '',
    update: 'patch',
    from: '5.10.0',
    to: '5.10.1',
  },
  cloudflaredImage: {
    package: 'cloudflare/cloudflared',
    badge: { datasource: 'docker', dep: 'cloudflare/cloudflared' },
    type: '',
    update: 'minor',
    from: '2025.9.1',
    to: '2025.11.1',
  },
  grafana: {
    package: `${link('grafana', 'https://grafana.net')} (${link('source', 'https://github.com/grafana/helm-charts')})`,
    badge: { datasource: 'helm', dep: 'grafana' },
    type: '',
    update: 'patch',
    from: '10.1.4',
    to: '10.1.5',
  },
} satisfies Record<string, RenovateRow>;

export const SEED_PULLS: readonly SeedPull[] = [
  {
    number: 43,
    title: 'chore(deps): update all non-major dependencies',
    branch: 'renovate/all-minor-patch',
    createdAt: '2026-11-20T02:01:12Z',
    body: renovatePrBody({ rows: [rows.kured, rows.cloudflaredImage, rows.grafana], badges: true, immortal: true }),
    changes: [
      { app: 'kured', chartVersion: '5.10.1' },
      { app: 'cloudflared', imageTag: '2025.11.1' },
      { app: 'grafana', chartVersion: '10.1.5' },
    ],
    ci: 'success',
  },
  {
    number: 44,
    title: 'chore(deps): update helm release kube-prometheus-stack to v83',
    branch: 'renovate/kube-prometheus-stack-83.x',
    createdAt: '2026-11-21T02:02:40Z',
    body: renovatePrBody({
      rows: [
        {
          package: `${link('kube-prometheus-stack', 'https://github.com/prometheus-operator/kube-prometheus')} (${link('source', 'https://github.com/prometheus-community/helm-charts')})`,
          type: '',
          update: 'major',
          from: '79.12.0',
          to: '83.0.0',
        },
      ],
      typeColumn: false,
    }),
    changes: [{ app: 'kube-prometheus-stack', chartVersion: '83.0.0' }],
    ci: 'success',
  },
  {
    number: 45,
    title: 'chore(deps): update helm release cert-manager to v1.19.2',
    branch: 'renovate/cert-manager-1.x',
    createdAt: '2026-11-22T02:00:55Z',
    body: renovatePrBody({
      rows: [
        {
          package: `${link('cert-manager', 'https://cert-manager.io')} (${link('source', 'https://github.com/cert-manager/cert-manager')})`,
          badge: { datasource: 'helm', dep: 'cert-manager' },
          type: '',
          update: 'minor',
          from: 'v1.18.3',
          to: 'v1.19.2',
        },
      ],
      badges: true,
    }),
    changes: [{ app: 'cert-manager', chartVersion: 'v1.19.2' }],
    ci: 'success',
  },
  {
    number: 46,
    title: 'chore(deps): update ghcr.io/bjw-s-labs/app-template docker tag to v4.4.0',
    branch: 'renovate/ghcr.io-bjw-s-labs-app-template-4.x',
    createdAt: '2026-11-23T02:03:05Z',
    body: renovatePrBody({
      rows: [{ package: 'ghcr.io/bjw-s-labs/app-template', type: '', update: 'minor', from: '4.3.0', to: '4.4.0' }],
      typeColumn: false,
    }),
    changes: ['paperless', 'home-assistant', 'jellyfin'].map((app) => ({ app, chartVersion: '4.4.0' })),
    ci: 'none',
  },
  {
    number: 47,
    title: 'chore(deps): update postgres docker tag to v18',
    branch: 'renovate/postgres-18.x',
    createdAt: '2026-11-24T02:01:48Z',
    body: renovatePrBody({
      rows: [{ package: 'postgres', type: 'final', update: 'major', from: '17.6-bookworm', to: '18.1-bookworm' }],
    }),
    changes: [{ app: 'postgres', imageTag: '18.1-bookworm' }],
    ci: 'success',
    breaks: 'postgres',
  },
  {
    number: 48,
    title: 'chore(deps): update helm release cloudflared to v2.1.1',
    branch: 'renovate/cloudflared-2.x',
    createdAt: '2026-11-25T02:02:21Z',
    body: renovatePrBody({
      rows: [
        {
          package: link('cloudflared', 'https://github.com/community-charts/helm-charts'),
          badge: { datasource: 'helm', dep: 'cloudflared' },
          type: '',
          update: 'minor',
          from: '2.0.3',
          to: '2.1.1',
        },
      ],
      badges: true,
    }),
    changes: [{ app: 'cloudflared', chartVersion: '2.1.1' }],
    ci: 'failure',
  },
];

/** The files a seeded PR's head commit changes, with their new content. */
export function seedPullFiles(pull: SeedPull): Record<string, string> {
  const out: Record<string, string> = {};
  for (const change of pull.changes) {
    const app = homelabApp(change.app);
    if (change.chartVersion) out[`${appPath(app)}/kustomization.yaml`] = kustomization(app, change.chartVersion);
    if (change.imageTag) out[`${appPath(app)}/values.yaml`] = values(app, change.imageTag);
  }
  return out;
}
