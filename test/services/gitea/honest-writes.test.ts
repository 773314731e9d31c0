import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WRITE_BOUND_MS, writeBodyEdit, writeBudget } from '../../../src/services/gitea/body-writer.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { GiteaError } from '../../../src/services/gitea/errors.js';
import { DEMO_TOKENS, HumanEditor } from '../../../src/sim/gitea/index.js';
import { startWorld } from './harness.js';
import { lineTick } from './line-tick-edit.js';

type World = Awaited<ReturnType<typeof startWorld>>;
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function world(opts: Parameters<typeof startWorld>[0] = {}): Promise<World> {
  const w = await startWorld({ maintenanceBody: '# x\n\n- [ ] item 1: do it\n', ...opts });
  cleanups.push(() => w.stop());
  return w;
}
const ISSUE = /^\/repos\/ops\/homelab\/issues\/42$/;
// The bound leaves room for retries: a PATCH is sent only while its (5 s) answer is due inside it.
const FAST = { backoffMs: 5, recheckMs: 20, settleMs: 300, deadlineMs: 20_000 };

async function failure(p: Promise<unknown>): Promise<GiteaError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GiteaError);
  return err as GiteaError;
}

describe('a failing server is named as the cause, never "the issue kept changing"', () => {
  it.each(['content-version', 'last-writer-wins'] as const)(
    '500 on every PATCH (%s): the server failure with status and first line, bounded, with backoff',
    async (mode) => {
      const w = await world({ flavor: mode === 'content-version' ? 'gitea-1.26' : 'gitea-1.25' });
      w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'status', status: 500, message: 'database is locked\nstack: …' } });
      const rounds: string[] = [];
      const err = await failure(
        writeBodyEdit(w.client, 42, lineTick('item 1', 'do it'), { mode, maxAttempts: 4, timing: FAST, onRound: (r) => rounds.push(r.what) }),
      );
      expect(err.kind).toBe('server');
      expect(err.line).toMatch(/the server failed 4 writes: 500 database is locked/);
      expect(err.line).not.toMatch(/kept changing|later saves/);
      expect(err.line).not.toContain('\n');
      expect(rounds.filter((r) => r === 'failed')).toHaveLength(4);
      expect(w.sim.recorded.filter((x) => x.method === 'PATCH')).toHaveLength(4);
    },
  );

  it('502 with an HTML page: the status and the page title, not the markup', async () => {
    const w = await world({ flavor: 'gitea-1.25' });
    const html =
      '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx</center></body>\r\n</html>';
    // A proxy in front of Gitea: a raw HTTP server that answers every PATCH with nginx's page.
    const proxy = await rawServer((req, res) => {
      if (req.method === 'PATCH') {
        res.writeHead(502, { 'content-type': 'text/html' });
        res.end(html);
        return;
      }
      void fetch(w.sim.url + req.url, { headers: req.headers as Record<string, string> }).then(async (r) => {
        res.writeHead(r.status, { 'content-type': 'application/json' });
        res.end(await r.text());
      });
    });
    const authed = new GiteaClient({ baseUrl: proxy.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, backoffMs: 5 });
    cleanups.push(() => authed.close());
    const err = await failure(writeBodyEdit(authed, 42, lineTick('item 1', 'do it'), { mode: 'last-writer-wins', maxAttempts: 2, timing: FAST }));
    expect(err.kind).toBe('server');
    expect(err.line).toMatch(/the server failed 2 writes: 502 502 Bad Gateway/);
    expect(err.line).not.toMatch(/<html|<center/);
  });

  it('a reset on every PATCH: a network failure that says the write may still land; bounded', async () => {
    const w = await world({ flavor: 'gitea-1.25' });
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'drop' } });
    const err = await failure(writeBodyEdit(w.client, 42, lineTick('item 1', 'do it'), { mode: 'last-writer-wins', maxAttempts: 3, timing: FAST }));
    expect(err.kind).toBe('network');
    expect(err.line).toMatch(/the server failed 3 writes: .*may still land/);
  });

  it('malformed JSON answering a PATCH that landed: verified in the body, reported ok, sent once', async () => {
    const w = await world({ flavor: 'gitea-1.25' });
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'truncate' } });
    const result = await writeBodyEdit(w.client, 42, lineTick('item 1', 'do it'), { mode: 'last-writer-wins', timing: FAST });
    expect(result.outcome).toBe('ok');
    expect(w.world.issues.get(42)!.body).toBe('# x\n\n- [x] item 1: do it\n');
    expect(w.world.counters.byOperation['PATCH /repos/{owner}/{repo}/issues/{index}']).toBe(1);
  });

  it('a PATCH that hangs every time ends within the bound as a timeout', async () => {
    const w = await world({ flavor: 'gitea-1.25', timeoutMs: 100 });
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'latency', ms: 3_000 } });
    const t0 = Date.now();
    const hang = await failure(writeBodyEdit(w.client, 42, lineTick('item 1', 'do it'), { mode: 'last-writer-wins', timing: { ...FAST, deadlineMs: 800 } }));
    expect(hang.kind).toBe('timeout');
    expect(hang.line).toMatch(/the server failed \d+ writes?: no answer in time/);
    expect(Date.now() - t0).toBeLessThan(8_000);
  });
});

