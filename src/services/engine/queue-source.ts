import { isDeepStrictEqual } from 'node:util';
import { openDashboardItems, parseDependencyDashboard } from '../../domain/renovate/dashboard.js';
import type { RenovateRule } from '../../domain/renovate/rules.js';
import type { ApplicationView } from '../../domain/health/types.js';
import type { QueueState, QueueStore } from '../../store/queue-store.js';
import type { GiteaClient } from '../gitea/client.js';
import { findLiveDashboard } from '../renovate/dashboard-source.js';
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
    this.poller = new Poller(
      () => this.read(),
      { get: () => o.store.getState().liveness, set: (liveness) => o.store.setState({ liveness }) },
      o.intervalMs,
      o.now,
    );
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
    const { client, store } = this.o;
    // Classification, changed files and CI as the merge loop sees them (src/services/renovate).
    const [prs, merged, dashboard] = await Promise.all([
      loadLiveQueue(client, { rules: this.o.rules, apps: this.o.apps(), now: new Date((this.o.now ?? Date.now)()) }),
      // The merged list and the dashboard are extras: a failure keeps what was there.
      recentMergedPulls(client).catch(() => undefined),
      readDashboard(client).catch(() => undefined),
    ]);
    // Only what changed (heads, CI, mergeable, order...): an unchanged poll writes nothing, since
    // every store write costs a frame.
    const prev = store.getState();
    const next: Partial<QueueState> = {};
    if (!isDeepStrictEqual(prev.prs, prs)) next.prs = prs;
    if (merged !== undefined && !isDeepStrictEqual(prev.merged, merged)) next.merged = merged;
    if (dashboard !== undefined && !isDeepStrictEqual(prev.dashboard, dashboard)) next.dashboard = dashboard;
    if (Object.keys(next).length) store.setState(next);
  }
}

/** The Dependency Dashboard's open items, as `QueueState.dashboard` holds them (null: none open). */
async function readDashboard(client: GiteaClient): Promise<QueueState['dashboard']> {
  const issue = await findLiveDashboard(client);
  if (!issue) return null;
  const items = openDashboardItems(parseDependencyDashboard(issue.body)).map((e) => ({ section: e.section, text: e.text, checked: e.checked }));
  return { number: issue.number, title: issue.title, items };
}
