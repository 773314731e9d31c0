import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { observeWrites, repairLateWrite, writeBodyEdit } from '../../../src/services/gitea/body-writer.js';
import { journalWrites } from '../../../src/services/journal/in-flight.js';
import { stepRecords, type JournalEntry } from '../../../src/services/journal/journal.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { HumanEditor } from '../../../src/sim/gitea/index.js';
import { waitFor } from '../../support/wait.js';
import { startWorld } from './harness.js';
import { lineTick } from './line-tick-edit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const ISSUE = /^\/repos\/ops\/homelab\/issues\/42$/;
const BODY = '# x\n\n- [ ] item 1: do it\n- [ ] item 2: other\n\nnotes:\n';
const tick = () => lineTick('item 1', 'do it');

/**
 * The slow Gitea 1.25 race: the console's first PATCH times out and lands much later with the body
 * it was computed from, over notes a person saved meanwhile.
 */
describe('no late write lands unseen (last-writer-wins, on the Gitea simulator)', () => {
  it('a timed-out PATCH is not followed by another until it lands; the notes it erased are put back', async () => {
    const w = await startWorld({ flavor: 'gitea-1.25', maintenanceBody: BODY, timeoutMs: 400 });
    cleanups.push(() => w.stop());
    const human = new HumanEditor(w.world, 'renovate');
    const patches: number[] = [];
    let sent = false;
    let reads = 0;
    // The first PATCH is held 1 s (its client gives up after 0.4 s) and then applied.
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'latency', ms: 1_000 }, times: 1 });
    w.sim.world.events.on('request', (r: { method: string }) => {
      if (r.method === 'PATCH') patches.push(Date.now());
    });
    const client = w.client;
    const api = {
      writeTiming: client.writeTiming,
      getIssue: (n: number) => client.getIssue(n),
      editIssueBody: (n: number, b: string, v?: number) => {
        sent = true;
        return client.editIssueBody(n, b, v);
      },
    };
    // While the first PATCH is in flight, a person saves twice (on the console's 1st and 3rd look).
    w.sim.onRequest((info) => {
      if (info.method !== 'GET' || !sent || w.world.issues.get(42)!.body.includes('- [x] item 1')) return;
      reads++;
      if (reads === 1) human.edit(42, (b) => `${b}- human note at 0.1 s\n`);
      if (reads === 3) human.edit(42, (b) => `${b}- human note at 0.7 s\n`);
    });
    // Every body write is journaled in flight, the repair too.
    const entries: JournalEntry[] = [];
    observeWrites(api, journalWrites({ append: (e) => entries.push(e) }));
    const t0 = Date.now();
    const rounds: string[] = [];
    const result = await writeBodyEdit(api, 42, tick(), { mode: 'last-writer-wins', onRound: (r) => rounds.push(r.what) });
    expect(result.outcome).toBe('ok');
    const body = w.world.issues.get(42)!.body;
    expect(body).toContain('- [x] item 1: do it');
    expect(body).toContain('- human note at 0.1 s');
    expect(body).toContain('- human note at 0.7 s');
    expect(result.lateWrites).toEqual([{ lines: ['- human note at 0.1 s', '- human note at 0.7 s'], restored: true }]);
    expect(rounds).toContain('restored');
    // No second write was sent while the first could still land: the next PATCH (the repair) came after it.
    expect(patches.length).toBe(2);
    expect(patches[0]! - t0).toBeGreaterThanOrEqual(1_000);
    expect(reads).toBeGreaterThanOrEqual(3);
    const records = stepRecords(entries);
    const repair = records.find((r) => r.intent.title.includes('put back 2 line(s)'));
    expect(records).toHaveLength(2);
    expect(repair?.events.find((e) => e.lines)?.lines?.adds).toEqual(['- human note at 0.1 s', '- human note at 0.7 s']);
    expect(repair?.outcome?.status).toBe('passed');
  });

  it('a late write after the writer stopped waiting is caught by the next read and repaired', async () => {
    const w = await startWorld({ flavor: 'gitea-1.25', maintenanceBody: BODY, timeoutMs: 200 });
    cleanups.push(() => w.stop());
    const human = new HumanEditor(w.world, 'renovate');
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'latency', ms: 1_200 }, times: 1 });
    setTimeout(() => human.edit(42, (b) => `${b}- note saved at 0.1 s\n`), 100);
    // A short window: the writer gives the first PATCH up for dead and writes again (and succeeds).
    const result = await writeBodyEdit(w.client, 42, tick(), { mode: 'last-writer-wins', timing: { settleMs: 300, recheckMs: 20 } });
    expect(result.outcome).toBe('ok');
    setTimeout(() => human.edit(42, (b) => `${b}- note saved at 1.0 s\n`), 1_000 - 300);
    // The poller reads the issue; its reads go through repairLateWrite.
    await waitFor(async () => w.world.counters.byOperation['PATCH /repos/{owner}/{repo}/issues/{index}'] === 2 || null, {
      what: 'the late PATCH landing',
      timeoutMs: 5_000,
    });
    const seen: unknown[] = [];
    await waitFor(
      async () => {
        const late = await repairLateWrite(w.client, 42, await w.client.getIssue(42));
        if (late) seen.push(late.late);
        return w.world.issues.get(42)!.body.includes('- note saved at 0.1 s') || null;
      },
      { what: 'the erased note put back' },
    );
    const body = w.world.issues.get(42)!.body;
    expect(body).toContain('- [x] item 1: do it');
    expect(seen).toEqual([{ lines: expect.arrayContaining(['- note saved at 0.1 s']), restored: true }]);
  });
});

