import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import { buildDemoSession } from '../../../src/cli/session-factory.js';
import type { ConsoleSession } from '../../../src/services/engine/console-session.js';
import type { DemoWorld } from '../../../src/sim/demo/world.js';
import { FAST_TIMING } from '../../../src/sim/kube/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';

// The console's engine on the demo world (the three simulators wired as `homelab-console demo`
// wires them), with a healthy cluster so the gate can be GREEN: a merged PR's rollback planned
// and run through the facade, the rollback commit reaching ArgoCD, the broken app healing, and
// the Dependency Dashboard read into the queue store.

let stores: Stores;
let session: ConsoleSession;
let world: DemoWorld;
let close: () => Promise<void>;

const POSTGRES_VALUES = 'kubernetes/database/postgres/values.yaml';
const app = (name: string) => stores.cluster.getState().applications.find((a) => a.name === name);

beforeEach(async () => {
  stores = createStores();
  const built = await buildDemoSession({
    stores,
    mode: 'WRITE',
    issue: null,
    thresholds: DEFAULT_THRESHOLDS,
    world: { cephState: 'healthy', kubeState: 'healthy', timing: FAST_TIMING },
    pollMs: 500,
  });
  ({ session, world, close } = built);
  await session.start();
  await waitFor(() => stores.health.getState().gate?.overall === 'GREEN', { what: 'a GREEN gate on the healthy demo', timeoutMs: 30_000 });
}, 60_000);

afterEach(async () => {
  await close?.();
});

/** PR #47 merged outside the console (in Gitea's web UI, say): postgres breaks on its sync. */
async function mergeBreakingPr(): Promise<string> {
  const issue = world.gitea.world.issues.get(47)!;
  const sha = world.gitea.world.merge(issue, 'admin', 'Merge pull request #47', true);
  await waitFor(() => app('postgres')?.revision === sha && app('postgres')?.healthStatus === 'Degraded', {
    what: 'postgres Degraded at the merge',
    timeoutMs: 20_000,
  });
  return sha;
}

