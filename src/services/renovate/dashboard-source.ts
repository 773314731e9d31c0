import { DASHBOARD_TITLE, openDashboardItems, parseDependencyDashboard } from '../../domain/renovate/dashboard.js';
import type { QueueStore } from '../../store/queue-store.js';
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

/**
 * Reads the Dependency Dashboard into `QueueStore.dashboard` (its open items, for the Renovate
 * pane). Errors leave the previous value; the queue's liveness belongs to the PR poller.
 */
export async function refreshDashboardInto(client: GiteaClient, store: QueueStore): Promise<void> {
  const issue = await findLiveDashboard(client);
  if (!issue) {
    store.setState({ dashboard: null });
    return;
  }
  const items = openDashboardItems(parseDependencyDashboard(issue.body)).map((e) => ({ section: e.section, text: e.text, checked: e.checked }));
  store.setState({ dashboard: { number: issue.number, title: issue.title, items } });
}
