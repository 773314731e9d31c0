import { AlertmanagerSim, type SimAlert } from '../alertmanager/simulator.js';
import { CephSimulator } from '../ceph/index.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../gitea/index.js';
import { builtinExec, INSTANCE_LABEL, isRookCephTools, KubeSim, routeExec, type ExecHandler, type Timing } from '../kube/index.js';
import { seedPgCluster } from '../postgres/cluster.js';
import { simulatedPostgresExec } from '../postgres/exec.js';
import { SEED_PULLS } from '../seed/renovate-prs.js';

export const DEMO_REPO = 'ops/homelab';
export const DEMO_CONTEXT = 'homelab';
/**
 * Where the demo cluster's Alertmanager is: the Service kube-prometheus-stack makes beside its
 * StatefulSet, reached through the API server's service proxy (the console's alerts.* config).
 */
export const DEMO_ALERTMANAGER = { namespace: 'monitoring', service: 'alertmanager-operated', port: '9093', portName: 'http-web' } as const;

/** kube-prometheus-stack's KubeJobFailed, as Prometheus evaluates it over kube-state-metrics: one alert per failed Job. */
function failedJobAlerts(kube: KubeSim): SimAlert[] {
  const out: SimAlert[] = [];
  for (const job of kube.list('jobs')) {
    const conditions = (job.status as { conditions?: Array<{ type: string; status: string; lastTransitionTime?: string }> } | undefined)?.conditions ?? [];
    const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
    if (!failed) continue;
    const ns = job.metadata.namespace!;
    out.push({
      labels: {
        alertname: 'KubeJobFailed',
        severity: 'warning',
        namespace: ns,
        job_name: job.metadata.name,
        condition: 'true',
        prometheus: 'monitoring/kube-prometheus-stack-prometheus',
      },
      annotations: {
        summary: 'Job failed to complete.',
        description: `Job ${ns}/${job.metadata.name} failed to complete. Removing failed job after investigation should clear this alert.`,
        runbook_url: 'https://runbooks.prometheus-operator.dev/runbooks/kubernetes/kubejobfailed',
      },
      ...(failed.lastTransitionTime ? { startsAt: failed.lastTransitionTime } : {}),
    });
  }
  return out;
}

export interface DemoWorldOptions {
  /** Start Ceph healthy instead of degraded (tests). */
  cephState?: 'degraded' | 'healthy';
  /** Also run the simulated API server (default true); the Ceph and Gitea halves work without it. */
  kube?: boolean;
  /** Pads the cluster to these totals (the benchmark's 10,000 pods and 500 Applications). */
  scale?: { pods: number; applications: number };
  /** Start the cluster healthy instead of degraded (tests that need a GREEN gate). */
  kubeState?: 'degraded' | 'healthy';
  /** The API server's controller timings (tests use FAST_TIMING). */
  timing?: Partial<Timing>;
  /** False: no seeded PR breaks its app on merge (tests of the upgrade protocols' success path). */
  breaks?: boolean;
  /** Seed the latent problem the final recon finds (default: with a degraded cluster). */
  latent?: boolean;
  /** Exec into other pods (tests: the database pods' client tools against real servers), before the toolbox's. */
  execRoutes?: Array<{ match: (namespace: string, pod: string, container: string) => boolean; handler: ExecHandler }>;
}

/** The demo's PostgreSQL StatefulSet's pods (databases/postgres-N). */
const isDemoPostgres = (namespace: string, pod: string): boolean => namespace === 'databases' && /^postgres-\d+$/.test(pod);

/** `rook-ceph-osd-3` → 3. */
function osdOf(deployment: string): number | null {
  const m = /^rook-ceph-osd-(\d+)$/.exec(deployment);
  return m ? Number(m[1]) : null;
}