describe('Renovate in the console engine, on the demo world', () => {
  it('lists the merged PR, plans its rollback bound to the merge commit, and the revert heals postgres', async () => {
    const before = world.gitea.world.git.get(world.gitea.world.git.resolve('main')!.sha).tree.get(POSTGRES_VALUES);
    const mergeSha = await mergeBreakingPr();
    await session.refresh('queue');
    expect(stores.queue.getState().merged[0]).toMatchObject({ number: 47, mergeSha });
    expect(stores.queue.getState().prs.map((p) => p.number)).not.toContain(47);

    const plan = await session.planPrRollback(47);
    if (!plan.ok) throw new Error(plan.reason);
    // A database major merged in the web UI: its revert still needs the 6.4 confirmation typed.
    expect(plan.request).toMatchObject({ action: 'rollback', challenge: 'revert 47 data', binding: { kind: 'pr', id: '47', version: mergeSha } });
    expect(plan.request.notes[0]).toBe('DATABASE: the old version must not start on data the new version may have migrated (workflow 6.4)');
    expect(plan.request.notes[1]).toBe('no verified backup was recorded for this PR: check the data before the old version starts');
    expect(await session.runMerge(plan.request, '47')).toEqual({ ok: false, reason: 'type revert 47 data to confirm' });
    expect(plan.request.command).toContain(POSTGRES_VALUES);
    // The PR is no longer in the open queue, and the plan is still current.
    expect(session.isCurrent(plan.request.binding)).toBe(true);
    expect(session.isCurrent({ ...plan.request.binding, version: 'f'.repeat(40) })).toBe(false);

    const result = await session.runMerge(plan.request, 'revert 47 data');
    expect(result, JSON.stringify(stores.queue.getState().loop)).toMatchObject({ ok: true });
    const revert = world.gitea.world.git.resolve('main')!.sha;
    expect(world.gitea.world.git.get(revert).tree.get(POSTGRES_VALUES)).toBe(before);
    // The rollback commit reached ArgoCD (contents API → branch-changed → repoCommit) and postgres healed.
    expect(app('postgres')).toMatchObject({ revision: revert, syncStatus: 'Synced', healthStatus: 'Healthy' });
    expect(stores.health.getState().gate?.overall).toBe('GREEN');
    expect(stores.queue.getState().loop).toMatchObject({ pr: 47, phase: 'stopped', message: expect.stringMatching(/rolled back by/) });
    // The loop says how to go on, and continuing is the operator's call.
    expect(session.resumeMergeLoop()).toMatchObject({ ok: true });
    expect(session.resumeMergeLoop()).toMatchObject({ ok: false, reason: expect.stringMatching(/not stopped/) });
  }, 90_000);

  it('refuses a rollback whose base branch moved after it was planned, reverting nothing', async () => {
    await mergeBreakingPr();
    await session.refresh('queue');
    const plan = await session.planPrRollback(47);
    if (!plan.ok) throw new Error(plan.reason);
    const w = world.gitea.world;
    const other = w.git.commit({
      parents: [w.git.resolve('main')!.sha],
      changes: { 'README.md': 'edited in the web UI\n' },
      message: 'docs',
      author: 'admin',
      date: w.now(),
    });
    w.git.branches.set('main', other.sha);
    const result = await session.runMerge(plan.request, 'revert 47 data');
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/moved since the rollback was planned/) });
    expect(w.git.resolve('main')!.sha).toBe(other.sha);
    // A second run of the same confirmation is not a fresh plan.
    expect(await session.runMerge(plan.request, 'revert 47 data')).toMatchObject({ ok: false, reason: expect.stringMatching(/plan it again/) });
  }, 90_000);

  it('runs a runbook item that merges a PR through the merge loop: sync waited for, gate GREEN, item ticked', async () => {
    await waitFor(() => stores.issue.getState().document !== null, { what: 'the maintenance issue', timeoutMs: 10_000 });
    const d3 = stores.issue.getState().document!.items.find((i) => i.id === 'D3')!;
    const plan = await session.planStep({ id: 'D3', line: d3.line });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request).toMatchObject({ action: 'merge', binding: { kind: 'pr', id: '45' } });
    expect(plan.request.notes[0]).toMatch(/D3 merges PR #45: the Renovate merge loop runs it/);
    const result = await session.runStep(plan.request, '45');
    expect(result, JSON.stringify(stores.queue.getState().loop)).toMatchObject({ ok: true });
    const mergeSha = world.gitea.world.issues.get(45)!.pull!.mergeCommitSha!;
    expect(app('cert-manager')).toMatchObject({ revision: mergeSha, syncStatus: 'Synced', healthStatus: 'Healthy' });
    await session.refresh('issue');
    expect(stores.issue.getState().document!.items.find((i) => i.id === 'D3')!.checked).toBe(true);
    // Its Rollback ("git revert <merge-commit-sha>") becomes the loop's revert of that merge.
    await session.refresh('queue');
    const rb = await session.planRollback({ id: 'D3', line: d3.line });
    expect(rb).toMatchObject({ ok: true, request: { action: 'rollback', binding: { kind: 'pr', id: '45', version: mergeSha } } });
  }, 90_000);

  it('says an open PR has nothing to roll back', async () => {
    expect(await session.planPrRollback(43)).toMatchObject({ ok: false, reason: expect.stringMatching(/not merged/) });
  }, 30_000);

  it('reads the Dependency Dashboard into the queue store, read-only', async () => {
    await waitFor(() => stores.queue.getState().dashboard !== null, { what: 'the dashboard', timeoutMs: 10_000 });
    const d = stores.queue.getState().dashboard!;
    expect(d.title).toBe('Dependency Dashboard');
    expect(d.items.some((i) => i.section === 'Open' && /postgres/.test(i.text))).toBe(true);
    expect(d.items.every((i) => !i.checked)).toBe(true);
    expect(world.writes().gitea).toBe(0);
  }, 30_000);
});
