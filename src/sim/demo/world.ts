import { CephSimulator } from '../ceph/index.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../gitea/index.js';
import { isRookCephTools, KubeSim, routeExec } from '../kube/index.js';
import { SEED_PULLS } from '../seed/renovate-prs.js';

export const DEMO_REPO = 'ops/homelab';
export const DEMO_CONTEXT = 'homelab';

export interface DemoWorldOptions {
  /** Start Ceph healthy instead of degraded (tests). */
  cephState?: 'degraded' | 'healthy';
  /** Also run the simulated API server (default true); the Ceph and Gitea halves work without it. */
  kube?: boolean;
  /** Pads the cluster to these totals (the benchmark's 10,000 pods and 500 Applications). */
  scale?: { pods: number; applications: number };
}

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
  ) {}

  static async start(options: DemoWorldOptions = {}): Promise<DemoWorld> {
    const ceph = new CephSimulator({ state: options.cephState ?? 'degraded' });
    const [gitea, kube] = await Promise.all([
      startDemoGitea(),
      options.kube === false
        ? Promise.resolve(null)
        : KubeSim.start({
            seed: 'degraded',
            context: DEMO_CONTEXT,
            ...(options.scale ? { scale: options.scale } : {}),
            exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _container, argv) => ceph.exec(argv) }]),
          }),
    ]);
    const world = new DemoWorld(gitea, ceph, kube);
    world.wire();
    return world;
  }

  private wire(): void {
    const { kube, gitea, ceph } = this;
    if (!kube) return;
    const breaks = new Map(SEED_PULLS.filter((p) => p.breaks).map((p) => [p.number, p.breaks!]));
    const onMerged = (e: { number: number; sha: string; files: string[] }) => {
      const broken = breaks.get(e.number);
      if (broken) kube.world.setBreaksOnNextSync(broken);
      kube.world.repoCommit(e.sha, e.files);
    };
    gitea.world.events.on('merged', onMerged);
    this.unwire.push(() => gitea.world.events.off('merged', onMerged));
    this.unwire.push(
      kube.world.on('rollout-restart', ({ namespace, name }) => {
        if (namespace !== 'rook-ceph') return;
        const osd = osdOf(name);
        if (osd !== null) ceph.restartOsd(osd);
        else if (name.startsWith('rook-ceph-mgr')) ceph.restartMgr(name.replace(/^rook-ceph-mgr-?/, '') || undefined);
      }),
    );
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
    await Promise.allSettled([this.gitea.stop(), this.kube?.stop()]);
  }
}
