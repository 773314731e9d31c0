import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { MergeLoop } from '../../../src/services/renovate/merge-loop.js';
import type { RenovateGitea } from '../../../src/services/renovate/ports.js';
import { createQueueStore, type QueueStore } from '../../../src/store/queue-store.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import { appPath, homelabApp } from '../../../src/sim/seed/homelab-repo.js';
import { FakeArgo, FakeClock, argoGate } from './fakes.js';

// The merge loop over HTTP against the simulated Gitea (real client, real merge/contents/branch
// endpoints); ArgoCD is the in-memory FakeArgo fed by the simulator's `merged`/`branch-changed` events.

let sim: GiteaSim;
let client: GiteaClient;
let clock: FakeClock;
let argo: FakeArgo;
let queue: QueueStore;
let loop: MergeLoop;

// Compile-time proof that the real client is what the loop's port describes.
const _portCheck = (c: GiteaClient): RenovateGitea => c;
void _portCheck;

// Source paths from the demo's one catalog, as the simulated cluster's Applications have them.
const APPS: Array<[string, string]> = ['kured', 'cloudflared', 'grafana', 'postgres', 'cert-manager'].map((name) => [name, appPath(homelabApp(name))]);

beforeEach(async () => {
  sim = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: '# m\n' }) });
  await sim.start();
  client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0, timeoutMs: 5_000 });
  clock = new FakeClock();
  argo = new FakeArgo(clock, APPS, sim.world.git.resolve('main')!.sha);
  sim.world.events.on('branch-changed', (e) => {
    if (e.branch === 'main') argo.commit(e.sha, e.files);
  });
  queue = createQueueStore();
  loop = new MergeLoop({ gitea: client, apps: argo, gate: argoGate(argo, clock), queue, clock, pollMs: 2_000, refreshAfterMs: 20_000 });
});

afterEach(async () => {
  await client.close();
  await sim.stop();
});

async function planAndRun(pr: number, typed = String(pr)) {
  const plan = await loop.planMerge(pr);
  if (!plan.ok) throw new Error(plan.reason);
  return loop.runMerge(plan.request, typed);
}

