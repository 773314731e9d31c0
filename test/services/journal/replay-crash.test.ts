import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specOf } from '../../../src/domain/issue/edits/spec.js';
import { stepOutcomeEdit } from '../../../src/domain/issue/edits/step-edit.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { Journal, unknownOutcomes } from '../../../src/services/journal/journal.js';
import { findInFlight } from '../../../src/services/steps/in-flight-check.js';
import { describeUnknown } from '../../../src/services/steps/unknown-outcomes.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import { bundleChild, startChild } from '../../support/child.js';
import { smallBody } from '../../support/small-body.js';
import { waitFor } from '../../support/wait.js';

const BODY = smallBody({ items: ['A1', 'A2'] });

let dir: string;
let bundle: string;
let cleanup = () => {};
beforeAll(async () => {
  ({ dir, file: bundle, cleanup } = await bundleChild(path.join(import.meta.dirname, 'replay-child.ts'), 'replay-crash-'));
}, 60_000);
afterAll(() => cleanup());

const start = (env: NodeJS.ProcessEnv) => startChild(bundle, [], env);

describe('kill -9 during the replay of a queued edit', () => {
  it('the replay PATCH landed unanswered: the journal keeps it in flight with its lines, the restart re-reads and says landed, the queue settles it as already there — one tick, one row', async () => {
    const sim = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: BODY }) });
    await sim.start();
    const file = path.join(dir, 'journal.jsonl');
    const journal = new Journal(file);
    const edit = stepOutcomeEdit({
      kind: 'done',
      item: { id: 'A1', title: 'First step', priority: 'P1', layer: 'Storage' },
      stamp: { at: new Date('2026-12-03T11:30:00Z'), timeZone: 'UTC' },
      note: 'done while Gitea was down',
      action: 'A1: First step',
      result: 'exit 0 in 40 ms, queued while Gitea was unreachable',
      phase: 'Execute',
    });
    // What a console that made the edit while Gitea was down left in its journal.
    journal.append({
      type: 'event',
      stepId: null,
      at: new Date().toISOString(),
      event: 'edit-queued',
      detail: `queued: ${edit.description}`,
      edit: { id: 'q-1', issue: 42, spec: specOf(edit)! },
    });
    const env = { JOURNAL_FILE: file, GITEA_URL: sim.url, GITEA_TOKEN: DEMO_TOKENS.admin };
    const body = () => sim.world.issues.get(42)!.body;
    const rows = () =>
      body()
        .split('\n')
        .filter((l) => l.startsWith('|') && l.includes('A1: First step'));

    // The replay's PATCH lands, its answer is held: the child is killed not knowing.
    sim.faults.add({ method: 'PATCH', path: '/repos/ops/homelab/issues/42', fault: { kind: 'stall-answer', ms: 120_000 }, times: 1 });
    const first = start(env);
    await waitFor(() => first.lines.includes('resumed:1'), { what: 'the queued edit resumed' });
    await waitFor(() => rows().length === 1, { what: 'the replayed row to land in #42', timeoutMs: 20_000 });
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    const entries = journal.read().entries;
    const unknown = unknownOutcomes(entries);
    expect(unknown.map((r) => r.intent.kind)).toEqual(['body-write']);
    // The replay's record names the queued edit it replays and carries the edit as data.
    expect(unknown[0]!.intent.inFlight).toMatchObject({ what: 'body-write', issue: 42, queued: 'q-1', spec: specOf(edit) });
    expect(entries.some((e) => e.type === 'event' && e.event === 'edit-replayed')).toBe(false);
    // The restart's check: the issue re-read, the edit found in it.
    const client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0, timeoutMs: 5_000 });
    const [flight] = describeUnknown(unknown);
    expect(flight!.title).toContain(edit.description);
    expect(await findInFlight(flight!.inFlight!, client)).toBe('landed: the body of #42 contains this edit (it is not written again)');

    // Restarted: the queue resumes the unsettled edit; it is already in the body, so nothing is written twice.
    const before = sim.world.counters.received;
    const second = start(env);
    await waitFor(() => second.lines.some((l) => l.startsWith('settled:')), { what: 'the resumed replay to settle', timeoutMs: 20_000 });
    expect(second.lines).toContain('settled:already');
    expect(await second.exited).toBe(0);
    expect(sim.world.counters.received).toBe(before);
    expect(rows()).toHaveLength(1);
    expect(body().match(/^- \[x\] \*\*A1 /gm)).toHaveLength(1);
    const replayed = journal.read().entries.filter((e) => e.type === 'event' && e.event === 'edit-replayed');
    expect(replayed.map((e) => e.type === 'event' && e.edit?.outcome)).toEqual(['already']);
    // Settling it recorded the crashed replay's outcome too: the next start asks nobody to verify it.
    expect(unknownOutcomes(journal.read().entries)).toEqual([]);
    await client.close();
    await sim.stop();
  }, 60_000);
});