describe('writes are bounded: no PATCH is sent that could only be answered after the bound', () => {
  it('with the default 10 s request deadline the whole edit is held to 30 s', () => {
    expect(WRITE_BOUND_MS).toBe(30_000);
    expect(writeBudget({ requestTimeoutMs: 10_000, backoffMs: 250 }).deadlineMs).toBe(30_000);
    // A longer --timeout still gets its one try.
    expect(writeBudget({ requestTimeoutMs: 60_000, backoffMs: 250 }).deadlineMs).toBe(60_250);
  });

  it('a hanging server: every PATCH starts early enough to be answered within the bound, then one honest line', async () => {
    const w = await world({ flavor: 'gitea-1.25', timeoutMs: 200 });
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'latency', ms: 3_000 } });
    const deadlineMs = 1_000;
    const sentAt: number[] = [];
    const t0 = Date.now();
    const api = {
      writeTiming: w.client.writeTiming,
      getIssue: (n: number) => w.client.getIssue(n),
      editIssueBody: (n: number, b: string, v?: number) => {
        sentAt.push(Date.now() - t0);
        return w.client.editIssueBody(n, b, v);
      },
    };
    // settleMs is the default (two request deadlines): a lost answer blocks the next PATCH for 0.4 s.
    const err = await failure(
      writeBodyEdit(api, 42, lineTick('item 1', 'do it'), { mode: 'last-writer-wins', timing: { backoffMs: 5, recheckMs: 20, deadlineMs } }),
    );
    expect(err.kind).toBe('timeout');
    expect(err.line).toMatch(/the server failed \d+ writes?: no answer in time; an unanswered write may still land/);
    expect(err.line).not.toMatch(/kept changing/);
    expect(sentAt.length).toBeGreaterThanOrEqual(1);
    // Each PATCH was sent while its 0.2 s answer was still due inside the 1 s bound (5 ms: t0 vs the writer's start).
    for (const at of sentAt.slice(1)) expect(at).toBeLessThanOrEqual(deadlineMs - 200 + 5);
  });
});

describe('"nothing was overwritten" only when known', () => {
  it('last-writer-wins: a conflict after an earlier attempt was written says so (wrote: true)', async () => {
    const w = await world({ flavor: 'gitea-1.25' });
    const human = new HumanEditor(w.world, 'renovate');
    // Our PATCH lands; right after it, a person rewrites the very line: the check fails, the next round conflicts.
    let once = true;
    w.sim.onRequest((info) => {
      if (info.method === 'GET' && once && w.world.issues.get(42)!.body.includes('- [x] item 1')) {
        once = false;
        human.edit(42, (b) => b.replace('- [x] item 1: do it', '- [ ] item 1: do it (edited by a human)'));
      }
    });
    const result = await writeBodyEdit(w.client, 42, lineTick('item 1', 'do it'), { mode: 'last-writer-wins', timing: FAST });
    expect(result).toMatchObject({ outcome: 'conflict', wrote: true });
    // With content_version nothing of ours lands unguarded.
    const w2 = await world({ flavor: 'gitea-1.26' });
    new HumanEditor(w2.world).edit(42, (b) => b.replace('item 1: do it', 'item 1: changed'));
    const cv = await writeBodyEdit(w2.client, 42, lineTick('item 1', 'do it'), { mode: 'content-version', timing: FAST });
    expect(cv).toMatchObject({ outcome: 'conflict', wrote: false });
  });
});

async function rawServer(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  );
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
