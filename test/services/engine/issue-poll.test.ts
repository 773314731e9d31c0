import { afterEach, describe, expect, it } from 'vitest';
import { IssueSource, MAX_ISSUE_POLL_MS } from '../../../src/services/engine/issue-source.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { DEMO_TOKENS, GiteaSim, HumanEditor, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import type { GiteaFlavor } from '../../../src/sim/gitea/world.js';
import { createIssueStore } from '../../../src/store/issue-store.js';
import { waitFor } from '../../support/wait.js';

// The live console's issue poll is cheap when nothing changed: Gitea has no ETag on /api/v1, so it
// asks the issue list for what was updated since the last read and fetches the body only when the
// issue is in the answer. The simulator counts requests per route.

const FULL_GET = 'GET /repos/{owner}/{repo}/issues/{index}';
const LIST = 'GET /repos/{owner}/{repo}/issues';
const BODY = '# m\n\n- [ ] **A1 [P1] first**\n- [ ] **A2 [P1] second**\n\n## Change Log\n\n| When | Who | What |\n|---|---|---|\n';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup(flavor: GiteaFlavor = 'gitea-1.26', number: number | null = 42) {
  const sim = new GiteaSim({ world: seedDemoWorld({ flavor, maintenanceBody: BODY }) });
  await sim.start();
  const client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0, timeoutMs: 5_000 });
  cleanups.push(async () => {
    await client.close();
    await sim.stop();
  });
  const store = createIssueStore();
  let clock = 1_000_000;
  const source = new IssueSource({
    client,
    store,
    label: 'maintenance',
    number,
    intervalMs: 600_000,
    probe: { clock: () => clock },
  });
  cleanups.push(() => source.stop());
  const count = (route: string) => sim.world.requests[route] ?? 0;
  return { sim, world: sim.world, client, store, source, count, tick: (ms: number) => (clock += ms) };
}

describe.each(['gitea-1.26', 'gitea-1.25', 'forgejo'] as GiteaFlavor[])('the issue poll on %s', (flavor) => {
  it('idle for 20 polls: zero full issue GETs, one list each, nothing written to the store', async () => {
    const { store, source, count, tick } = await setup(flavor);
    await source.refresh();
    expect(store.getState().body).toBe(BODY);
    const gets = count(FULL_GET);
    const lists = count(LIST);
    let writes = 0;
    store.subscribe(() => writes++);
    for (let i = 0; i < 20; i++) {
      tick(MAX_ISSUE_POLL_MS);
      await source.refresh();
    }
    expect(count(FULL_GET) - gets).toBe(0);
    expect(count(LIST) - lists).toBe(20);
    expect(writes).toBe(0);
    expect(source.probe.unsupported).toBeNull();
  });

  it('an edit, then the body is read once: the change is in the store, attributed, and the next polls are idle again', async () => {
    const { world, store, source, count, tick } = await setup(flavor);
    await source.refresh();
    new HumanEditor(world, 'admin').edit(42, (b) => b.replace('- [ ] **A2', '- [x] **A2'));
    const gets = count(FULL_GET);
    tick(MAX_ISSUE_POLL_MS);
    await source.refresh();
    expect(store.getState().document?.items.find((i) => i.id === 'A2')?.checked).toBe(true);
    expect(store.getState().history.at(-1)?.by).toBe('elsewhere');
    expect(count(FULL_GET) - gets).toBe(1);
    for (let i = 0; i < 5; i++) {
      tick(MAX_ISSUE_POLL_MS);
      await source.refresh();
    }
    expect(count(FULL_GET) - gets).toBe(1);
  });
});

