import { afterEach, describe, expect, it } from 'vitest';
import { writeBodyEdit } from '../../../src/services/gitea/body-writer.js';
import { GiteaError } from '../../../src/services/gitea/errors.js';
import { DEMO_TOKENS } from '../../../src/sim/gitea/index.js';
import { lineTick } from './line-tick-edit.js';
import { startWorld } from './harness.js';

type World = Awaited<ReturnType<typeof startWorld>>;
let w: World | undefined;
const logs: string[] = [];
afterEach(async () => {
  await w?.stop();
  w = undefined;
  logs.length = 0;
});

async function failure(p: Promise<unknown>): Promise<GiteaError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GiteaError);
  return err as GiteaError;
}

const ISSUE = /^\/repos\/ops\/homelab\/issues\/42$/;

describe('faults give typed errors, bounded read retries, no blind write retries, no token in text', () => {
  it.each([
    ['5xx', { kind: 'status', status: 502 } as const, 'server'],
    ['dropped connection', { kind: 'drop' } as const, 'network'],
    ['truncated body', { kind: 'truncate' } as const, 'bad-response'],
  ])('%s on a read: retried, then a typed error when it persists', async (_name, fault, kind) => {
    w = await startWorld({ retries: 2, log: (l) => logs.push(l) });
    w.sim.faults.add({ method: 'GET', path: ISSUE, fault, times: 2 });
    expect((await w.client.getIssue(42)).number).toBe(42);
    w.sim.faults.add({ method: 'GET', path: ISSUE, fault });
    const err = await failure(w.client.getIssue(42));
    expect(err.kind).toBe(kind);
    expect(err.line).toMatch(/^Gitea: GET issue #42: /);
    expect(err.line).not.toContain('\n');
  });

  it('latency beyond the deadline is a timeout', async () => {
    w = await startWorld({ retries: 0, timeoutMs: 150 });
    w.sim.faults.add({ method: 'GET', path: ISSUE, fault: { kind: 'latency', ms: 600 } });
    expect((await failure(w.client.getIssue(42))).kind).toBe('timeout');
  });

  it('a write is sent once, even when its answer is lost', async () => {
    w = await startWorld({ retries: 3 });
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'truncate' } });
    const before = w.world.counters.attempted;
    const err = await failure(w.client.editIssueBody(42, 'new body', 0));
    expect(err.kind).toBe('bad-response');
    expect(w.world.counters.attempted - before).toBe(1);
    // …and it did happen: the caller must re-read, which the body writer does.
    expect(w.world.issues.get(42)!.body).toBe('new body');

    w.sim.faults.add({ method: 'POST', path: /\/merge$/, fault: { kind: 'drop' } });
    const merge = await failure(w.client.mergePull(45, { headSha: w.world.issues.get(45)!.pull!.headSha }));
    expect(merge.kind).toBe('network');
    expect(merge.message).toMatch(/re-read the PR/);
    expect(w.world.counters.byOperation['POST /repos/{owner}/{repo}/pulls/{index}/merge'] ?? 0).toBe(0);
  });

  it('the body writer survives faults mid-edit without crashing or double-applying', async () => {
    w = await startWorld({ retries: 2, maintenanceBody: '# x\n\n- [ ] item 1: do it\n' });
    w.sim.faults.add({ method: 'GET', path: ISSUE, fault: { kind: 'status', status: 503 }, times: 1 });
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'status', status: 500 }, times: 1 });
    const edit = lineTick('item 1', 'do it');
    // GET 503 is retried by the transport; PATCH 500 is not re-sent but looked at, then re-applied.
    const result = await writeBodyEdit(w.client, 42, edit, { mode: 'content-version' });
    expect(result).toMatchObject({ outcome: 'ok', attempts: 2 });
    expect(w.world.issues.get(42)!.body).toBe('# x\n\n- [x] item 1: do it\n');
    // Two PATCHes reached the server (the first one answered by the injected 500), one was applied.
    expect(w.sim.recorded.filter((x) => x.method === 'PATCH').map((x) => x.status)).toEqual([500, 201]);
    expect(w.world.counters.byOperation['PATCH /repos/{owner}/{repo}/issues/{index}']).toBe(1);
  });

  it('a PATCH whose answer is lost but which landed is recognised, not sent again', async () => {
    w = await startWorld({ maintenanceBody: '- [ ] item 1: do it\n' });
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'truncate' }, times: 1 });
    for (const mode of ['content-version', 'last-writer-wins'] as const) {
      const result = await writeBodyEdit(w.client, 42, lineTick('item 1', 'do it'), { mode });
      expect(result).toMatchObject({ outcome: 'ok' });
    }
    expect(w.world.counters.byOperation['PATCH /repos/{owner}/{repo}/issues/{index}']).toBe(1);
    expect(w.world.issues.get(42)!.body).toBe('- [x] item 1: do it\n');
  });

  it('never puts the token in an error, a log line or an exchange it reports', async () => {
    w = await startWorld({ retries: 1, log: (l) => logs.push(l) });
    const token = DEMO_TOKENS.admin;
    // A server that echoes the token back in its error text.
    w.sim.faults.add({ method: 'GET', path: ISSUE, fault: { kind: 'status', status: 500, message: `bad auth header: token ${token}` } });
    const err = await failure(w.client.getIssue(42));
    expect(err.message).not.toContain(token);
    expect(err.line).not.toContain(token);
    expect(String(err.stack)).not.toContain(token);
    w.sim.faults.add({ method: 'GET', path: /\/pulls\/44$/, fault: { kind: 'status', status: 403, message: `Authorization: token ${token}` } });
    const forbidden = await failure(w.client.getPull(44));
    expect(forbidden.kind).toBe('forbidden');
    expect(forbidden.line).not.toContain(token);
    await w.client.getPull(43);
    expect(logs.length).toBeGreaterThan(2);
    expect(logs.join('\n')).not.toContain(token);
  });

  it('a wrong token is an auth error that says to check the token (without showing it)', async () => {
    w = await startWorld();
    const { GiteaClient } = await import('../../../src/services/gitea/client.js');
    const bad = new GiteaClient({ baseUrl: w.sim.url, token: 'not-the-right-token-123', repo: { owner: 'ops', name: 'homelab' } });
    const err = await failure(bad.currentUser());
    expect(err.kind).toBe('auth');
    expect(err.line).toMatch(/check the token/);
    expect(err.line).not.toContain('not-the-right-token-123');
    await bad.close();
  });

  it('connection refused is a network error', async () => {
    w = await startWorld({ retries: 0 });
    const url = w.sim.url;
    await w.sim.stop();
    const { GiteaClient } = await import('../../../src/services/gitea/client.js');
    const c = new GiteaClient({ baseUrl: url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0 });
    expect((await failure(c.serverVersion())).kind).toBe('network');
    await c.close();
  });
});
