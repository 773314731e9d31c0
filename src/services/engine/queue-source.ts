import type { RenovateRule } from '../../domain/renovate/rules.js';
import type { ApplicationView } from '../../domain/health/types.js';
import type { QueueStore } from '../../store/queue-store.js';
import type { GiteaClient } from '../gitea/client.js';
import { refreshDashboardInto } from '../renovate/dashboard-source.js';
import { loadLiveQueue } from '../renovate/live-queue.js';
import { recentMergedPulls } from './merged-pulls.js';
import { Poller } from './poller.js';

export interface QueueSourceOptions {
  client: GiteaClient;
  store: QueueStore;
  rules: RenovateRule[];
  /** The Applications known now, to name the ones each PR affects. */
  apps: () => ApplicationView[];
  intervalMs: number;
  now?: () => number;
}

/** Keeps the queue store on the open PRs in merge order, the recently merged ones and the Dependency Dashboard. */
export class QueueSource {
  private readonly poller: Poller;

  constructor(private readonly o: QueueSourceOptions) {
    this.poller = new Poller(() => this.read(), (liveness) => o.store.setState({ liveness }), o.intervalMs, o.now);
  }

  start(): void {
    this.poller.start();
  }

  refresh(): Promise<void> {
    return this.poller.refresh();
  }

  stop(): void {
    this.poller.stop();
  }

  private async read(): Promise<void> {
    const { client } = this.o;
    // Classification, changed files and CI as the merge loop sees them (src/services/renovate).
    const [prs, merged] = await Promise.all([
      loadLiveQueue(client, { rules: this.o.rules, apps: this.o.apps(), now: new Date((this.o.now ?? Date.now)()) }),
      // The merged list and the dashboard are extras: a failure keeps what was there.
      recentMergedPulls(client).catch(() => null),
      refreshDashboardInto(client, this.o.store).catch(() => undefined),
    ]);
    this.o.store.setState(merged ? { prs, merged } : { prs });
  }
}