describe('the issue poll and Gitea whole-second updated_at', () => {
  it('a save in the same second as the last read (which W+1 would miss) is found by the settling poll a second later', async () => {
    const { world, store, source, tick } = await setup();
    await source.refresh();
    const read = world.issues.get(42)!.updatedAt;
    // Real Gitea keeps updated_unix in seconds: a save just after our read can carry the same second.
    world.saveBody(42, `${BODY}- same-second note\n`, 'admin');
    world.issues.get(42)!.updatedAt = read;
    // Less than a second later the server may still be in that second: asking for it would return
    // the body on every poll, so this poll asks for the next second and cannot see the save.
    await source.refresh();
    expect(store.getState().body).toBe(BODY);
    tick(1_000);
    await source.refresh();
    expect(store.getState().body).toContain('- same-second note');
  });

  it('an unrelated issue updated later costs its body once, not on every poll', async () => {
    const { world, source, count, tick, sim } = await setup();
    await source.refresh();
    world.saveBody(4, 'dashboard changed', 'renovate');
    sim.record = true;
    for (let i = 0; i < 6; i++) {
      tick(MAX_ISSUE_POLL_MS);
      await source.refresh();
    }
    const answered = sim.recorded.filter((r) => r.template === '/repos/{owner}/{repo}/issues').map((r) => (r.responseBody as unknown[]).length);
    // The first poll settles the second of our read (#42, unchanged) and finds #4, which raises the
    // watermark; the next settles #4's second (#4 again); from then on the answer is empty.
    expect(answered).toEqual([2, 1, 0, 0, 0, 0]);
    expect(count(FULL_GET)).toBe(1);
  });
});

describe('following the newest issue with the label', () => {
  it('a newer open maintenance issue is found by the cheap poll and followed', async () => {
    const { world, store, source, tick } = await setup('gitea-1.26', null);
    await source.refresh();
    expect(store.getState().number).toBe(42);
    world.addIssue({ number: 60, title: 'Maintenance 2', body: BODY, poster: 'admin', labels: ['maintenance'] });
    tick(MAX_ISSUE_POLL_MS);
    await source.refresh();
    expect(store.getState().number).toBe(60);
  });
});

describe('a server whose issue list ignores since', () => {
  it('is noticed on the first poll and every later poll reads the issue in full (edits still arrive)', async () => {
    const { world, store, source, count, tick } = await setup('gitea-1.25');
    world.listSince = false;
    await source.refresh();
    tick(MAX_ISSUE_POLL_MS);
    await source.refresh();
    expect(source.probe.unsupported).toMatch(/ignores since/);
    const gets = count(FULL_GET);
    const lists = count(LIST);
    new HumanEditor(world, 'admin').edit(42, (b) => `${b}- note\n`);
    for (let i = 0; i < 3; i++) {
      tick(MAX_ISSUE_POLL_MS);
      await source.refresh();
    }
    expect(store.getState().body).toContain('- note');
    expect(count(FULL_GET) - gets).toBe(3);
    expect(count(LIST) - lists).toBe(0);
  });
});

describe('the live console sees a human edit within 5 s', () => {
  it('saved just after a poll (the worst moment), it is in the store before 5 s have passed', async () => {
    const { world, sim, store, client } = await setup();
    // The real clock and the interval the live console polls at.
    const live = new IssueSource({ client, store, label: 'maintenance', number: 42, intervalMs: MAX_ISSUE_POLL_MS });
    cleanups.push(() => live.stop());
    live.start();
    await waitFor(() => store.getState().body === BODY, { what: 'the first read' });
    const human = new HumanEditor(world, 'admin');
    let savedAt = 0;
    const off = sim.onRequest((info) => {
      if (info.template !== '/repos/{owner}/{repo}/issues' || savedAt) return;
      // Just after this poll is answered, a person saves.
      setTimeout(() => {
        human.edit(42, (b) => `${b}| 12:00 | admin | checked the UPS |\n`);
        savedAt = Date.now();
      }, 20);
    });
    cleanups.push(() => void off());
    await waitFor(() => store.getState().body?.includes('checked the UPS'), { what: 'the human edit in the store', timeoutMs: 10_000 });
    const seenAfter = Date.now() - savedAt;
    expect(seenAfter).toBeLessThan(5_000);
    expect(store.getState().history.at(-1)).toMatchObject({ by: 'elsewhere', who: ['admin'] });
  }, 20_000);
});
