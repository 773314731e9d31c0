import { CephSimulator } from '../ceph/index.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../gitea/index.js';

export const DEMO_REPO = 'ops/homelab';
export const DEMO_CONTEXT = 'homelab';

export interface DemoWorldOptions {
  /** Start Ceph healthy instead of degraded (tests). */
  cephState?: 'degraded' | 'healthy';
}

/**
 * The simulated homelab of docs/DEMO-WORLD.md, all on loopback: Gitea (repository ops/homelab,
 * maintenance issue #42, Renovate PRs) and the Ceph cluster behind rook-ceph-tools. Credentials
 * exist only in memory; nothing of the operator's (kubeconfig, tea login, config file) is read.
 */
export class DemoWorld {
  private constructor(
    readonly gitea: GiteaSim,
    readonly ceph: CephSimulator,
  ) {}

  static async start(options: DemoWorldOptions = {}): Promise<DemoWorld> {
    const ceph = new CephSimulator({ state: options.cephState ?? 'degraded' });
    const gitea = await startDemoGitea();
    return new DemoWorld(gitea, ceph);
  }

  get giteaUrl(): string {
    return this.gitea.url;
  }

  get token(): string {
    return DEMO_TOKENS.admin;
  }

  /** Writes every simulator has seen: read-only sessions must leave these at zero. */
  writes(): { gitea: number; ceph: number } {
    return { gitea: this.gitea.world.counters.attempted, ceph: this.ceph.writes };
  }

  async close(): Promise<void> {
    await this.gitea.stop();
  }
}