/**
 * The simulated homelab of docs/DEMO-WORLD.md, all on loopback: Gitea (repository ops/homelab,
 * maintenance issue #42, Renovate PRs), the Kubernetes API server (ten nodes, ArgoCD, rook-ceph)
 * and the Ceph cluster behind rook-ceph-tools, wired so the world reacts to the operator:
 * a merge makes a commit the Applications sync to, an OSD deployment's rollout restart restarts
 * that OSD, and exec into the toolbox runs `ceph` against the Ceph simulator. Credentials exist
 * only in memory and in the simulator's own temporary kubeconfig; nothing of the operator's
 * (kubeconfig, tea login, config file) is read or written.
 */
export class DemoWorld {
  private readonly unwire: Array<() => void> = [];

  private constructor(
    readonly gitea: GiteaSim,
    readonly ceph: CephSimulator,
    readonly kube: KubeSim | null,
    /** The cluster's Alertmanager (behind the kube simulator's service proxy); null without kube. */
    readonly alertmanager: AlertmanagerSim | null,
  ) {}

  static async start(options: DemoWorldOptions = {}): Promise<DemoWorld> {
    const ceph = new CephSimulator({ state: options.cephState ?? 'degraded' });
    // The database pod answers the upgrade protocol's reads from its seeded rows (a dump of them is
    // complete because it holds them all); the version is the one its image runs at the time.
    let kubeRef: KubeSim | null = null;
    const imageOf = (namespace: string, pod: string) => {
      const obj = kubeRef?.list('pods', namespace).find((p) => p.metadata.name === pod) as { spec?: { containers?: Array<{ image?: string }> } } | undefined;
      return obj?.spec?.containers?.[0]?.image ?? null;
    };
    const postgres = { match: isDemoPostgres, handler: simulatedPostgresExec({ cluster: seedPgCluster(), imageOf }, builtinExec) };
    const [gitea, kube] = await Promise.all([
      startDemoGitea(),
      options.kube === false
        ? Promise.resolve(null)
        : KubeSim.start({
            seed: options.kubeState ?? 'degraded',
            context: DEMO_CONTEXT,
            ...(options.timing ? { timing: options.timing } : {}),
            ...(options.scale ? { scale: options.scale } : {}),
            ...(options.latent !== undefined ? { latent: options.latent } : {}),
            exec: routeExec([
              ...(options.execRoutes ?? []),
              postgres,
              { match: isRookCephTools, handler: async (_ns, _pod, _container, argv) => ceph.exec(argv) },
            ]),
          }),
    ]);
    kubeRef = kube;
    let alertmanager: AlertmanagerSim | null = null;
    if (kube) {
      alertmanager = new AlertmanagerSim();
      await alertmanager.start();
      // Prometheus's part: alerts follow the world (a deleted failed Job resolves its alert);
      // Watchdog always fires and never grades.
      alertmanager.addRule(() => [
        {
          labels: { alertname: 'Watchdog', severity: 'none', prometheus: 'monitoring/kube-prometheus-stack-prometheus' },
          annotations: { summary: 'An alert that should always be firing to certify that Alertmanager is working properly.' },
        },
        ...failedJobAlerts(kube),
      ]);
      const am = DEMO_ALERTMANAGER;
      kube.exposeService({ namespace: am.namespace, name: am.service, port: Number(am.port), portName: am.portName, upstream: alertmanager.url });
    }
    const world = new DemoWorld(gitea, ceph, kube, alertmanager);
    world.wire(options.breaks !== false);
    return world;
  }

