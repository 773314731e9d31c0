import type { ApplicationView } from '../../domain/health/types.js';
import { ciStateFromCombined } from '../../domain/renovate/ci.js';
import { classifyPr } from '../../domain/renovate/classify.js';
import { prInputFromJson, type PrInput } from '../../domain/renovate/pr-input.js';
import { compareQueueEntries } from '../../domain/renovate/queue.js';
import type { RenovateRule } from '../../domain/renovate/rules.js';
import type { CiState, QueueEntry } from '../../domain/renovate/types.js';
import type { PullLike, RenovateGitea } from './ports.js';

export interface LiveQueueOptions {
  rules?: readonly RenovateRule[];
  apps?: readonly ApplicationView[];
  branchPrefix?: string;
  now?: Date;
  /** Parallel per-PR reads (files, CI). */
  concurrency?: number;
}

export function prInputFromPull(pull: PullLike): PrInput {
  return prInputFromJson(pull)!;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** One PR classified with its changed files (→ affected apps) and its head's CI state. */
export async function classifyLivePull(gitea: RenovateGitea, pull: PullLike, opts: LiveQueueOptions = {}): Promise<{ entry: QueueEntry; files: string[] }> {
  const [files, status] = await Promise.all([gitea.pullFiles(pull.number), gitea.combinedStatus(pull.head.sha).catch(() => null)]);
  const names = files.flatMap((f) => (f.previous_filename && f.previous_filename !== f.filename ? [f.filename, f.previous_filename] : [f.filename]));
  const ci: CiState = ciStateFromCombined(status);
  const entry = classifyPr(prInputFromPull(pull), {
    rules: opts.rules,
    files: names,
    apps: opts.apps,
    repo: gitea.repoName,
    ci,
    branchPrefix: opts.branchPrefix,
    now: opts.now,
  });
  return { entry, files: names };
}

/** Every open PR from the server, classified, in merge order. */
export async function loadLiveQueue(gitea: RenovateGitea, opts: LiveQueueOptions = {}): Promise<QueueEntry[]> {
  const pulls = await gitea.openPulls();
  const entries = await mapLimit(pulls, opts.concurrency ?? 4, async (p) => (await classifyLivePull(gitea, p, opts)).entry);
  return entries.sort(compareQueueEntries);
}
