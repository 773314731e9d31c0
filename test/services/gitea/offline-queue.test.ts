import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stepOutcomeEdit } from '../../../src/domain/issue/edits/step-edit.js';
import { tickItem } from '../../../src/domain/issue/edits/item-edits.js';
import type { BodyEdit } from '../../../src/domain/issue/types.js';
import { attachOfflineQueue, writeBodyEdit, type IssueBodyApi } from '../../../src/services/gitea/body-writer.js';
import { GiteaError } from '../../../src/services/gitea/errors.js';
import { OfflineQueue, type Settled } from '../../../src/services/gitea/offline-queue.js';
import { Reachability } from '../../../src/services/gitea/reachability.js';
import { InFlight } from '../../../src/services/journal/in-flight.js';
import { bodyLines } from '../../../src/domain/steps/in-flight.js';
import { specOf } from '../../../src/domain/issue/edits/spec.js';
import { Journal, unknownOutcomes } from '../../../src/services/journal/journal.js';
import { smallBody } from '../../support/small-body.js';
import { waitFor } from '../../support/wait.js';

const BODY = smallBody({ items: ['A1', 'A2'], status: true });

/** A Gitea that can be switched off: while down every call fails as a refused connection does. */
class FakeGitea implements IssueBodyApi {
  body = BODY;
  down = false;
  patches = 0;
  readonly reachability = new Reachability();
  readonly writeTiming = { requestTimeoutMs: 200, backoffMs: 5 };
  private gate(): void {
    if (this.down) {
      const err = new GiteaError('network', 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:3000');
      this.reachability.failed(err);
      throw err;
    }
    this.reachability.answered();
  }
  async getIssue() {
    this.gate();
    return { body: this.body };
  }
  /** The next PATCH lands, then the connection drops before its answer (and Gitea goes away). */
  loseAnswer = false;
  async editIssueBody(_n: number, body: string) {
    this.gate();
    this.patches++;
    this.body = body;
    if (this.loseAnswer) {
      this.loseAnswer = false;
      this.down = true;
      this.gate();
    }
    return { body };
  }
}

const dirs: string[] = [];
const stops: Array<() => void> = [];
afterEach(() => {
  while (stops.length) stops.pop()!();
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

function journal(): Journal {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'offline-queue-'));
  dirs.push(dir);
  return new Journal(path.join(dir, 'journal.jsonl'));
}

function queueOn(gitea: FakeGitea, j: Journal | null, settled: Array<[string, Settled, string]> = []) {
  const q = new OfflineQueue({
    api: gitea,
    reachability: gitea.reachability,
    journal: j,
    mode: () => 'last-writer-wins',
    retryMs: 20,
    maxRetryMs: 40,
    onSettled: (e, outcome, detail) => settled.push([e.description, outcome, detail]),
  });
  const detach = attachOfflineQueue(gitea, q);
  q.start();
  stops.push(() => {
    q.stop();
    detach();
  });
  return q;
}

const stamp = (min: number) => ({ at: new Date(Date.UTC(2026, 11, 3, 14, min)), timeZone: 'UTC' });
const done = (id: string, min: number): BodyEdit =>
  stepOutcomeEdit({
    kind: 'done',
    item: { id, title: id === 'A1' ? 'First step' : 'Second step' },
    stamp: stamp(min),
    note: `${id} ok`,
    action: `${id} ran`,
    result: `${id} ok`,
    status: 'YELLOW',
  });
const write = (g: FakeGitea, e: BodyEdit) => writeBodyEdit(g, 42, e, { mode: 'last-writer-wins', timing: { recheckMs: 0 } });

describe('offline queue', () => {
  it('queues while Gitea is unreachable and replays in order, each once, when it answers', async () => {
    const g = new FakeGitea();
    const q = queueOn(g, journal());
    g.down = true;
    expect((await write(g, done('A1', 1))).outcome).toBe('queued');
    expect((await write(g, done('A2', 2))).outcome).toBe('queued');
    expect(q.queued.map((e) => e.description)).toEqual(['done A1: A1 ok', 'done A2: A2 ok']);
    expect(q.retryAt).not.toBeNull();
    g.down = false;
    await waitFor(() => q.queued.length === 0, { what: 'the queue to drain' });
    expect(g.body).toMatch(/- \[x\] \*\*A1 P1 Storage\*\*: First step \*\(completed 2026-12-03 14:01 UTC — A1 ok\)\*/);
    expect(g.body).toMatch(/- \[x\] \*\*A2 P1 Storage\*\*/);
    const rows = g.body.split('\n').filter((l) => /\| A[12] ran \|/.test(l));
    expect(rows).toEqual([expect.stringContaining('A1 ran'), expect.stringContaining('A2 ran')]);
    expect(g.body).toContain('🟡 YELLOW');
  });

  it('a write made while edits wait goes behind them, even with Gitea back', async () => {
    const g = new FakeGitea();
    const q = queueOn(g, null);
    g.down = true;
    await write(g, done('A1', 1));
    q.stop(); // hold the replay: Gitea is back but the first edit still waits
    g.down = false;
    g.reachability.answered();
    expect((await write(g, done('A2', 2))).outcome).toBe('queued');
    q.start();
    await waitFor(() => q.queued.length === 0, { what: 'the queue to drain' });
    const a1 = g.body.indexOf('| A1 ran |');
    const a2 = g.body.indexOf('| A2 ran |');
    expect(a1).toBeGreaterThan(0);
    expect(a2).toBeGreaterThan(a1);
  });

  it('an edit already in the body is not applied again (at most once)', async () => {
    const g = new FakeGitea();
    const settled: Array<[string, Settled, string]> = [];
    const q = queueOn(g, null, settled);
    // Its write landed, and the answer was lost with the connection: the writer queues it.
    g.loseAnswer = true;
    expect((await write(g, done('A1', 1))).outcome).toBe('queued');
    expect(g.body.split('| A1 ran |').length).toBe(2);
    const before = g.body;
    g.down = false;
    await waitFor(() => q.queued.length === 0, { what: 'the queue to drain' });
    expect(g.body).toBe(before);
    expect(g.body.split('| A1 ran |').length).toBe(2);
    expect(settled.map((s) => s[1])).toEqual(['already']);
  });

  it('the same action twice while Gitea is down (same minute, same words) is two rows: at most once per edit, not per text', async () => {
    const g = new FakeGitea();
    const settled: Array<[string, Settled, string]> = [];
    const q = queueOn(g, journal(), settled);
    g.down = true;
    const run = (): BodyEdit =>
      stepOutcomeEdit({ kind: 'failed', item: { id: 'A1', title: 'First step' }, stamp: stamp(1), action: 'A1 ran', result: 'exit 1 in 40 ms', status: 'RED' });
    await write(g, run());
    await write(g, run());
    g.down = false;
    await waitFor(() => q.queued.length === 0, { what: 'the queue to drain' });
    expect(g.body.match(/\| A1 ran \| exit 1 in 40 ms \|/g)).toHaveLength(2);
    expect(settled.map((s) => s[1])).toEqual(['applied', 'applied']);
  });

  it('a line a human changed meanwhile is a conflict: reported, never overwritten; the rest still lands', async () => {
    const g = new FakeGitea();
    const settled: Array<[string, Settled, string]> = [];
    const q = queueOn(g, null, settled);
    g.down = true;
    await write(g, tickItem({ id: 'A1', title: 'First step' }));
    await write(g, tickItem({ id: 'A2', title: 'Second step' }));
    // A person renames A1 in the web UI while the console cannot reach Gitea.
    g.body = g.body.replace('First step', 'First step, but on node 2');
    g.down = false;
    await waitFor(() => q.queued.length === 0, { what: 'the queue to drain' });
    expect(g.body).toContain('- [ ] **A1 P1 Storage**: First step, but on node 2');
    expect(g.body).toContain('- [x] **A2 P1 Storage**: Second step');
    expect(settled.map((s) => s[1])).toEqual(['conflict', 'applied']);
    expect(settled[0]![2]).toMatch(/A1 changed since it was read.*nothing was overwritten/);
  });

  it('is durable: a restarted console resumes what was queued, and settles each in the journal', async () => {
    const g = new FakeGitea();
    const j = journal();
    const first = queueOn(g, j);
    g.down = true;
    await write(g, done('A1', 1));
    await write(g, done('A2', 2));
    first.stop();
    // Restart: a new queue over the same journal (the edits are rebuilt from their specs).
    const again = new OfflineQueue({ api: g, reachability: g.reachability, journal: j, mode: () => 'last-writer-wins', retryMs: 20 });
    expect(again.queued.map((e) => e.description)).toEqual(['done A1: A1 ok', 'done A2: A2 ok']);
    g.down = false;
    again.start();
    stops.push(() => again.stop());
    await waitFor(() => again.queued.length === 0, { what: 'the resumed queue to drain' });
    expect(g.body).toMatch(/\| A1 ran \|[\s\S]*\| A2 ran \|/);
    const events = j.read().entries.flatMap((e) => (e.type === 'event' && e.edit ? [`${e.event} ${e.edit.outcome ?? ''}`.trim()] : []));
    expect(events).toEqual(['edit-queued', 'edit-queued', 'edit-replayed applied', 'edit-replayed applied']);
    // A third start finds nothing left to do.
    expect(new OfflineQueue({ api: g, reachability: g.reachability, journal: j, mode: () => 'last-writer-wins' }).queued).toEqual([]);
  });

  it.each([
    ['landed before the crash', 'with its spec', true, 'already', /^landed: the resumed queue found it in the body/],
    ['did not land', 'with its spec', false, 'applied', /^did not land: the resumed queue wrote it/],
    ['landed before the crash', 'recorded without its spec', true, 'already', /^landed: the resumed queue found it in the body/],
    ['did not land', 'recorded without its spec', false, 'applied', /^did not land: the resumed queue wrote it/],
  ] as const)(
    'a replay a crash left in flight (%s, %s) gets its outcome when the resumed queue settles the edit: the verify screen is not asked',
    async (_case, form, landed, outcome, message) => {
      const g = new FakeGitea();
      const j = journal();
      const first = queueOn(g, j);
      g.down = true;
      const edit = done('A1', 1);
      await write(g, edit);
      first.stop();
      const [queued] = first.queued;
      // The replay's write as the crash left it: an intent, no outcome; the body has its edit or not.
      const flight = new InFlight(j, { what: 'body-write', issue: 42, edit: edit.description, queued: queued!.id }, 'Write to #42', 'edit #42');
      const sent = (edit.apply(g.body) as { body: string }).body;
      // The PATCH about to go out, with the spec as applied (or, from an older console, without it).
      flight.progress('sending the edit (PATCH 1)', bodyLines(g.body, sent), form === 'with its spec' ? specOf(edit) : undefined);
      if (landed) g.body = sent;
      expect(unknownOutcomes(j.read().entries).map((r) => r.intent.stepId)).toEqual([flight.stepId]);

      const settled: Array<[Settled, string[]]> = [];
      const again = new OfflineQueue({
        api: g,
        reachability: g.reachability,
        journal: j,
        mode: () => 'last-writer-wins',
        retryMs: 20,
        onSettled: (_q, o, _d, inFlight) => settled.push([o, inFlight]),
      });
      g.down = false;
      again.start();
      stops.push(() => again.stop());
      await waitFor(() => settled.length === 1, { what: 'the resumed queue to settle the edit' });
      expect(settled).toEqual([[outcome, [flight.stepId]]]);
      expect(unknownOutcomes(j.read().entries)).toEqual([]);
      const recorded = j.read().entries.find((e) => e.type === 'outcome' && e.stepId === flight.stepId);
      expect(recorded?.type === 'outcome' && recorded.message).toMatch(message);
      expect(g.body.match(/\| A1 ran \|/g)).toHaveLength(1);
    },
  );

  it('a 4xx is not unreachable: the writer says so and nothing is queued', async () => {
    const g = new FakeGitea();
    const q = queueOn(g, null);
    g.getIssue = async () => {
      const err = new GiteaError('not-found', '404 not found', { status: 404 });
      g.reachability.failed(err);
      throw err;
    };
    await expect(write(g, done('A1', 1))).rejects.toThrow(/404/);
    expect(q.queued).toEqual([]);
    expect(g.reachability.current.reachable).toBe(true);
  });
});
