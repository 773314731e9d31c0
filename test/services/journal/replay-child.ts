// Run as a child by replay-crash.test.ts (bundled with esbuild): a console's offline queue over a
// Gitea client whose writes are journaled in flight, as the session wires them. It resumes what
// the journal left queued and replays it; each settled edit is said on stdout.
import { attachOfflineQueue, observeWrites } from '../../../src/services/gitea/body-writer.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { OfflineQueue } from '../../../src/services/gitea/offline-queue.js';
import { journalWrites } from '../../../src/services/journal/in-flight.js';
import { Journal } from '../../../src/services/journal/journal.js';

const journal = new Journal(process.env.JOURNAL_FILE!);
const client = new GiteaClient({
  baseUrl: process.env.GITEA_URL!,
  token: process.env.GITEA_TOKEN!,
  repo: { owner: 'ops', name: 'homelab' },
  retries: 0,
  timeoutMs: 60_000,
});
observeWrites(client, journalWrites(journal));
const queue = new OfflineQueue({
  api: client,
  reachability: client.http.reachability,
  journal,
  mode: () => 'content-version',
  onSettled: (_q, outcome) => {
    process.stdout.write(`settled:${outcome}\n`);
    void client.close().then(() => process.exit(0));
  },
});
attachOfflineQueue(client, queue);
process.stdout.write(`resumed:${queue.queued.length}\n`);
queue.start();
