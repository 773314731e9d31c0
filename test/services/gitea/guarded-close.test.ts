import { afterEach, describe, expect, it } from 'vitest';
import { closeChallenge, closeRefusal, hasResolutionNote, resolutionBlock } from '../../../src/domain/closure/resolution.js';
import { SUMMARY_MARKER } from '../../../src/domain/closure/summary.js';
import { actionChallenge } from '../../../src/domain/steps/typed-action.js';
import { guardedClose } from '../../../src/services/gitea/guarded-close.js';
import { createActionExecutor } from '../../../src/services/steps/typed-executor.js';
import { startWorld } from './harness.js';

type World = Awaited<ReturnType<typeof startWorld>>;
let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

const base = { maintenance: 42, date: '2026-12-02', mode: 'content-version' as const };
/** The writes the simulator saw, in order: `PATCH /repos/ops/homelab/issues/7 body`. */
const writes = (world: World) =>
  world.sim.recorded
    .filter((r) => r.method !== 'GET')
    .map(
      (r) =>
        `${r.method} ${r.path} ${Object.keys((r.requestBody ?? {}) as object)
          .sort()
          .join('+')}`,
    );

describe('guardedClose: the one way an issue or PR is closed', () => {
  it('prepends the ## Resolution note through the body writer, then closes: body first, state after', async () => {
    w = await startWorld();
    const issue = w.world.addIssue({ title: 'Flaky OSD alert on jasper', body: 'osd.3 flaps every night', poster: 'admin' });
    const r = await guardedClose(w.client, { ...base, number: issue.number, reason: 'B2: osd.3 reweighted, alert quiet for 24 h' });
    expect(r).toMatchObject({ ok: true, noteWritten: true });
    const after = w.world.issues.get(issue.number)!;
    expect(after.state).toBe('closed');
    expect(after.body).toBe(
      '## Resolution\nResolved as part of maintenance issue #42 on 2026-12-02: B2: osd.3 reweighted, alert quiet for 24 h.\n\n---\n\nosd.3 flaps every night',
    );
    expect(writes(w)).toEqual([
      `PATCH /repos/ops/homelab/issues/${issue.number} body+content_version`,
      `PATCH /repos/ops/homelab/issues/${issue.number} state`,
    ]);
  });

  it('refuses the Renovate Dependency Dashboard and sends nothing', async () => {
    w = await startWorld();
    const before = w.world.issues.get(4)!.body;
    const r = await guardedClose(w.client, { ...base, number: 4, reason: 'everything merged' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reason).toMatch(/Dependency Dashboard: it is never closed/);
    expect(w.world.issues.get(4)).toMatchObject({ state: 'open', body: before });
    expect(writes(w)).toEqual([]);
  });

  it('refuses the maintenance issue being worked unless the closure flow closes it (with its summary in the body)', async () => {
    w = await startWorld();
    const r = await guardedClose(w.client, { ...base, number: 42, reason: 'all done' });
    expect(!r.ok && r.reason).toMatch(/maintenance issue being worked: only the closure flow closes it/);
    expect(w.world.issues.get(42)!.state).toBe('open');
    expect(writes(w)).toEqual([]);

    w.world.issues.get(42)!.body = `${SUMMARY_MARKER}\n# Summary\n\n${w.world.issues.get(42)!.body}`;
    const closure = await guardedClose(w.client, { ...base, number: 42, reason: '', viaClosure: true });
    expect(closure).toMatchObject({ ok: true, noteWritten: false });
    expect(w.world.issues.get(42)!.state).toBe('closed');
    // The summary is the closure's note: no second note is prepended.
    expect(hasResolutionNote(w.world.issues.get(42)!.body)).toBe(false);
  });

  it('closes a PR with the note in its body, and never writes a second note', async () => {
    w = await startWorld();
    w.world.issues.get(46)!.body = '## Resolution\nResolved earlier.\n\n---\n\nRenovate body';
    const r = await guardedClose(w.client, { ...base, number: 46, reason: 'superseded by #47' });
    expect(r).toMatchObject({ ok: true, noteWritten: false });
    expect(w.world.issues.get(46)).toMatchObject({ state: 'closed', body: '## Resolution\nResolved earlier.\n\n---\n\nRenovate body' });
    expect(writes(w)).toEqual(['PATCH /repos/ops/homelab/pulls/46 state']);
  });

  it('does not close when the note is gone again before the close (a concurrent rewrite)', async () => {
    w = await startWorld();
    const issue = w.world.addIssue({ title: 'Old cert warning', body: 'cert expires', poster: 'admin' });
    // A human rewrites the body right after our note lands.
    w.world.events.on('request', (e: { method: string; path: string }) => {
      if (e.method === 'PATCH' && e.path.endsWith(`/issues/${issue.number}`)) w!.world.issues.get(issue.number)!.body = 'rewritten by a human';
    });
    const r = await guardedClose(w.client, { ...base, number: issue.number, reason: 'renewed' });
    expect(!r.ok && r.reason).toMatch(/has no resolution note in its body/);
    expect(w.world.issues.get(issue.number)!.state).toBe('open');
  });
});

describe('a typed close step goes through it', () => {
  const ctx = { signal: new AbortController().signal, log: () => undefined, item: { id: 'C4', title: 'Close the stale alert issue' } };
  const maintenance = () => ({ number: 42, mode: 'content-version' as const, date: '2026-12-02' });

  it('refuses issue-close of the Dependency Dashboard (it used to send a bare {"state":"closed"})', async () => {
    w = await startWorld();
    const exec = createActionExecutor({ gitea: w.client, maintenance });
    const r = await exec({ kind: 'issue-close', number: 4 }, ctx);
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/Dependency Dashboard/) });
    expect(w.world.issues.get(4)!.state).toBe('open');
    expect(writes(w)).toEqual([]);
  });

  it('closes another issue with a note naming the item, and a PR the same way', async () => {
    w = await startWorld();
    const issue = w.world.addIssue({ title: 'Stale alert', body: 'alert', poster: 'admin' });
    const exec = createActionExecutor({ gitea: w.client, maintenance });
    expect(await exec({ kind: 'issue-close', number: issue.number }, ctx)).toMatchObject({ ok: true });
    expect(w.world.issues.get(issue.number)!.body).toMatch(
      /^## Resolution\nResolved as part of maintenance issue #42 on 2026-12-02: C4: Close the stale alert issue\./,
    );
    expect(await exec({ kind: 'pr-close', number: 46 }, ctx)).toMatchObject({ ok: true });
    expect(w.world.issues.get(46)).toMatchObject({ state: 'closed', body: expect.stringMatching(/^## Resolution\n/) });
  });
});

describe('the rules, pure', () => {
  it('names the target in the typed challenge of a close action', () => {
    expect(closeChallenge(17)).toBe('17');
    expect(actionChallenge({ kind: 'issue-close', number: 17 })).toMatchObject({ target: '17' });
    expect(actionChallenge({ kind: 'pr-close', number: 46 })).toMatchObject({ target: '46' });
  });

  it('refuses the dashboard by title, whatever its number; a PR titled so is a PR', () => {
    expect(closeRefusal({ number: 9, title: 'Dependency Dashboard', isPull: false }, { maintenance: 42 })).toMatch(/never closed/);
    expect(closeRefusal({ number: 9, title: 'Dependency Dashboard', isPull: true }, { maintenance: 42 })).toBeNull();
    expect(closeRefusal({ number: 42, title: '[Maintenance] x', isPull: false }, { maintenance: 42, viaClosure: true })).toBeNull();
  });

  it('writes the workflow form, one line of reason', () => {
    expect(resolutionBlock({ maintenance: 42, date: '2026-12-02', reason: 'fixed\n  by B1.' })).toBe(
      '## Resolution\nResolved as part of maintenance issue #42 on 2026-12-02: fixed by B1.\n\n---\n\n',
    );
  });
});
