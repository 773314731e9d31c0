import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import { buildDemoSession } from '../../../src/cli/session-factory.js';
import type { ConsoleSession } from '../../../src/services/engine/console-session.js';
import type { Journal } from '../../../src/services/journal/journal.js';
import type { DemoWorld } from '../../../src/sim/demo/world.js';
import { FAST_TIMING } from '../../../src/sim/kube/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';

// Escalation means stop, on the live wiring: after it no write of any kind reaches the simulators
// (their /_sim/stats and counters) until the operator resumes — only the safe state runs.

let stores: Stores;
let session: ConsoleSession;
let world: DemoWorld;
let close: () => Promise<void>;
let journal: Journal;

beforeEach(async () => {
  stores = createStores();
  ({ session, world, close, journal } = await buildDemoSession({
    stores,
    mode: 'WRITE',
    issue: null,
    thresholds: DEFAULT_THRESHOLDS,
    world: { cephState: 'healthy', kubeState: 'healthy', timing: FAST_TIMING },
    pollMs: 500,
  }));
  await session.start();
  await waitFor(() => stores.health.getState().gate?.overall === 'GREEN' && stores.issue.getState().document, {
    what: 'a GREEN gate and the issue',
    timeoutMs: 30_000,
  });
}, 60_000);

afterEach(async () => {
  await close?.();
});

const item = (id: string) => {
  const i = stores.issue.getState().document!.items.find((x) => x.id === id)!;
  return { id, line: i.line };
};
const giteaStats = async () => (await (await fetch(`${world.giteaUrl}/_sim/stats`)).json()) as Record<string, unknown>;

