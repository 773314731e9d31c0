import { DASHBOARD_TITLE } from '../../domain/renovate/dashboard.js';
import type { GiteaClient } from '../gitea/client.js';
import { issueListSchema } from '../gitea/schemas.js';

/**
 * The open issue titled "Dependency Dashboard" (how Renovate finds its own). Read-only: the console
 * shows its items and never edits, ticks or closes it (Renovate rewrites it on every run).
 */
export async function findLiveDashboard(client: GiteaClient, title = DASHBOARD_TITLE): Promise<{ number: number; title: string; body: string } | null> {
  const path = `/repos/${encodeURIComponent(client.repo.owner)}/${encodeURIComponent(client.repo.name)}/issues`;
  for await (const issue of client.pages(path, issueListSchema, 'GET open issues (Dependency Dashboard)', { state: 'open', type: 'issues', q: title }, 200)) {
    if (!issue.pull_request && issue.title === title) return { number: issue.number, title: issue.title, body: issue.body };
  }
  return null;
}
