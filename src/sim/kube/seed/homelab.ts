import type { ResourceType } from '../resources.js';
import type { Json } from '../types.js';
import { APPLICATIONS, DEFAULT_REPO_URL, NAMESPACES, NODES, SEED_REVISION, appPath, osdNode, type AppEntry } from './catalog.js';
import { CRDS, crdObject } from './crds.js';
import { DAY, HOUR, type SeedWriter } from './builders.js';

export type SeedVariant = 'degraded' | 'healthy';

export interface HomelabSeedOptions {
  variant: SeedVariant;
  repoURL?: string;
  revision?: string;
  /** CRDs to leave out (a "not installed" CRD). */
  omitCrds?: string[];
  /** Extra Applications / pods for benchmarks: the total counts to reach. */
  scale?: { pods: number; applications: number };
  /** The latent problems no runbook item covers (a certificate cert-manager failed to renew, a failed backup Job); default: with `degraded`. */
  latent?: boolean;
}

const c = (name: string, image: string) => ({ name, image });

/** The failed backup Job of the latent problems (the demo's KubeJobFailed alert names it). */
export const LATENT_FAILED_JOB = 'postgres-backup-29412360';

/** Restart history of long-lived host-network pods (cilium, kube-vip): "34 (11h ago)". */
const hostPods = (restarts: number, ageDays: number) =>
  Array.from({ length: 10 }, (_, i) => ({ ageHours: ageDays * 24 + i * 7, restarts: restarts + ((i * 7) % 11), lastRestartMinutesAgo: 600 + i * 13 }));

/**
 * The demo homelab (docs/DEMO-WORLD.md): ten k3s nodes, the platform namespaces and their workloads,
 * ArgoCD Applications, certificates and external secrets; `degraded` adds the starting faults.
 */
