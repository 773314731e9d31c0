import { prInputFromJson } from '../../domain/renovate/pr-input.js';
import { recognise } from '../../domain/renovate/renovate-pr.js';
import type { MergedPr } from '../../store/queue-store.js';
import type { GiteaClient } from '../gitea/client.js';
import { pullRequestListSchema } from '../gitea/schemas.js';

/** How far back the console looks for merged Renovate PRs, and how many it keeps. */
const LOOK_BACK = 30;
const KEEP = 8;

/** Renovate PRs merged most recently (closed PRs by last update, newest first): rollback candidates. */
export async function recentMergedPulls(client: GiteaClient, branchPrefix?: string): Promise<MergedPr[]> {
  const path = `/repos/${encodeURIComponent(client.repo.owner)}/${encodeURIComponent(client.repo.name)}/pulls`;
  const merged: MergedPr[] = [];
  for await (const pull of client.pages(
    path,
    pullRequestListSchema,
    'GET recently closed pull requests',
    { state: 'closed', sort: 'recentupdate' },
    LOOK_BACK,
  )) {
    if (!pull.merged) continue;
    const input = prInputFromJson(pull);
    if (!input || !recognise(input, branchPrefix ? { branchPrefix } : {}).renovate) continue;
    merged.push({
      number: pull.number,
      title: pull.title,
      mergedAt: pull.merged_at ?? null,
      mergeSha: pull.merge_commit_sha ?? null,
      headBranch: pull.head.ref ?? null,
    });
    if (merged.length >= KEEP) break;
  }
  return merged.sort((a, b) => (b.mergedAt ?? '').localeCompare(a.mergedAt ?? ''));
}
