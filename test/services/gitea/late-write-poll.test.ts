import { afterEach, describe, expect, it } from 'vitest';
import { onLateWrite, writeBodyEdit, type LateWrite } from '../../../src/services/gitea/body-writer.js';
import { IssueSource } from '../../../src/services/engine/issue-source.js';
import { HumanEditor } from '../../../src/sim/gitea/index.js';
import { createIssueStore } from '../../../src/store/issue-store.js';
import { waitFor } from '../../support/wait.js';
import { startWorld } from './harness.js';
import { lineTick } from './line-tick-edit.js';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const ISSUE = /^\/repos\/ops\/homelab\/issues\/42$/;
const PATCH = 'PATCH /repos/{owner}/{repo}/issues/{index}';
const BODY = '# x\n\n- [ ] item 1: do it\n- [ ] item 2: other\n\nnotes:\n';

/**
 * The console's own issue poller (IssueSource, what the live console runs) is where a write that
 * landed after the writer stopped watching is found: it must repair it and tell the recorder,
 * not only the writer's own reads.
 */
describe("the console's issue poll catches a late write the writer no longer waits for", () => {
  it('a slow PATCH landing over a saved note: the poll puts the note back and the listener records it', async () => {
    const w = await startWorld({ flavor: 'gitea-1.25', maintenanceBody: BODY, timeoutMs: 200 });
    cleanups.push(() => w.stop());
    const human = new HumanEditor(w.world, 'renovate');
    const heard: Array<LateWrite & { description: string; number: number }> = [];
    cleanups.push(onLateWrite(w.client, (number, late) => heard.push({ number, ...late })));
    const store = createIssueStore();
    const source = new IssueSource({ client: w.client, store, label: 'maintenance', number: 42, intervalMs: 60_000 });
    cleanups.push(() => source.stop());
    await source.refresh();

    // The first PATCH is held 1.2 s (its client gives up after 0.2 s); the writer's short window
    // lets it write again and finish before the first one lands.
    w.sim.faults.add({ method: 'PATCH', path: ISSUE, fault: { kind: 'latency', ms: 1_200 }, times: 1 });
    setTimeout(() => human.edit(42, (b) => `${b}- note saved at 0.1 s\n`), 100);
    const result = await writeBodyEdit(w.client, 42, lineTick('item 1', 'do it'), {
      mode: 'last-writer-wins',
      timing: { settleMs: 300, recheckMs: 20 },
    });
    expect(result.outcome).toBe('ok');
    await source.refresh();
    await waitFor(() => w.world.counters.byOperation[PATCH] === 2 || null, { what: 'the late PATCH landing', timeoutMs: 10_000 });
    // The late body (tick on the body read before the note) is what the server holds now.
    expect(w.world.issues.get(42)!.body).not.toContain('- note saved at 0.1 s');

    await source.refresh();
    const body = w.world.issues.get(42)!.body;
    expect(body).toContain('- [x] item 1: do it');
    expect(body).toContain('- note saved at 0.1 s');
    expect(store.getState().body).toBe(body);
    expect(heard).toEqual([{ number: 42, description: expect.any(String), lines: ['- note saved at 0.1 s'], restored: true }]);
  });
});