  private wire(withBreaks: boolean): void {
    const { kube, gitea, ceph } = this;
    if (!kube) return;
    const breaks = new Map(SEED_PULLS.filter((p) => withBreaks && p.breaks).map((p) => [p.number, p.breaks!]));
    /** Apps a merge broke, with the files that broke them and the tree before the merge. */
    const broken = new Map<string, { files: string[]; before: string }>();
    /** Apps whose breaking files a commit restored: they heal when they sync to that commit. */
    const healsAt = new Map<string, string>();
    const onMerged = (e: { number: number; sha: string; files: string[] }) => {
      const app = breaks.get(e.number);
      if (app) {
        kube.world.setBreaksOnNextSync(app);
        const parent = gitea.world.git.get(e.sha).parents[0];
        if (parent) broken.set(app, { files: e.files, before: parent });
      }
      kube.world.repoCommit(e.sha, e.files);
    };
    // A commit on the default branch through the contents API (a rollback, an edit in the web UI)
    // reaches ArgoCD like a merge does; merges come through onMerged.
    const onBranch = (e: { branch: string; sha: string; files: string[]; cause: 'merge' | 'commit' }) => {
      if (e.cause !== 'commit' || e.branch !== gitea.world.repo.defaultBranch) return;
      const tree = gitea.world.git.get(e.sha).tree;
      for (const [app, b] of broken) {
        const before = gitea.world.git.get(b.before).tree;
        if (b.files.every((f) => tree.get(f) === before.get(f))) {
          broken.delete(app);
          healsAt.set(app, e.sha);
        }
      }
      kube.world.repoCommit(e.sha, e.files);
    };
    gitea.world.events.on('merged', onMerged);
    gitea.world.events.on('branch-changed', onBranch);
    this.unwire.push(() => gitea.world.events.off('merged', onMerged));
    this.unwire.push(() => gitea.world.events.off('branch-changed', onBranch));
    this.unwire.push(
      kube.world.on('sync-started', ({ name, revision }) => {
        if (healsAt.get(name) !== revision) return;
        healsAt.delete(name);
        this.healApp(name, revision);
      }),
    );
    this.unwire.push(
      kube.world.on('rollout-restart', ({ namespace, name }) => {
        if (namespace !== 'rook-ceph') return;
        const osd = osdOf(name);
        if (osd !== null) ceph.restartOsd(osd);
        else if (name.startsWith('rook-ceph-mgr')) ceph.restartMgr(name.replace(/^rook-ceph-mgr-?/, '') || undefined);
      }),
    );
  }

  /**
   * The files that broke `app` are back: its workloads stop crash-looping and roll to new pods at
   * `revision`, as they would when ArgoCD applies the restored manifests.
   */
  private healApp(app: string, revision: string): void {
    const w = this.kube!.world;
    const appType = w.registry.find('argoproj.io/v1alpha1', 'applications');
    const ns = appType
      ? (w.store.get(appType, 'argocd', app) as { spec?: { destination?: { namespace?: string } } } | undefined)?.spec?.destination?.namespace
      : undefined;
    if (!ns) return w.setAppHealth(app, null);
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet']) {
      const t = w.registry.builtin(kind, 'apps');
      for (const { obj } of w.store.list(t, ns)) {
        if (obj.metadata.labels?.[INSTANCE_LABEL] !== app) continue;
        w.healWorkload(kind, ns, obj.metadata.name);
        w.store.mutate(t, ns, obj.metadata.name, (d) => {
          const spec = (d as unknown as { spec: { template: { metadata?: { annotations?: Record<string, string> } } } }).spec;
          spec.template.metadata ??= {};
          spec.template.metadata.annotations = { ...(spec.template.metadata.annotations ?? {}), 'homelab.sim/revision': revision };
        });
      }
    }
  }

  get giteaUrl(): string {
    return this.gitea.url;
  }

  get token(): string {
    return DEMO_TOKENS.admin;
  }

  /** The simulator's kubeconfig (a temp file it removes on stop), or null without kube. */
  get kubeconfigPath(): string | null {
    return this.kube?.kubeconfigPath ?? null;
  }

  /** Writes every simulator has seen: read-only sessions must leave these at zero. */
  writes(): { gitea: number; ceph: number; kube: number } {
    return { gitea: this.gitea.world.counters.attempted, ceph: this.ceph.writes, kube: this.kube?.counters.writes ?? 0 };
  }

  async close(): Promise<void> {
    for (const u of this.unwire.splice(0)) u();
    await Promise.allSettled([this.gitea.stop(), this.kube?.stop(), this.alertmanager?.stop()]);
  }
}