describe('after escalation nothing writes until resume', () => {
  it('refuses steps, merges, rollbacks and plans confirmed before; sends no write; the safe state runs and is verified; resume lifts it', async () => {
    // Confirmations made before the escalation must not run after it either.
    const mergeBefore = await session.planMerge(45);
    if (!mergeBefore.ok) throw new Error(mergeBefore.reason);
    const stepBefore = await session.planStep(item('B1'));
    if (!stepBefore.ok) throw new Error(stepBefore.reason);
    // A related issue's close, planned (with its note) before the escalation.
    expect(await session.loadRelated()).toMatchObject({ ok: true });
    const related = stores.related.getState().proposals.find((x) => x.selected)!.number;
    const relatedBefore = await session.planRelated(related);
    if (!relatedBefore.ok) throw new Error(relatedBefore.reason);

    const esc = await session.planEscalation(item('B1'), 'OSD disk on k3s-w3 is failing: needs hardware');
    if (!esc.ok) throw new Error(esc.reason);
    expect(await session.runStep(esc.request, esc.request.challenge ?? '')).toMatchObject({ ok: true });
    expect(stores.session.getState().escalated).toBe('OSD disk on k3s-w3 is failing: needs hardware');

    const writes = world.writes();
    const stats = await giteaStats();
    const refusal = { ok: false, reason: expect.stringMatching(/^ESCALATED \(OSD disk on k3s-w3 is failing: needs hardware\)/) };
    expect(await session.planStep(item('D3'))).toMatchObject(refusal);
    expect(await session.planMerge(45)).toMatchObject(refusal);
    expect(await session.planPrRollback(45)).toMatchObject(refusal);
    expect(await session.planRollback(item('B1'))).toMatchObject(refusal);
    expect(await session.runMerge(mergeBefore.request, '45')).toMatchObject(refusal);
    expect(await session.runStep(mergeBefore.request, '45')).toMatchObject(refusal);
    expect(await session.runStep(stepBefore.request, stepBefore.request.challenge ?? '')).toMatchObject(refusal);
    // Closure, related actions (planned before or now) and the recon's additions to the body: refused too.
    const closure = await session.prepareClosure();
    expect(closure.ok ? '' : closure.reason).toMatch(/ESCALATED/);
    expect(await session.confirmClosure('42')).toMatchObject({ ok: false });
    expect(await session.runRelated(relatedBefore.request, relatedBefore.request.challenge ?? String(related))).toMatchObject(refusal);
    expect(await session.planRelated(related)).toMatchObject(refusal);
    expect(await session.addReconItems(['G1'])).toMatchObject({ ok: false });
    expect(world.writes()).toEqual(writes);
    expect(await giteaStats()).toEqual(stats);
    expect(world.gitea.world.issues.get(45)!.pull!.merged).toBe(false);
    expect(world.gitea.world.issues.get(related)!.state).toBe('open');

    // The safe state is a confirmed action that really runs, and is verified on the Ceph simulator.
    const safe = await session.planSafeState();
    if (!safe.ok) throw new Error(safe.reason);
    expect(safe.request.command).toBe('ceph osd set noout');
    expect(await session.runStep(safe.request, safe.request.challenge ?? '')).toMatchObject({ ok: true });
    expect(world.ceph.state.flags.has('noout')).toBe(true);
    expect(world.writes()).toMatchObject({ gitea: writes.gitea, kube: writes.kube });
    expect(world.writes().ceph).toBeGreaterThan(writes.ceph);

    // A verdict or a deferral writes to the issue: refused as well.
    expect(await session.judgeStep('pass')).toMatchObject(refusal);
    expect(await session.deferItem(item('D3'), 'later')).toMatchObject(refusal);
    // The loop itself refuses, not only the session's door: a merge asked of it directly is blocked.
    const loop = (session as unknown as { merge: { loop: { check(pr: number): Promise<{ ok: boolean; blockers: string[] }> } } }).merge.loop;
    expect((await loop.check(45)).blockers.join('; ')).toMatch(/ESCALATED \(OSD disk on k3s-w3/);
    expect(world.writes()).toMatchObject({ gitea: writes.gitea, kube: writes.kube });

    // Resuming is a confirmed plan: the typed word, or nothing changes.
    const resume = await session.planResumeEscalation();
    if (!resume.ok) throw new Error(resume.reason);
    expect(resume.request).toMatchObject({ action: 'resume', challenge: 'resume', target: expect.stringContaining('OSD disk on k3s-w3') });
    expect(await session.runStep(resume.request, 'yes')).toMatchObject({ ok: false, reason: 'type resume to resume' });
    expect(stores.session.getState().escalated).toBe('OSD disk on k3s-w3 is failing: needs hardware');
    const bodyBefore = world.gitea.world.issues.get(42)!.body;
    expect(await session.runStep(resume.request, 'resume')).toMatchObject({ ok: true, message: expect.not.stringMatching(/not written/) });
    expect(stores.session.getState().escalated).toBeNull();
    // Recorded like the escalation: a journal event and a Change Log row naming what was escalated.
    expect(journal.read().entries).toContainEqual(
      expect.objectContaining({ type: 'event', event: 'resumed', detail: expect.stringContaining('OSD disk on k3s-w3 is failing') }),
    );
    const body = world.gitea.world.issues.get(42)!.body;
    const log = (b: string) => (b.split(/^## Change Log\s*$/m)[1] ?? '').split('\n').filter((l) => l.startsWith('|'));
    const added = log(body).filter((r) => !log(bodyBefore).includes(r));
    expect(added).toEqual([expect.stringMatching(/Resumed after the escalation.*escalated: OSD disk on k3s-w3 is failing: needs hardware/)]);
    expect(await session.planResumeEscalation()).toMatchObject({ ok: false, reason: expect.stringMatching(/nothing is escalated/) });
    expect((await loop.check(45)).blockers.join('; ')).not.toMatch(/ESCALATED/);
    // Resumed: the merge is refused for a real reason now (noout makes Ceph HEALTH_WARN), not the escalation.
    await session.refresh('ceph');
    await session.refresh('health');
    const after = await session.planMerge(45);
    expect(after.ok ? '' : after.reason).not.toMatch(/ESCALATED/);
  }, 90_000);
});

describe('one action at a time, by the arbiter', () => {
  it('a step cannot start while a merge is in flight, nor a merge while a step runs; each refusal names what runs and how to stop it', async () => {
    const merge = await session.planMerge(45);
    if (!merge.ok) throw new Error(merge.reason);
    const step = await session.planStep(item('B1'));
    if (!step.ok) throw new Error(step.reason);

    const merging = session.runMerge(merge.request, merge.request.challenge ?? '');
    expect(session.arbiter.running).toMatchObject({ kind: 'merge', what: 'the merge of PR #45' });
    expect(await session.planStep(item('B1'))).toMatchObject({ ok: false, reason: expect.stringMatching(/^the merge of PR #45 is running: .*stop/) });
    expect(await session.runStep(step.request, step.request.challenge ?? '')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/merge of PR #45 is running/),
    });
    expect(await merging).toMatchObject({ ok: true });
    expect(session.arbiter.running).toBeNull();

    const again = await session.planStep(item('B1'));
    if (!again.ok) throw new Error(again.reason);
    const stepping = session.runStep(again.request, again.request.challenge ?? '');
    expect(session.arbiter.running).toMatchObject({ kind: 'step' });
    expect(await session.planMerge(43)).toMatchObject({ ok: false, reason: expect.stringMatching(/^step .* is running: Ctrl-C cancels it/) });
    await stepping;
  }, 90_000);
});
