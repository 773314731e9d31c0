import { afterEach, describe, expect, it } from 'vitest';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import { stepCompletionEdit } from '../../../src/domain/issue/edits/step-edit.js';
import type { ActionItem } from '../../../src/domain/issue/types.js';
import { IssueService } from '../../../src/services/gitea/issue-service.js';
import { createIssueStore } from '../../../src/store/issue-store.js';
import { HumanEditor } from '../../../src/sim/gitea/index.js';
import { waitFor } from '../../support/wait.js';
import { startWorld } from './harness.js';

type World = Awaited<ReturnType<typeof startWorld>>;
let w: World | undefined;
let service: IssueService | undefined;
afterEach(async () => {
  service?.stop();
  await w?.stop();
  w = undefined;
});

describe('IssueService keeps the IssueStore live', () => {
  it('finds the latest maintenance issue, shows the server mode, follows human edits', async () => {
    w = await startWorld();
    const store = createIssueStore();
    service = new IssueService({ client: w.client, store, number: null, pollMs: 30 });
    await service.start();
    expect(store.getState()).toMatchObject({
      liveness: { state: 'live' },
      number: 42,
      repo: 'ops/homelab',
      serverVersion: '1.26.4',
      editMode: 'content-version',
      labels: ['maintenance'],
    });
    expect(store.getState().document?.items.length).toBeGreaterThan(5);
    new HumanEditor(w.world).edit(42, (b) => b.replace(/- \[ \] (\*\*A1 )/, '- [x] $1'));
    await waitFor(() => store.getState().document?.items.find((i) => i.id === 'A1')?.checked, { what: 'the human tick to show' });
  });

  it('writes through the conflict-safe writer and records the outcome', async () => {
    w = await startWorld();
    const store = createIssueStore();
    service = new IssueService({ client: w.client, store, number: 42, pollMs: 10_000 });
    await service.start();
    const a1 = parseIssue(store.getState().body!).items.find((i) => i.id === 'A1') as ActionItem;
    const result = await service.write(stepCompletionEdit({ item: a1, stamp: { at: new Date('2026-11-26T10:00:00Z'), timeZone: 'UTC' } }));
    expect(result.outcome).toBe('ok');
    expect(store.getState()).toMatchObject({ contentVersion: 1, lastWrite: { outcome: 'ok', attempts: 1 } });
    expect(store.getState().document?.items.find((i) => i.id === 'A1')?.checked).toBe(true);
  });

  it('says last-writer-wins on Forgejo, and reconnects after the server goes away', async () => {
    w = await startWorld({ flavor: 'forgejo', retries: 0 });
    const store = createIssueStore();
    service = new IssueService({ client: w.client, store, number: 42, pollMs: 20 });
    await service.start();
    expect(store.getState().editMode).toBe('last-writer-wins');
    w.sim.faults.add({ method: 'GET', fault: { kind: 'status', status: 502 } });
    await waitFor(() => store.getState().liveness.state === 'reconnecting', { what: 'reconnecting' });
    w.sim.faults.clear();
    await waitFor(() => store.getState().liveness.state === 'live', { what: 'live again' });
  });

  it('is an error (not a retry loop) when the issue is gone', async () => {
    w = await startWorld();
    const store = createIssueStore();
    service = new IssueService({ client: w.client, store, number: 999 });
    await service.start();
    const l = store.getState().liveness;
    expect(l.state).toBe('error');
    expect(l.state === 'error' && l.message).toMatch(/GET issue #999: 404/);
  });
});