export function seedHomelab(w: SeedWriter, opts: HomelabSeedOptions): void {
  const degraded = opts.variant === 'degraded';
  const revision = opts.revision ?? SEED_REVISION;
  const repoURL = opts.repoURL ?? DEFAULT_REPO_URL;
  const cp = { 'node-role.kubernetes.io/control-plane': 'true' };
  const linux = { 'kubernetes.io/os': 'linux' };

  NODES.forEach((n, i) =>
    w.node({
      name: n.name,
      ip: `127.0.20.${11 + i}`,
      controlPlane: n.controlPlane,
      ageDays: i < 7 ? 412 : 412 - (i - 6) * 90,
      cpu: n.controlPlane ? 4 : 8,
      memoryGi: n.controlPlane ? 16 : 32,
      index: i,
    }),
  );
  for (const ns of ['default', 'kube-public', 'kube-node-lease']) w.namespace(ns, 412);
  for (const ns of NAMESPACES) if (ns !== 'kube-system') w.namespace(ns, 300);
  w.namespace('kube-system', 412);

  const crdAt = w.ago(300 * DAY);
  const omit = new Set(opts.omitCrds ?? []);
  for (const crd of CRDS)
    if (!omit.has(crd.plural) && !omit.has(`${crd.plural}.${crd.group}`))
      w.object(w.t('CustomResourceDefinition', 'apiextensions.k8s.io'), crdObject(crd, crdAt));
  w.registry.setCustom(w.store.list(w.t('CustomResourceDefinition', 'apiextensions.k8s.io')).map((e) => e.obj));

  w.object(w.t('StorageClass', 'storage.k8s.io'), {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'local-path', creationTimestamp: w.ago(412 * DAY), annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } },
    provisioner: 'rancher.io/local-path',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  w.object(w.t('StorageClass', 'storage.k8s.io'), {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'ceph-block', creationTimestamp: w.ago(300 * DAY), annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' } },
    provisioner: 'rook-ceph.rbd.csi.ceph.com',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
    allowVolumeExpansion: true,
  });

  // kube-system: what k3s ships plus cilium and kube-vip.
  const ks = 'kube-system';
  w.deployment({
    namespace: ks,
    name: 'coredns',
    selector: { 'k8s-app': 'kube-dns' },
    containers: [c('coredns', 'rancher/mirrored-coredns-coredns:1.12.3')],
    ageDays: 412,
  });
  w.deployment({
    namespace: ks,
    name: 'metrics-server',
    selector: { 'k8s-app': 'metrics-server' },
    containers: [c('metrics-server', 'rancher/mirrored-metrics-server:v0.8.0')],
    ageDays: 412,
  });
  w.deployment({
    namespace: ks,
    name: 'local-path-provisioner',
    selector: { app: 'local-path-provisioner' },
    containers: [c('local-path-provisioner', 'rancher/local-path-provisioner:v0.0.32')],
    ageDays: 412,
  });
  w.daemonSet({
    namespace: ks,
    name: 'cilium',
    instance: 'cilium',
    selector: { 'k8s-app': 'cilium' },
    nodeSelector: linux,
    hostNetwork: true,
    containers: [c('cilium-agent', 'quay.io/cilium/cilium:v1.18.4')],
    ageDays: 400,
    pods: hostPods(31, 94),
  });
  w.deployment({
    namespace: ks,
    name: 'cilium-operator',
    instance: 'cilium',
    selector: { 'io.cilium/app': 'operator' },
    hostNetwork: true,
    containers: [c('cilium-operator', 'quay.io/cilium/operator-generic:v1.18.4')],
    ageDays: 400,
  });
  w.daemonSet({
    namespace: ks,
    name: 'kube-vip',
    selector: { 'app.kubernetes.io/name': 'kube-vip' },
    nodeSelector: cp,
    hostNetwork: true,
    containers: [c('kube-vip', 'ghcr.io/kube-vip/kube-vip:v1.0.1')],
    ageDays: 400,
    pods: hostPods(128, 108),
  });
  w.completedJob(ks, 'helm-install-cilium', 'rancher/klipper-helm:v0.9.8-build20250709', 11, 'granite');

  // argocd
  const argo = (name: string, image = 'quay.io/argoproj/argocd:v3.2.1') => ({
    namespace: 'argocd',
    name,
    instance: 'argocd',
    containers: [c(name.replace(/^argocd-/, ''), image)],
    ageDays: 300,
  });
  w.statefulSet(argo('argocd-application-controller'));
  w.deployment(argo('argocd-applicationset-controller'));
  w.deployment(argo('argocd-dex-server', 'ghcr.io/dexidp/dex:v2.44.0'));
  w.deployment(argo('argocd-notifications-controller'));
  w.deployment(argo('argocd-redis', 'ecr-public.aws.com/docker/library/redis:8.2.2-alpine'));
  w.deployment(argo('argocd-repo-server'));
  w.deployment(argo('argocd-server'));

  // rook-ceph: operator (app rook-ceph) and the cluster it manages (Rook's own `app` labels).
  const rc = 'rook-ceph';
  const ceph = 'quay.io/ceph/ceph:v20.2.0';
  w.deployment({
    namespace: rc,
    name: 'rook-ceph-operator',
    instance: 'rook-ceph',
    selector: { app: 'rook-ceph-operator' },
    containers: [c('rook-ceph-operator', 'docker.io/rook/ceph:v1.18.7')],
    ageDays: 300,
  });
  ['a', 'b', 'c'].forEach((id, i) =>
    w.deployment({
      namespace: rc,
      name: `rook-ceph-mon-${id}`,
      selector: { app: 'rook-ceph-mon', mon: id },
      nodeSelector: { 'kubernetes.io/hostname': NODES[i]!.name },
      containers: [c('mon', ceph)],
      ageDays: 300,
    }),
  );
  w.deployment({
    namespace: rc,
    name: 'rook-ceph-mgr-a',
    selector: { app: 'rook-ceph-mgr', mgr: 'a' },
    nodeSelector: { 'kubernetes.io/hostname': 'granite' },
    containers: [c('mgr', ceph), c('watch-active', ceph)],
    ageDays: 300,
  });
  w.deployment({
    namespace: rc,
    name: 'rook-ceph-mgr-b',
    selector: { app: 'rook-ceph-mgr', mgr: 'b' },
    nodeSelector: { 'kubernetes.io/hostname': 'basalt' },
    containers: [c('mgr', ceph), c('watch-active', ceph)],
    ageDays: 300,
  });
  for (let osd = 0; osd <= 8; osd++) {
    w.deployment({
      namespace: rc,
      name: `rook-ceph-osd-${osd}`,
      selector: { app: 'rook-ceph-osd', 'ceph-osd-id': String(osd) },
      nodeSelector: { 'kubernetes.io/hostname': osdNode(osd) },
      containers: [c('osd', ceph), c('log-collector', ceph)],
      // osd.8's disk is dead: Ceph has it down and out, and its deployment is scaled to zero.
      replicas: osd === 8 && degraded ? 0 : 1,
      ageDays: 300,
    });
  }
  w.deployment({ namespace: rc, name: 'rook-ceph-tools', selector: { app: 'rook-ceph-tools' }, containers: [c('rook-ceph-tools', ceph)], ageDays: 300 });
  for (const node of ['onyx', 'jasper', 'opal']) {
    w.deployment({
      namespace: rc,
      name: `rook-ceph-crashcollector-${node}`,
      selector: { app: 'rook-ceph-crashcollector', node_name: node },
      nodeSelector: { 'kubernetes.io/hostname': node },
      containers: [c('ceph-crash', ceph)],
      ageDays: 300,
    });
    w.completedJob(rc, `rook-ceph-osd-prepare-${node}`, 'docker.io/rook/ceph:v1.18.7', 11, node);
  }
  w.daemonSet({
    namespace: rc,
    name: 'csi-rbdplugin',
    selector: { app: 'csi-rbdplugin' },
    nodeSelector: linux,
    hostNetwork: true,
    containers: [c('driver-registrar', 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0'), c('csi-rbdplugin', 'quay.io/cephcsi/cephcsi:v3.15.0')],
    ageDays: 300,
    pods: hostPods(6, 3),
  });
  w.deployment({
    namespace: rc,
    name: 'csi-rbdplugin-provisioner',
    selector: { app: 'csi-rbdplugin-provisioner' },
    replicas: 2,
    containers: [
      c('csi-provisioner', 'registry.k8s.io/sig-storage/csi-provisioner:v5.2.0'),
      c('csi-resizer', 'registry.k8s.io/sig-storage/csi-resizer:v1.13.2'),
      c('csi-attacher', 'registry.k8s.io/sig-storage/csi-attacher:v4.8.1'),
      c('csi-snapshotter', 'registry.k8s.io/sig-storage/csi-snapshotter:v8.2.1'),
      c('csi-rbdplugin', 'quay.io/cephcsi/cephcsi:v3.15.0'),
    ],
    ageDays: 300,
  });

  // cert-manager, external-secrets
  for (const [name, image] of [
    ['cert-manager', 'quay.io/jetstack/cert-manager-controller:v1.19.1'],
    ['cert-manager-cainjector', 'quay.io/jetstack/cert-manager-cainjector:v1.19.1'],
    ['cert-manager-webhook', 'quay.io/jetstack/cert-manager-webhook:v1.19.1'],
  ] as const)
    w.deployment({
      namespace: 'cert-manager',
      name,
      instance: 'cert-manager',
      containers: [c(name.replace('cert-manager-', '') || 'cert-manager-controller', image)],
      ageDays: 300,
    });
  for (const name of ['external-secrets', 'external-secrets-cert-controller', 'external-secrets-webhook'])
    w.deployment({
      namespace: 'external-secrets',
      name,
      instance: 'external-secrets',
      containers: [
        c(name === 'external-secrets' ? 'external-secrets' : name.replace('external-secrets-', ''), 'ghcr.io/external-secrets/external-secrets:v1.1.0'),
      ],
      ageDays: 300,
    });

  // monitoring
  const mon = 'monitoring';
  w.deployment({
    namespace: mon,
    name: 'kube-prometheus-stack-operator',
    instance: 'kube-prometheus-stack',
    containers: [c('kube-prometheus-stack', 'quay.io/prometheus-operator/prometheus-operator:v0.86.2')],
    ageDays: 250,
  });
  w.deployment({
    namespace: mon,
    name: 'kube-prometheus-stack-kube-state-metrics',
    instance: 'kube-prometheus-stack',
    containers: [c('kube-state-metrics', 'registry.k8s.io/kube-state-metrics/kube-state-metrics:v2.17.0')],
    ageDays: 250,
  });
  w.statefulSet({
    namespace: mon,
    name: 'prometheus-kube-prometheus-stack-prometheus',
    instance: 'kube-prometheus-stack',
    containers: [
      c('prometheus', 'quay.io/prometheus/prometheus:v3.7.3'),
      c('config-reloader', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.86.2'),
    ],
    ageDays: 250,
  });
  w.statefulSet({
    namespace: mon,
    name: 'alertmanager-kube-prometheus-stack-alertmanager',
    instance: 'kube-prometheus-stack',
    containers: [
      c('alertmanager', 'quay.io/prometheus/alertmanager:v0.29.0'),
      c('config-reloader', 'quay.io/prometheus-operator/prometheus-config-reloader:v0.86.2'),
    ],
    ageDays: 250,
  });
  w.daemonSet({
    namespace: mon,
    name: 'kube-prometheus-stack-prometheus-node-exporter',
    instance: 'kube-prometheus-stack',
    nodeSelector: linux,
    hostNetwork: true,
    containers: [c('node-exporter', 'quay.io/prometheus/node-exporter:v1.10.2')],
    ageDays: 250,
    pods: hostPods(2, 40),
  });
  w.deployment({
    namespace: mon,
    name: 'grafana',
    instance: 'grafana',
    containers: [c('grafana', 'docker.io/grafana/grafana:12.3.0'), c('grafana-sc-dashboard', 'quay.io/kiwigrid/k8s-sidecar:1.30.10')],
    ageDays: 250,
  });
  w.statefulSet({ namespace: mon, name: 'loki', instance: 'loki', containers: [c('loki', 'docker.io/grafana/loki:3.5.8')], ageDays: 250 });
  w.daemonSet({
    namespace: mon,
    name: 'promtail',
    instance: 'loki',
    nodeSelector: linux,
    containers: [c('promtail', 'docker.io/grafana/promtail:3.5.8')],
    ageDays: 250,
    pods: hostPods(0, 20),
  });

  // platform
  w.deployment({
    namespace: 'ingress-nginx',
    name: 'ingress-nginx-controller',
    instance: 'ingress-nginx',
    replicas: 2,
    containers: [c('controller', 'registry.k8s.io/ingress-nginx/controller:v1.14.0')],
    ageDays: 300,
  });
  w.deployment({
    namespace: 'cloudflared',
    name: 'cloudflared',
    instance: 'cloudflared',
    replicas: 2,
    containers: [c('cloudflared', 'docker.io/cloudflare/cloudflared:2025.11.1')],
    ageDays: 200,
  });
  w.daemonSet({
    namespace: 'kured',
    name: 'kured',
    instance: 'kured',
    nodeSelector: linux,
    containers: [c('kured', 'ghcr.io/kubereboot/kured:1.20.0')],
    ageDays: 200,
    pods: hostPods(0, 30),
  });
  w.completedJob('renovate', 'renovate-29403720', 'ghcr.io/renovatebot/renovate:42.19.3', 1);
  w.completedJob('renovate', 'renovate-29403780', 'ghcr.io/renovatebot/renovate:42.19.3', 0.2);

  // databases
  w.statefulSet({
    namespace: 'databases',
    name: 'postgres',
    instance: 'postgres',
    containers: [c('postgres', 'docker.io/library/postgres:17.7')],
    ageDays: 280,
  });
  w.statefulSet({ namespace: 'databases', name: 'redis', instance: 'redis', containers: [c('redis', 'docker.io/library/redis:8.2.3')], ageDays: 280 });

  // apps (bjw-s app-template charts)
  w.deployment({
    namespace: 'paperless',
    name: 'paperless-ngx',
    instance: 'paperless',
    // Database dependents name the Service in their env, as the charts set PAPERLESS_DBHOST / POSTGRES_HOST.
    containers: [
      {
        ...c('paperless-ngx', 'ghcr.io/paperless-ngx/paperless-ngx:2.19.6'),
        env: [
          { name: 'PAPERLESS_DBHOST', value: 'postgres.databases.svc.cluster.local' },
          { name: 'PAPERLESS_REDIS', value: 'redis://redis.databases.svc.cluster.local:6379' },
        ],
      },
    ],
    ageDays: 180,
    revision: 7,
    pods: [degraded ? { ageHours: 10, restarts: 5, lastRestartMinutesAgo: 3, crashLooping: true } : { ageHours: 10 }],
  });
  w.deployment({
    namespace: 'paperless',
    name: 'paperless-gotenberg',
    instance: 'paperless',
    containers: [c('gotenberg', 'docker.io/gotenberg/gotenberg:8.25.0')],
    ageDays: 180,
  });
  w.deployment({
    namespace: 'paperless',
    name: 'paperless-tika',
    instance: 'paperless',
    containers: [c('tika', 'docker.io/apache/tika:3.2.3.0')],
    ageDays: 180,
  });
  w.statefulSet({
    namespace: 'home-assistant',
    name: 'home-assistant',
    instance: 'home-assistant',
    containers: [c('app', 'ghcr.io/home-operations/home-assistant:2025.11.3')],
    ageDays: 200,
  });
  w.deployment({ namespace: 'jellyfin', name: 'jellyfin', instance: 'jellyfin', containers: [c('app', 'ghcr.io/jellyfin/jellyfin:10.11.3')], ageDays: 200 });
  w.deployment({
    namespace: 'vaultwarden',
    name: 'vaultwarden',
    instance: 'vaultwarden',
    containers: [c('app', 'ghcr.io/dani-garcia/vaultwarden:1.34.3')],
    ageDays: 200,
  });
  w.deployment({
    namespace: 'nextcloud',
    name: 'nextcloud',
    instance: 'nextcloud',
    containers: [
      { ...c('nextcloud', 'docker.io/library/nextcloud:32.0.2-apache'), env: [{ name: 'POSTGRES_HOST', value: 'postgres.databases.svc.cluster.local' }] },
      c('nextcloud-cron', 'docker.io/library/nextcloud:32.0.2-apache'),
    ],
    ageDays: 200,
  });

  const appType = w.registry.find('argoproj.io/v1alpha1', 'applications');
  if (appType) {
    for (const a of APPLICATIONS) {
      const outOfSync = degraded && a.name === 'home-assistant';
      const health = degraded && a.name === 'paperless' ? 'Degraded' : 'Healthy';
      application(w, appType, a, { repoURL, revision, outOfSync, health });
    }
  }
  seedPlatformObjects(w, opts.latent ?? degraded);
  // The second latent problem (docs/DEMO-WORLD.md): last night's database backup failed; its pods
  // are gone, the failed Job stays, and the demo's Alertmanager fires KubeJobFailed for it.
  if (opts.latent ?? degraded) w.failedJob('databases', LATENT_FAILED_JOB, 'docker.io/library/postgres:17.6', 9);
  if (opts.scale) seedScale(w, opts.scale, { repoURL, revision });
}

function application(
  w: SeedWriter,
  t: ResourceType,
  a: Pick<AppEntry, 'name' | 'namespace' | 'automated' | 'selfHeal' | 'sourceType'> & { path?: string; area?: AppEntry['area'] },
  s: { repoURL: string; revision: string; outOfSync: boolean; health: string },
): void {
  const path = a.path ?? appPath({ area: a.area ?? 'apps', name: a.name });
  const source = { repoURL: s.repoURL, path, targetRevision: 'main' };
  const destination = { name: 'in-cluster', namespace: a.namespace };
  const deployedAt = w.ago(36 * HOUR);
  const syncPolicy: Json = {
    syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'],
    retry: { limit: 5, backoff: { duration: '5s', factor: 2, maxDuration: '3m' } },
  };
  if (a.automated) syncPolicy.automated = { prune: true, selfHeal: a.selfHeal ?? true };
  const operation = {
    initiatedBy: { automated: true },
    retry: { limit: 5 },
    sync: { revision: s.revision, syncOptions: ['CreateNamespace=true', 'ServerSideApply=true'] },
  };
  w.object(t, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: {
      name: a.name,
      namespace: 'argocd',
      creationTimestamp: w.ago(300 * DAY),
      finalizers: ['resources-finalizer.argocd.argoproj.io'],
      labels: { 'app.kubernetes.io/part-of': 'homelab' },
    },
    spec: { project: 'default', source, destination, syncPolicy },
    status: {
      sync: { status: s.outOfSync ? 'OutOfSync' : 'Synced', revision: s.revision, comparedTo: { source, destination } },
      health: { status: s.health, lastTransitionTime: w.ago(s.health === 'Healthy' ? 30 * HOUR : 3 * 60_000) },
      operationState: {
        operation,
        phase: 'Succeeded',
        message: 'successfully synced (all tasks run)',
        startedAt: deployedAt,
        finishedAt: deployedAt,
        syncResult: { revision: s.revision, source, resources: [] },
      },
      history: [{ id: 1, revision: s.revision, deployStartedAt: deployedAt, deployedAt, source, initiatedBy: { automated: true } }],
      reconciledAt: w.ago(2 * 60_000),
      sourceType: a.sourceType,
      controllerNamespace: 'argocd',
      resourceHealthSource: 'appTree',
      summary: {},
    },
  });
}

function seedPlatformObjects(w: SeedWriter, latent: boolean): void {
  const cert = w.registry.find('cert-manager.io/v1', 'certificates');
  const issuer = w.registry.find('cert-manager.io/v1', 'clusterissuers');
  const es = w.registry.find('external-secrets.io/v1', 'externalsecrets');
  const css = w.registry.find('external-secrets.io/v1', 'clustersecretstores');
  const readyCond = (reason: string, message: string, at: string) => [
    { type: 'Ready', status: 'True', reason, message, lastTransitionTime: at, observedGeneration: 1 },
  ];
  if (issuer) {
    w.object(issuer, {
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: 'letsencrypt-prod', creationTimestamp: w.ago(300 * DAY) },
      spec: { acme: { server: 'https://acme-v02.api.letsencrypt.org/directory', privateKeySecretRef: { name: 'letsencrypt-prod' } } },
      status: { conditions: readyCond('ACMEAccountRegistered', 'The ACME account was registered with the ACME server', w.ago(300 * DAY)) },
    });
  }
  if (cert) {
    const certs: Array<[string, string, string, number]> = [
      ['argocd', 'argocd-server-tls', 'argocd.homelab.lan', 115],
      ['monitoring', 'grafana-tls', 'grafana.homelab.lan', 115],
      ['paperless', 'paperless-tls', 'paperless.homelab.lan', 88],
      ['home-assistant', 'home-assistant-tls', 'hass.homelab.lan', 94],
      ['jellyfin', 'jellyfin-tls', 'jellyfin.homelab.lan', 105],
      ['vaultwarden', 'vaultwarden-tls', 'vault.homelab.lan', 115],
      ['nextcloud', 'nextcloud-tls', 'cloud.homelab.lan', 37],
      ['ingress-nginx', 'wildcard-homelab-tls', '*.homelab.lan', 13],
    ];
    // The demo's latent problem no item covers (docs/DEMO-WORLD.md): cert-manager failed to renew
    // this one at 2/3 of its life, so it expires in five and a half days; the final recon finds it.
    const failedRenewal = new Map(latent ? [['monitoring/alertmanager-tls', 84.5]] : []);
    if (latent) certs.push(['monitoring', 'alertmanager-tls', 'alertmanager.homelab.lan', 144.5]);
    for (const [ns, name, dns, age] of certs) {
      const renewedDaysAgo = failedRenewal.get(`${ns}/${name}`) ?? age % 60;
      w.object(cert, {
        apiVersion: 'cert-manager.io/v1',
        kind: 'Certificate',
        metadata: { name, namespace: ns, creationTimestamp: w.ago(age * DAY), generation: 1 },
        spec: {
          secretName: name,
          dnsNames: [dns],
          issuerRef: { kind: 'ClusterIssuer', name: 'letsencrypt-prod', group: 'cert-manager.io' },
          privateKey: { rotationPolicy: 'Always' },
        },
        status: {
          conditions: readyCond('Ready', 'Certificate is up to date and has not expired', w.ago(renewedDaysAgo * DAY)),
          notBefore: w.ago(renewedDaysAgo * DAY),
          notAfter: w.ago((renewedDaysAgo - 90) * DAY),
          renewalTime: w.ago((renewedDaysAgo - 60) * DAY),
          revision: 1 + Math.floor(age / 60),
        },
      });
    }
  }
  if (css) {
    w.object(css, {
      apiVersion: 'external-secrets.io/v1',
      kind: 'ClusterSecretStore',
      metadata: { name: 'global-secrets', creationTimestamp: w.ago(115 * DAY), generation: 1 },
      spec: {
        provider: {
          kubernetes: {
            remoteNamespace: 'global-secrets',
            server: { caProvider: { type: 'ConfigMap', name: 'kube-root-ca.crt', key: 'ca.crt', namespace: 'global-secrets' } },
          },
        },
      },
      status: { capabilities: 'ReadWrite', conditions: readyCond('Valid', 'store validated', w.ago(115 * DAY)) },
    });
  }
  if (es) {
    const secrets: Array<[string, string]> = [
      ['cloudflared', 'cloudflared-credentials'],
      ['renovate', 'renovate-secret'],
      ['monitoring', 'grafana-secrets'],
      ['paperless', 'paperless-secrets'],
      ['databases', 'postgres-superuser'],
      ['vaultwarden', 'vaultwarden-admin'],
      ['nextcloud', 'nextcloud-secrets'],
    ];
    for (const [ns, name] of secrets) {
      w.object(es, {
        apiVersion: 'external-secrets.io/v1',
        kind: 'ExternalSecret',
        metadata: { name, namespace: ns, creationTimestamp: w.ago(115 * DAY), generation: 1 },
        spec: {
          refreshInterval: '1h0m0s',
          secretStoreRef: { kind: 'ClusterSecretStore', name: 'global-secrets' },
          target: { name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
          dataFrom: [{ extract: { key: name } }],
        },
        status: {
          binding: { name },
          conditions: readyCond('SecretSynced', 'secret synced', w.ago(115 * DAY)),
          refreshTime: w.ago(20 * 60_000),
          syncedResourceVersion: `1-${name.length}f3a9c2e`,
        },
      });
    }
  }
}

/** Pads the world to `pods` pods and `applications` Applications: one namespace + Deployment per extra app. */
function seedScale(w: SeedWriter, scale: { pods: number; applications: number }, s: { repoURL: string; revision: string }): void {
  const appType = w.registry.find('argoproj.io/v1alpha1', 'applications');
  const havePods = w.store.count(w.t('Pod'));
  const haveApps = appType ? w.store.count(appType) : 0;
  const extraApps = Math.max(appType ? scale.applications - haveApps : 0, 0);
  let extraPods = Math.max(0, scale.pods - havePods);
  const groups = Math.max(extraApps, extraPods > 0 ? 1 : 0);
  for (let i = 0; i < groups; i++) {
    const name = `svc-${String(i + 1).padStart(4, '0')}`;
    const replicas = Math.floor(extraPods / (groups - i));
    extraPods -= replicas;
    w.namespace(name, 60);
    if (replicas > 0) {
      w.deployment({
        namespace: name,
        name: 'web',
        instance: name,
        replicas,
        containers: [{ name: 'web', image: 'ghcr.io/stefanprodan/podinfo:6.9.2' }],
        ageDays: 60,
        pods: Array.from({ length: replicas }, () => ({ ageHours: 30 })),
      });
    }
    if (appType && i < extraApps) {
      application(
        w,
        appType,
        { name, namespace: name, automated: true, sourceType: 'Kustomize', path: `kubernetes/tenants/${name}` },
        { repoURL: s.repoURL, revision: s.revision, outOfSync: false, health: 'Healthy' },
      );
    }
  }
}