/** An independent, minimal last-writer-wins Gitea: one issue, GET and PATCH, a programmable delay per PATCH. */
async function minimalGitea(initial: string) {
  let body = initial;
  const delays: number[] = [];
  let applied = 0;
  const issue = () => ({
    id: 1,
    number: 1,
    title: 'm',
    body,
    state: 'open',
    labels: [],
    html_url: 'http://x/o/r/issues/1',
    created_at: '2026-01-01T00:00:00Z',
    updated_at: '2026-01-01T00:00:00Z',
    user: { id: 1, login: 'admin' },
  });
  const send = (res: ServerResponse, status: number, json: unknown) => {
    if (res.destroyed) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(json));
  };
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/api/v1/version') return send(res, 200, { version: '1.25.3' });
      if (req.url !== '/api/v1/repos/o/r/issues/1') return send(res, 404, { message: 'not found' });
      if (req.method === 'GET') return send(res, 200, issue());
      if (req.method === 'PATCH') {
        const text = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { body: string }).body;
        // The server keeps working on a request whose client has gone (as Gitea's handlers do).
        setTimeout(() => {
          body = text;
          applied++;
          send(res, 201, issue());
        }, delays.shift() ?? 0);
        return;
      }
      send(res, 405, {});
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    delays,
    get body() {
      return body;
    },
    set body(v: string) {
      body = v;
    },
    get applied() {
      return applied;
    },
  };
}

describe('no late write lands unseen (an independent minimal fake Gitea)', () => {
  it('the slow-server race loses nothing: both human notes and the tick are in the final body', async () => {
    const fake = await minimalGitea(BODY);
    const client = new GiteaClient({ baseUrl: fake.url, token: 't', repo: { owner: 'o', name: 'r' }, timeoutMs: 300, backoffMs: 10 });
    cleanups.push(() => client.close());
    fake.delays.push(1_100);
    // A person saves twice in the web UI (no API involved) while the first PATCH is in flight.
    setTimeout(() => (fake.body = `${fake.body}- first human note\n`), 100);
    setTimeout(() => (fake.body = `${fake.body}- second human note\n`), 800);
    const result = await writeBodyEdit(client, 1, tick(), { mode: 'last-writer-wins' });
    expect(result.outcome).toBe('ok');
    // Once everything has landed, a last read (what the poller does) finds nothing to repair.
    await waitFor(() => fake.applied >= 1 || null, { what: 'the slow PATCH applied' });
    await repairLateWrite(client, 1, await client.getIssue(1));
    expect(fake.body).toContain('- [x] item 1: do it');
    expect(fake.body).toContain('- first human note');
    expect(fake.body).toContain('- second human note');
  });
});
