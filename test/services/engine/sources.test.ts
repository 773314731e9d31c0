import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IssueSource } from '../../../src/services/engine/issue-source.js';
import { QueueSource } from '../../../src/services/engine/queue-source.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import { createIssueStore } from '../../../src/store/issue-store.js';
import { createQueueStore } from '../../../src/store/queue-store.js';
import { describeLiveness } from '../../../src/ui/liveness.js';

// The pollers on the simulated Gitea: a poll that finds nothing new writes nothing (every store
// write costs the console a frame), a change is written, and "updated N s ago" stays truthful.

let sim: GiteaSim;
let client: GiteaClient;
let t: number;
const now = () => t;

beforeEach(async () => {
  sim = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: '# m\n\n- [ ] **A1 [P1] first**\n' }) });
  await sim.start();
  client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0, timeoutMs: 5_000 });
  t = 1_000_000;
});

afterEach(async () => {
  await client.close();
  await sim.stop();
});

function countWrites(store: { subscribe(l: () => void): () => void }) {
  let n = 0;
  store.subscribe(() => n++);
  return () => n;
}

describe('IssueSource', () => {
  it('writes nothing on an unchanged poll, the new body on a change, and keeps "updated" honest', async () => {
    const store = createIssueStore();
    const source = new IssueSource({ client, store, label: 'maintenance', number: null, intervalMs: 600_000, now });
    source.start();
    await source.refresh();
    expect(store.getState().number).toBe(42);
    expect(store.getState().liveness.state).toBe('live');
    const writes = countWrites(store);

    t += 5_000;
    await source.refresh();
    await source.refresh();
    expect(writes()).toBe(0);
    // Checked just now, though nothing was written.
    expect(describeLiveness(store.getState().liveness, t).text).toBe('updated 0 s ago');
    expect(describeLiveness(store.getState().liveness, t + 3_000).text).toBe('updated 3 s ago');

    const before = store.getState().contentVersion;
    sim.world.saveBody(42, '# m\n\n- [x] **A1 [P1] first**\n', 'admin');
    await source.refresh();
    expect(writes()).toBe(1);
    expect(store.getState().body).toContain('- [x] **A1');
    expect(store.getState().contentVersion).not.toBe(before);
    source.stop();
  });
});

describe('QueueSource', () => {
  it('writes nothing when the PRs, merged list and dashboard are unchanged; writes a change', async () => {
    const store = createQueueStore();
    const source = new QueueSource({ client, store, rules: [], apps: () => [], intervalMs: 600_000, now });
    source.start();
    await source.refresh();
    const first = store.getState();
    expect(first.prs.length).toBeGreaterThan(0);
    expect(first.dashboard).not.toBeNull();
    const writes = countWrites(store);

    t += 5_000;
    await source.refresh();
    expect(writes()).toBe(0);
    expect(describeLiveness(store.getState().liveness, t).text).toBe('updated 0 s ago');

    // A PR merged elsewhere: the open list and the merged list both change.
    const pr = first.prs[0]!.number;
    const issue = sim.world.issues.get(pr)!;
    sim.world.merge(issue, 'admin', `Merge pull request #${pr}`, true);
    await source.refresh();
    expect(writes()).toBeGreaterThan(0);
    expect(store.getState().prs.map((p) => p.number)).not.toContain(pr);
    source.stop();
  });
});
