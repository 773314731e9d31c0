import { prInputFromJson, type PrInput } from '../../domain/renovate/pr-input.js';
import { buildQueue } from '../../domain/renovate/queue.js';
import type { RenovateRule } from '../../domain/renovate/rules.js';
import type { CiState } from '../../domain/renovate/types.js';
import type { ApplicationView } from '../../domain/health/types.js';
import type { QueueStore } from '../../store/queue-store.js';
import type { GiteaClient } from '../gitea/client.js';
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

function ciOf(state: string | null | undefined, hasCi: boolean): CiState {
  if (!hasCi) return 'none';
  if (state === 'success' || state === 'pending' || state === 'failure' || state === 'error') return state;
  return 'unknown';
}

/** Keeps the queue store on the open PRs in merge order (classification from the Renovate domain). */
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
    const pulls = await client.openPulls();
    const inputs = pulls.map((p) => prInputFromJson(p)).filter((p): p is PrInput => p !== null);
    const filesByPr = new Map<number, string[]>();
    const ciByPr = new Map<number, CiState>();
    await Promise.all(
      inputs.map(async (pr) => {
        const [files, status] = await Promise.all([
          client.pullFiles(pr.number).catch(() => null),
          pr.headSha ? client.combinedStatus(pr.headSha).catch(() => null) : Promise.resolve(null),
        ]);
        if (files) filesByPr.set(pr.number, files.map((f) => f.filename));
        ciByPr.set(pr.number, status ? ciOf(status.state, status.hasCi) : 'unknown');
      }),
    );
    const prs = buildQueue(inputs, {
      rules: this.o.rules,
      filesByPr,
      ciByPr,
      apps: this.o.apps(),
      repo: client.repoName,
      now: new Date((this.o.now ?? Date.now)()),
    });
    this.o.store.setState({ prs });
  }
}
