import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import { stepOutcomeEdit } from '../../../src/domain/issue/edits/step-edit.js';
import type { ActionItem } from '../../../src/domain/issue/types.js';
import { writeBodyEdit } from '../../../src/services/gitea/body-writer.js';
import { ConsoleSession } from '../../../src/services/engine/console-session.js';
import { loadIssueCopy } from '../../../src/services/journal/issue-copy.js';
import { Journal } from '../../../src/services/journal/journal.js';
import { DEMO_TOKENS, HumanEditor } from '../../../src/sim/gitea/index.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { createStores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';
import { startWorld } from '../gitea/harness.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function setup() {
  const w = await startWorld({ retries: 0, timeoutMs: 2_000 });
  cleanups.push(() => w.stop().catch(() => undefined));
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gitea-offline-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const journal = new Journal(path.join(dir, 'journal.jsonl'));
  const copyFile = path.join(dir, 'issue-copy.json');
  const port = Number(new URL(w.sim.url).port);
  /** A console process: its own client (closed with the session), the same state dir. */
  const open = async () => {
    const client = new GiteaClient({
      baseUrl: w.sim.url,
      token: DEMO_TOKENS.admin,
      repo: { owner: 'ops', name: 'homelab' },
      retries: 0,
      backoffMs: 5,
      timeoutMs: 2_000,
    });
    const stores = createStores();
    const s = new ConsoleSession({
      stores,
      mode: 'WRITE',
      gitea: { client, label: 'maintenance', issue: 42, pollMs: 200, rules: [] },
      kube: null,
      ceph: null,
      thresholds: DEFAULT_THRESHOLDS,
      journal,
      offline: { copyFile, retryMs: 50, maxRetryMs: 200 },
    });
    await s.start();
    cleanups.push(() => s.close());
    return { stores, s, client };
  };
  return { w, journal, copyFile, port, open };
}

const done = (item: ActionItem, note: string, min: number) =>
  stepOutcomeEdit({
    kind: 'done',
    item: { id: item.id, title: item.title, priority: item.priority, layer: item.layer },
    stamp: { at: new Date(Date.UTC(2026, 11, 3, 14, min)), timeZone: 'UTC' },
    note,
    action: `${item.id}: ${item.title}`,
    result: note,
  });

describe('working from a copy while Gitea is unreachable (session against the Gitea simulator)', () => {
  it('queues the edits of a session whose Gitea stops, refuses merges and closure, and writes them in order, once, beside a human edit, when it is back', async () => {
    const { w, copyFile, port, open } = await setup();
    const { stores, s, client } = await open();
    await waitFor(() => stores.issue.getState().document, { what: 'the issue read' });
    await waitFor(() => existsSync(copyFile), { what: 'the copy saved' });
    expect(loadIssueCopy(copyFile)?.body).toBe(w.world.issues.get(42)!.body);
    const [a, b] = stores.issue.getState().document!.items.filter((i) => !i.checked);

    await w.sim.stop();
    const r1 = await writeBodyEdit(client, 42, done(a!, 'first while down', 1), { mode: stores.issue.getState().editMode ?? 'last-writer-wins' });
    expect(r1.outcome).toBe('queued');
    const r2 = await writeBodyEdit(client, 42, done(b!, 'second while down', 2), { mode: 'last-writer-wins' });
    expect(r2).toMatchObject({ outcome: 'queued', queued: 2 });
    const off = stores.issue.getState().offline!;
    expect(off).toMatchObject({ reachable: false, queued: 2 });
    expect(off.copyAt).not.toBeNull();
    // The items pane shows the queued ticks on the copy; the header says they are queued.
    expect(stores.issue.getState().document!.items.find((i) => i.id === a!.id)!.checked).toBe(true);
    expect(s.arbiter.refusal('merge')).toMatch(/^Gitea unreachable/);
    expect(s.arbiter.refusal('closure')).toMatch(/^Gitea unreachable/);
    expect(s.arbiter.refusal('step')).toBeNull();

    // A person saves a note in the web UI meanwhile (Gitea itself is up for them, the console's path is not).
    new HumanEditor(w.world, 'admin').edit(42, (body) =>
      body.replace('## Change Log', '> a human note, saved while the console could not reach Gitea\n\n## Change Log'),
    );

    await w.sim.start(port);
    await waitFor(() => stores.issue.getState().offline === null, { what: 'the queue written and the header clear', timeoutMs: 15_000 });
    const body = w.world.issues.get(42)!.body;
    expect(body).toContain('> a human note, saved while the console could not reach Gitea');
    const first = body.indexOf('first while down |');
    const second = body.indexOf('second while down |');
    expect(first).toBeGreaterThan(0);
    expect(second).toBeGreaterThan(first);
    expect(body.split('first while down |').length).toBe(2);
    expect(body.split('second while down |').length).toBe(2);
    expect(s.arbiter.refusal('merge')).toBeNull();
    await waitFor(() => stores.issue.getState().body === body, { what: 'the console showing the body Gitea has' });
  });

  it('a console started while Gitea is down opens on the copy and resumes the queue it left', async () => {
    const { w, port, open, journal } = await setup();
    const first = await open();
    await waitFor(() => first.stores.issue.getState().document, { what: 'the issue read' });
    const item = first.stores.issue.getState().document!.items.find((i) => !i.checked)!;
    await w.sim.stop();
    expect((await writeBodyEdit(first.client, 42, done(item, 'queued before the restart', 3), { mode: 'last-writer-wins' })).outcome).toBe('queued');
    await first.s.close();

    const again = await open();
    await waitFor(() => again.stores.issue.getState().offline?.reachable === false, { what: 'unreachable said' });
    await waitFor(() => again.stores.issue.getState().document?.items.find((i) => i.id === item.id)?.checked, {
      what: 'the copy shown, the queued tick on it',
    });
    expect(again.stores.issue.getState().offline).toMatchObject({ queued: 1 });

    await w.sim.start(port);
    await waitFor(() => again.stores.issue.getState().offline === null, { what: 'the resumed queue written', timeoutMs: 15_000 });
    expect(w.world.issues.get(42)!.body.split('queued before the restart |').length).toBe(2);
    const settled = journal.read().entries.filter((e) => e.type === 'event' && e.event === 'edit-replayed');
    expect(settled.map((e) => (e.type === 'event' ? e.edit?.outcome : null))).toEqual(['applied']);
  });
});
