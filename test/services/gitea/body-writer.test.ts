import { afterEach, describe, expect, it } from 'vitest';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import { stepCompletionEdit } from '../../../src/domain/issue/edits/step-edit.js';
import type { ActionItem } from '../../../src/domain/issue/types.js';
import { writeBodyEdit } from '../../../src/services/gitea/body-writer.js';
import { HumanEditor } from '../../../src/sim/gitea/index.js';
import { readSeedText } from '../../../src/sim/seed/read-seed.js';
import { lineTick } from './line-tick-edit.js';
import { startWorld } from './harness.js';

type World = Awaited<ReturnType<typeof startWorld>>;
let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const stamp = { at: new Date('2026-11-26T10:15:00Z'), timeZone: 'UTC' };
const item = (body: string, id: string) => parseIssue(body).items.find((i) => i.id === id) as ActionItem;

describe('writeBodyEdit with the issue model’s real edits on the demo runbook', () => {
  it('content_version: a human tick of another item during the write survives, and ours lands', async () => {
    w = await startWorld();
    const body = readSeedText('maintenance-body.md');
    const human = new HumanEditor(w.world);
    // The human ticks B1 just before our PATCH is handled: our first PATCH is stale (409).
    let once = true;
    const off = human.when(
      w.sim,
      (i) => i.method === 'PATCH' && once,
      () => {
        once = false;
        human.edit(42, (b) => b.replace(/- \[ \] (\*\*B1 )/, '- [x] $1'));
      },
    );
    const edit = stepCompletionEdit({ item: item(body, 'A1'), stamp, outcome: 'access ok', log: 'Preflight access check' });
    const rounds: string[] = [];
    const result = await writeBodyEdit(w.client, 42, edit, { mode: 'content-version', onRound: (r) => rounds.push(r.what) });
    off();
    expect(result).toMatchObject({ outcome: 'ok', attempts: 2, mode: 'content-version' });
    expect(rounds).toEqual(['stale', 'patched']);
    const final = w.world.issues.get(42)!.body;
    expect(final).toMatch(/- \[x\] \*\*B1 /);
    expect(edit.isApplied(final)).toBe(true);
    const doc = parseIssue(final);
    expect(doc.items.filter((i) => i.checked).map((i) => i.id)).toEqual(['A1', 'B1']);
  });

  it('reports a collision when the human rewrote the very item, and writes nothing', async () => {
    w = await startWorld();
    const body = readSeedText('maintenance-body.md');
    const human = new HumanEditor(w.world);
    human.edit(42, (b) => b.replace('Preflight access check', 'Preflight access check (use the bastion)'));
    const versionBefore = w.world.issues.get(42)!.contentVersion;
    const result = await writeBodyEdit(w.client, 42, stepCompletionEdit({ item: item(body, 'A1'), stamp }), { mode: 'content-version' });
    expect(result.outcome).toBe('conflict');
    expect(result.outcome === 'conflict' && result.conflict).toMatch(/A1/);
    expect(w.world.issues.get(42)!.contentVersion).toBe(versionBefore);
    expect(w.world.counters.byOperation['PATCH /repos/{owner}/{repo}/issues/{index}'] ?? 0).toBe(0);
  });

  it('an edit that is already in sends no PATCH', async () => {
    w = await startWorld({ maintenanceBody: '- [x] item 1: done\n' });
    const result = await writeBodyEdit(w.client, 42, lineTick('item 1', 'done'), { mode: 'content-version' });
    expect(result).toMatchObject({ outcome: 'ok', changed: false });
    expect(w.world.counters.attempted).toBe(0);
  });

  it('gives up after the bound when every attempt is stale, without overwriting', async () => {
    w = await startWorld({ maintenanceBody: '- [ ] item 1: go\n' });
    const human = new HumanEditor(w.world);
    let n = 0;
    human.when(
      w.sim,
      (i) => i.method === 'PATCH',
      () => human.edit(42, (b) => `${b}- note ${n++}\n`),
    );
    const err = await writeBodyEdit(w.client, 42, lineTick('item 1', 'go'), { mode: 'content-version', maxAttempts: 3 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'conflict' });
    expect((err as Error).message).toMatch(/without overwriting anything/);
    expect(w.world.issues.get(42)!.body).toBe('- [ ] item 1: go\n- note 0\n- note 1\n- note 2\n');
  });
});

describe('writeBodyEdit, last-writer-wins (Gitea 1.25 / Forgejo)', () => {
  it('fetches right before the PATCH, so a save made earlier is kept', async () => {
    w = await startWorld({ flavor: 'forgejo', maintenanceBody: '- [ ] item 1: a\n- [ ] item 2: b\n' });
    const human = new HumanEditor(w.world);
    human.edit(42, (b) => b.replace('- [ ] item 2', '- [x] item 2'));
    const result = await writeBodyEdit(w.client, 42, lineTick('item 1', 'a'), { mode: 'last-writer-wins' });
    expect(result).toMatchObject({ outcome: 'ok', attempts: 1 });
    expect(w.world.issues.get(42)!.body).toBe('- [x] item 1: a\n- [x] item 2: b\n');
  });

  it('verifies after the PATCH and re-applies when a later unguarded save removed the edit', async () => {
    w = await startWorld({ flavor: 'gitea-1.25', maintenanceBody: '- [ ] item 1: a\n' });
    // A tool holding an old copy saves it back (unguarded) right after our PATCH.
    let stale: string | null = null;
    let done = false;
    w.sim.onRequest((info, world) => {
      if (info.method === 'GET' && stale === null) stale = world.issues.get(42)!.body;
      else if (info.method === 'GET' && !done && world.issues.get(42)!.body !== stale) {
        done = true;
        world.saveBody(42, `${stale}- [ ] item 9: added by a script\n`, 'renovate');
      }
    });
    const rounds: string[] = [];
    const result = await writeBodyEdit(w.client, 42, lineTick('item 1', 'a'), { mode: 'last-writer-wins', onRound: (r) => rounds.push(r.what) });
    expect(result).toMatchObject({ outcome: 'ok', attempts: 2 });
    expect(rounds).toEqual(['patched', 'removed', 'patched']);
    expect(w.world.issues.get(42)!.body).toBe('- [x] item 1: a\n- [ ] item 9: added by a script\n');
  });
});