describe('merge loop against the simulated Gitea', () => {
  it('lists the seeded PRs in merge order, with CI and affected apps', async () => {
    await loop.refreshQueue();
    const prs = queue.getState().prs;
    expect(prs.map((e) => [e.number, e.category, e.ci])).toEqual([
      [43, 'non-major', 'success'],
      [48, 'platform', 'failure'],
      [44, 'monitoring', 'success'],
      [45, 'core', 'success'],
      [46, 'apps', 'none'],
      [47, 'database', 'success'],
    ]);
    expect(prs[0]!.affectedApps).toEqual(['cloudflared', 'grafana', 'kured']);
  });

  it('merge → OutOfSync → Synced at the merge commit → gate → next', async () => {
    expect(await planAndRun(43)).toMatchObject({ ok: true });
    const merged = sim.world.issues.get(43)!.pull!;
    expect(merged.merged).toBe(true);
    for (const name of ['kured', 'cloudflared', 'grafana']) {
      expect(argo.apps.find((a) => a.name === name)).toMatchObject({ revision: merged.mergeCommitSha, syncStatus: 'Synced', healthStatus: 'Healthy' });
    }
    // The next PR in order whose CI passes.
    expect(await planAndRun(45)).toMatchObject({ ok: true });
    expect(argo.apps.find((a) => a.name === 'cert-manager')!.revision).toBe(sim.world.issues.get(45)!.pull!.mergeCommitSha);
    expect(queue.getState().prs.map((e) => e.number)).toEqual([48, 44, 46, 47]);
    // #48's CI fails: the loop refuses it.
    expect(await loop.planMerge(48)).toMatchObject({ ok: false, reason: expect.stringMatching(/CI failure/) });
  });

  it('a PR whose sync leaves an app Degraded stops the loop; nothing else is merged', async () => {
    argo.breaks.add('postgres');
    loop.acknowledgeChecklist(47, sim.world.issues.get(47)!.pull!.headSha);
    const r = await planAndRun(47);
    expect(r.ok).toBe(false);
    expect(queue.getState().loop).toMatchObject({ pr: 47, phase: 'stopped' });
    expect(await loop.planMerge(43)).toMatchObject({ ok: false, reason: expect.stringMatching(/stopped after PR #47/) });
    const mergedNow = [...sim.world.issues.values()].filter((i) => i.pull?.merged).map((i) => i.number);
    expect(mergedNow).toEqual([47]);
  });

  it('head moved between check and merge: the server answers 409, nothing merged, the operator is told', async () => {
    const plan = await loop.planMerge(43);
    if (!plan.ok) throw new Error(plan.reason);
    let moved = false;
    sim.onRequest((info, world) => {
      if (moved || info.method !== 'POST' || !/\/pulls\/43\/merge$/.test(info.path ?? '')) return;
      moved = true;
      const pull = world.issues.get(43)!.pull!;
      const c = world.git.commit({
        parents: [pull.headSha],
        changes: { [`${appPath(homelabApp('kured'))}/kustomization.yaml`]: 'pushed-later\n' },
        message: 'rebase',
        author: 'renovate',
        date: world.now(),
      });
      world.git.branches.set(pull.headBranch, c.sha);
      pull.headSha = c.sha;
    });
    const r = await loop.runMerge(plan.request, '');
    expect(moved).toBe(true);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/409 head out of date\); nothing merged/);
    expect(sim.world.issues.get(43)!.pull!.merged).toBe(false);
    expect(queue.getState().loop).toMatchObject({ pr: 43, phase: 'stopped' });
  });

  it('rollback restores the files in one commit and the apps sync back', async () => {
    argo.breaks.add('postgres');
    loop.acknowledgeChecklist(47, sim.world.issues.get(47)!.pull!.headSha);
    const beforeMerge = sim.world.git.resolve('main')!.sha;
    const path = 'kubernetes/database/postgres/values.yaml';
    const original = (await client.fileAt(path, beforeMerge))!.content;
    await planAndRun(47);
    expect((await client.fileAt(path, 'main'))!.content).not.toBe(original);
    argo.breaks.delete('postgres');

    const plan = await loop.planRollback(47);
    if (!plan.ok) throw new Error(plan.reason);
    const mainBefore = sim.world.git.resolve('main')!.sha;
    expect(await loop.runRollback(plan.request, '47')).toMatchObject({ ok: true });
    const revert = sim.world.git.resolve('main')!;
    expect(revert.parents).toEqual([mainBefore]); // exactly one new commit on main
    expect((await client.fileAt(path, 'main'))!.content).toBe(original);
    expect(argo.apps.find((a) => a.name === 'postgres')).toMatchObject({ revision: revert.sha, syncStatus: 'Synced', healthStatus: 'Healthy' });
  });

  it('rollback on a protected branch goes through a revert branch and a PR', async () => {
    await planAndRun(43);
    sim.world.protections[0]!.enablePush = false;
    const plan = await loop.planRollback(43);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.command).toContain('"new_branch":"revert-pr-43"');
    const r = await loop.runRollback(plan.request, '43');
    expect(r).toMatchObject({ ok: true, message: expect.stringMatching(/^revert PR #\d+ opened$/) });
    const revertPr = [...sim.world.issues.values()].find((i) => i.pull?.headBranch === 'revert-pr-43')!;
    expect(revertPr.title).toBe('Revert "chore(deps): update all non-major dependencies" (PR #43)');
  });
});

describe('Dependency Dashboard from the simulated Gitea', () => {
  it('fills QueueStore.dashboard with the open items and writes nothing', async () => {
    const { refreshDashboardInto } = await import('../../../src/services/renovate/dashboard-source.js');
    const before = sim.world.counters.attempted;
    await refreshDashboardInto(client, queue);
    const d = queue.getState().dashboard!;
    expect(d.number).toBe(4);
    expect(d.items.filter((i) => i.section === 'Open').map((i) => i.text)).toHaveLength(6);
    expect(d.items.find((i) => i.section === 'Awaiting Schedule')?.text).toBe('chore(deps): lock file maintenance');
    expect(d.items.every((i) => !i.checked && i.section !== 'Detected Dependencies')).toBe(true);
    expect(sim.world.counters.attempted).toBe(before);
  });
});

describe('maintenance log through the conflict-safe writer', () => {
  it('ticks the runbook item naming the merged PR and appends a Change Log row', async () => {
    const { maintenanceLog } = await import('../../../src/services/renovate/adapters.js');
    const { createIssueStore } = await import('../../../src/store/issue-store.js');
    const { readSeedText } = await import('../../../src/sim/seed/read-seed.js');
    const { parseIssue } = await import('../../../src/domain/issue/index.js');
    await client.editIssueBody(42, readSeedText('maintenance-body.md'));
    const issue = createIssueStore();
    issue.setState({ number: 42, editMode: 'content-version' });
    const log = maintenanceLog(client, issue, { timeZone: 'UTC' });
    const said = await log.record({ pr: 43, title: 'chore(deps): update all non-major dependencies', outcome: 'merged abc1234; all layers GREEN', tick: true });
    expect(said).toBe('ticked D1 in #42');
    const body = sim.world.issues.get(42)!.body;
    const d1 = parseIssue(body).items.find((i) => i.id === 'D1')!;
    expect(d1.checked).toBe(true);
    expect(body).toMatch(/Merged Renovate PR #43/);
    // A PR the runbook does not name is only logged.
    expect(await log.record({ pr: 99, title: 'x', outcome: 'rolled back', tick: false })).toBe('logged in #42 (no item names PR #99)');
    expect(
      parseIssue(sim.world.issues.get(42)!.body)
        .items.filter((i) => i.checked)
        .map((i) => i.id),
    ).toEqual(
      parseIssue(body)
        .items.filter((i) => i.checked)
        .map((i) => i.id),
    );
  });

  it('a rollback unticks the PR item with a rolled-back note; a failed merge is a row; Overall Status follows the gate', async () => {
    const { maintenanceLog } = await import('../../../src/services/renovate/adapters.js');
    const { createIssueStore } = await import('../../../src/store/issue-store.js');
    const { readSeedText } = await import('../../../src/sim/seed/read-seed.js');
    const { parseIssue } = await import('../../../src/domain/issue/index.js');
    await client.editIssueBody(42, readSeedText('maintenance-body.md'));
    const issue = createIssueStore();
    issue.setState({ number: 42, editMode: 'content-version' });
    const log = maintenanceLog(client, issue, { timeZone: 'UTC' });
    await log.record({
      pr: 46,
      title: 'feat(deps): update kube-prometheus-stack to v83',
      outcome: 'merged abc1234; all layers GREEN',
      tick: true,
      status: 'GREEN',
    });
    expect(parseIssue(sim.world.issues.get(42)!.body)).toMatchObject({ overallStatus: 'GREEN' });
    expect(
      await log.record({
        pr: 46,
        title: 'Revert PR #46',
        outcome: 'rolled back by def5678; all layers GREEN',
        tick: false,
        kind: 'rolled-back',
        status: 'GREEN',
      }),
    ).toBe('unticked D4 in #42');
    const d4 = parseIssue(sim.world.issues.get(42)!.body).items.find((i) => i.id === 'D4')!;
    expect(d4).toMatchObject({ checked: false, stateNote: { kind: 'rolled-back' } });
    expect(
      await log.record({
        pr: 45,
        title: 'cert-manager',
        outcome: 'merge failed: after merge 1234567: cert-manager Degraded',
        tick: false,
        kind: 'failed',
        status: 'RED',
      }),
    ).toBe('logged for D3 in #42');
    const after = parseIssue(sim.world.issues.get(42)!.body);
    expect(after.items.find((i) => i.id === 'D3')!.checked).toBe(false);
    expect(after.overallStatus).toBe('RED');
    expect(after.changeLog!.rows.map((r) => r[1])).toEqual([
      expect.stringContaining('Merged Renovate PR #46'),
      expect.stringContaining('Rolled back Renovate PR #46'),
      expect.stringContaining('Merge failed for Renovate PR #45'),
    ]);
  });
});
