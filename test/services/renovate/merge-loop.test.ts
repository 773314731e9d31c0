import type { ConfirmRequest } from '../../../src/domain/console-engine.js';
import { beforeEach, describe, expect, it } from 'vitest';
import { failingLayers, MergeLoop } from '../../../src/services/renovate/merge-loop.js';
import type { MaintenanceLog } from '../../../src/services/renovate/ports.js';
import type { JournalEntry } from '../../../src/services/journal/journal.js';
import { createQueueStore, type QueueStore } from '../../../src/store/queue-store.js';
import { FakeArgo, FakeClock, FakeGitea, argoGate, gateOf } from './fakes.js';

const table = (row: string) => `This PR contains the following updates:\n\n| Package | Update | Change |\n|---|---|---|\n${row}\n`;

let clock: FakeClock;
let gitea: FakeGitea;
let argo: FakeArgo;
let queue: QueueStore;
let logged: Array<{ pr: number; outcome: string; tick: boolean; kind?: string }>;
let loop: MergeLoop;
let gate: ReturnType<typeof argoGate>;

function makeLoop(extra: Partial<ConstructorParameters<typeof MergeLoop>[0]> = {}) {
  const log: MaintenanceLog = {
    record: async (e) => {
      logged.push(e);
      return `ticked PR #${e.pr}`;
    },
  };
  return new MergeLoop({ gitea, apps: argo, gate, queue, log, clock, pollMs: 2_000, refreshAfterMs: 20_000, ...extra });
}

beforeEach(() => {
  clock = new FakeClock();
  gitea = new FakeGitea({
    'kubernetes/platform/kured/values.yaml': 'tag: 5.6.0\n',
    'kubernetes/databases/postgres/values.yaml': 'tag: 17.6\n',
    'kubernetes/monitoring/grafana/Chart.yaml': 'version: 10.1.0\n',
  });
  argo = new FakeArgo(
    clock,
    [
      ['kured', 'kubernetes/platform/kured'],
      ['postgres', 'kubernetes/databases/postgres'],
      ['grafana', 'kubernetes/monitoring/grafana'],
    ],
    gitea.branches.get('main')!,
  );
  gitea.onMerged.push((sha, files) => argo.commit(sha, files));
  gitea.addPull(43, 'chore(deps): update all non-major dependencies', 'renovate/all-minor-patch', table('| kured | patch | `5.6.0` → `5.6.1` |'), {
    'kubernetes/platform/kured/values.yaml': 'tag: 5.6.1\n',
  });
  gitea.addPull(47, 'chore(deps): update postgres docker tag to v18', 'renovate/postgres-18.x', table('| postgres | major | `17.6` → `18.1` |'), {
    'kubernetes/databases/postgres/values.yaml': 'tag: 18.1\n',
  });
  gitea.addPull(44, 'chore(deps): update helm release grafana to v10.2.0', 'renovate/grafana-10.x', table('| grafana | minor | `10.1.0` → `10.2.0` |'), {
    'kubernetes/monitoring/grafana/Chart.yaml': 'version: 10.2.0\n',
  });
  queue = createQueueStore();
  logged = [];
  gate = argoGate(argo, clock);
  loop = makeLoop();
});

async function merge(pr: number, typed = String(pr)) {
  const plan = await loop.planMerge(pr);
  if (!plan.ok) throw new Error(plan.reason);
  return loop.runMerge(plan.request, typed);
}

describe('MergeLoop', () => {
  it('refreshes the queue into the store in merge order with affected apps and CI', async () => {
    await loop.refreshQueue();
    const s = queue.getState();
    expect(s.liveness.state).toBe('live');
    expect(s.prs.map((e) => [e.number, e.category, e.ci, e.affectedApps])).toEqual([
      [43, 'non-major', 'success', ['kured']],
      [44, 'monitoring', 'success', ['grafana']],
      [47, 'database', 'success', ['postgres']],
    ]);
  });

  it('merges the bound head, waits for OutOfSync → Synced at the merge commit, gates, ticks', async () => {
    const phases: string[] = [];
    queue.subscribe((s) => {
      if (s.loop && phases.at(-1) !== s.loop.phase) phases.push(s.loop.phase);
    });
    const plan = await loop.planMerge(43);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.request.binding).toEqual({ kind: 'pr', id: '43', version: gitea.pulls.get(43)!.head.sha });
    expect(plan.request.command).toContain(`"head_commit_id":"${gitea.pulls.get(43)!.head.sha}"`);
    expect(plan.request.challenge).toBeNull(); // LOW risk
    const r = await loop.runMerge(plan.request, '');
    expect(r).toMatchObject({ ok: true });
    const mergeSha = gitea.pulls.get(43)!.merge_commit_sha!;
    expect(argo.apps.find((a) => a.name === 'kured')).toMatchObject({ revision: mergeSha, syncStatus: 'Synced', healthStatus: 'Healthy' });
    expect(phases).toEqual(['checking', 'merging', 'waiting-sync', 'gating', 'ticking', 'done']);
    expect(gate.grades).toBe(1);
    // Overall Status follows the gate that let the merge through.
    expect(logged).toEqual([
      {
        pr: 43,
        title: 'chore(deps): update all non-major dependencies',
        outcome: expect.stringContaining('kured Synced+Healthy'),
        tick: true,
        kind: 'merged',
        status: 'GREEN',
      },
    ]);
    expect(queue.getState().loop).toMatchObject({ pr: 43, phase: 'done' });
    expect(queue.getState().prs.map((e) => e.number)).toEqual([44, 47]);
  });

  it('shows a countdown deadline while waiting and refreshes apps ArgoCD has not noticed', async () => {
    argo = new FakeArgo(clock, [['kured', 'kubernetes/platform/kured']], gitea.branches.get('main')!, 10 * 60_000);
    gitea.onMerged = [(sha, files) => argo.commit(sha, files)];
    gate = argoGate(argo, clock);
    loop = makeLoop();
    const deadlines: number[] = [];
    queue.subscribe((s) => {
      if (s.loop?.phase === 'waiting-sync' && s.loop.deadline) deadlines.push(s.loop.deadline);
    });
    const start = clock.now();
    expect(await merge(43)).toMatchObject({ ok: true });
    expect(argo.refreshes).toEqual(['kured']);
    expect(deadlines[0]).toBe(start + 300_000);
    expect(clock.now() - start).toBeGreaterThanOrEqual(20_000);
    expect(clock.now() - start).toBeLessThan(60_000);
  });

  it("the protocol's post-merge waits end on the loop's stop key: recorded as stopped (not failed), the loop stops", async () => {
    let signal: AbortSignal | null = null;
    let started!: () => void;
    const inGate = new Promise<void>((r) => (started = r));
    const journal: JournalEntry[] = [];
    loop = makeLoop({
      journal: { append: (e) => journal.push(e) },
      guard: {
        blockers: () => [],
        // Gate 1 waiting for pods that never come: only the stop ends it.
        afterMerge: async (_entry, _sha, context) => {
          signal = context?.signal ?? null;
          started();
          await new Promise<void>((r) => signal?.addEventListener('abort', () => r(), { once: true }));
          return { ok: false, reason: 'gate-1: the wait for the component pods was stopped', stopped: true };
        },
      },
    });
    const run = merge(43);
    await inGate;
    expect(signal).not.toBeNull();
    expect(loop.stopMergeLoop()).toBe(true);
    const r = await run;
    expect(r).toEqual({ ok: false, reason: 'after the merge: gate-1: the wait for the component pods was stopped' });
    expect(logged.at(-1)).toMatchObject({
      pr: 43,
      kind: 'stopped',
      tick: false,
      outcome: expect.stringMatching(/gate-1: the wait for the component pods was stopped/),
    });
    expect(journal.find((e) => e.type === 'outcome')).toMatchObject({ status: 'cancelled' });
    expect(loop.stoppedReason).toMatch(/the loop stopped after PR #43/);
  });

  it('a guard that does not stop the wait itself: a failure after the merge is recorded as failed', async () => {
    loop = makeLoop({ guard: { blockers: () => [], afterMerge: async () => ({ ok: false, reason: 'gate-2: Ceph HEALTH_WARN' }) } });
    const r = await merge(43);
    expect(r).toMatchObject({ ok: false });
    expect(logged.at(-1)).toMatchObject({ kind: 'failed' });
  });

  it("a merge whose sync fails tells the guard (the protocol's merge stage is failed there), and never runs its post-merge stages", async () => {
    argo.breaks.add('postgres');
    const failed: Array<{ pr: number; sha: string; reason: string }> = [];
    let after = 0;
    loop = makeLoop({
      guard: {
        blockers: () => [],
        afterMerge: async () => ((after += 1), { ok: true, message: 'protocol' }),
        mergeFailed: async (entry, sha, reason) => void failed.push({ pr: entry.number, sha, reason }),
      },
    });
    loop.acknowledgeChecklist(47, gitea.pulls.get(47)!.head.sha);
    expect((await merge(47)).ok).toBe(false);
    expect(failed).toEqual([{ pr: 47, sha: gitea.pulls.get(47)!.merge_commit_sha!, reason: expect.stringMatching(/postgres Synced\/Degraded/) }]);
    expect(after).toBe(0);
  });

  it('stops when the sync leaves an app Degraded, and merges nothing else', async () => {
    argo.breaks.add('postgres');
    loop.acknowledgeChecklist(47, gitea.pulls.get(47)!.head.sha);
    const r = await merge(47);
    expect(r.ok).toBe(false);
    expect(queue.getState().loop).toMatchObject({ pr: 47, phase: 'stopped' });
    expect(queue.getState().loop!.message).toMatch(/postgres Synced\/Degraded at .* nothing else will be merged/);
    // Recorded (the PR is merged) as a failed merge with the gate's status, never ticked.
    expect(logged).toEqual([
      expect.objectContaining({
        pr: 47,
        tick: false,
        kind: 'failed',
        status: expect.any(String),
        outcome: expect.stringMatching(/Degraded.*loop stopped, item not ticked/),
      }),
    ]);
    const next = await loop.planMerge(43);
    expect(next.ok).toBe(false);
    if (!next.ok) expect(next.reason).toMatch(/the loop stopped after PR #47/);
    expect(gitea.merges).toEqual([47]);
  });

  it('an app Degraded only briefly at the new revision (inside the grace) does not stop the loop', async () => {
    const t0 = clock.now();
    clock.onTick.push((now) => {
      const kured = argo.apps.find((a) => a.name === 'kured')!;
      if (kured.revision === gitea.pulls.get(43)?.merge_commit_sha) kured.healthStatus = now - t0 < 30_000 ? 'Degraded' : 'Healthy';
    });
    expect(await merge(43)).toMatchObject({ ok: true });
    expect(loop.stoppedReason).toBeNull();
  });

  it('head moved between the check and the merge: 409, nothing merged, the operator told', async () => {
    const plan = await loop.planMerge(43);
    if (!plan.ok) throw new Error(plan.reason);
    gitea.beforeMerge = (n) => {
      gitea.pushToPull(n, { 'kubernetes/platform/kured/values.yaml': 'tag: 5.6.2\n' });
      gitea.beforeMerge = null;
    };
    const r = await loop.runMerge(plan.request, '');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/head moved between the check and the merge \(409 head out of date\); nothing merged/);
    expect(gitea.merges).toEqual([]);
    expect(queue.getState().loop).toMatchObject({ pr: 43, phase: 'stopped' });
    // Nothing broke, so the loop is not halted: a fresh plan of the new head can proceed.
    expect(loop.stoppedReason).toBeNull();
    expect(await merge(43)).toMatchObject({ ok: true });
  });

  it('refuses a confirmed plan whose head moved before execution', async () => {
    const plan = await loop.planMerge(43);
    if (!plan.ok) throw new Error(plan.reason);
    gitea.pushToPull(43, { 'kubernetes/platform/kured/values.yaml': 'tag: 5.6.2\n' });
    const r = await loop.runMerge(plan.request, '');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/head moved since it was confirmed/);
    expect(gitea.merges).toEqual([]);
  });

  it('checks CI, the gate, the major checklist and the typed challenge before merging', async () => {
    gitea.ci.set(gitea.pulls.get(43)!.head.sha, { state: 'failure', total_count: 2 });
    expect(await loop.planMerge(43)).toMatchObject({ ok: false, reason: expect.stringMatching(/CI failure/) });
    gitea.ci.set(gitea.pulls.get(43)!.head.sha, { state: 'pending', total_count: 0 });
    expect(await loop.planMerge(43)).toMatchObject({ ok: true }); // no CI at all is fine

    const redGate = { current: () => gateOf('YELLOW', clock.now(), 'Application home-assistant OutOfSync'), fresh: async () => gateOf('GREEN', clock.now()) };
    loop = makeLoop({ gate: redGate });
    expect(await loop.planMerge(43)).toMatchObject({ ok: false, reason: expect.stringMatching(/Platform YELLOW \(Application home-assistant OutOfSync\)/) });
    loop = makeLoop({ gate: { current: () => null, fresh: async () => gateOf('GREEN', 0) } });
    expect(await loop.planMerge(43)).toMatchObject({ ok: false, reason: expect.stringMatching(/no health grade yet/) });

    loop = makeLoop();
    // A major update: the plan carries the release-notes and breaking-change checklist; confirming it
    // (typing the PR number) acknowledges the checklist for exactly this head.
    expect((await loop.check(47)).blockers).toEqual([expect.stringMatching(/acknowledge the release-notes and breaking-change checklist/)]);
    const items = await loop.checklist(47);
    expect(items.map((i) => i.id)).toEqual(expect.arrayContaining(['release-notes', 'crds', 'values-schema', 'secret-formats', 'db-backup']));
    const plan = await loop.planMerge(47);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.challenge).toBe('47'); // CRITICAL: type the PR number
    const notes = plan.request.notes.join('\n');
    for (const i of items) expect(notes).toContain(`[ ] ${i.text}`);
    expect(await loop.runMerge(plan.request, '4')).toMatchObject({ ok: false, reason: 'type 47 to confirm' });
    expect((await loop.check(47)).acknowledged).toBe(false);
    expect(gitea.merges).toEqual([]);
    // A new push after the plan: the confirmed plan no longer matches the head; nothing merges.
    gitea.pushToPull(47, { 'kubernetes/databases/postgres/values.yaml': 'tag: 18.2\n' });
    expect(await loop.runMerge(plan.request, '47')).toMatchObject({ ok: false, reason: expect.stringMatching(/head moved since it was confirmed/) });
    expect((await loop.check(47)).acknowledged).toBe(false);
    expect(gitea.merges).toEqual([]);
    const again = await loop.planMerge(47);
    if (!again.ok) throw new Error(again.reason);
    // The acknowledgement is a typed field of the plan, for this head; the notes' wording is not it.
    const head = gitea.pulls.get(47)!.head.sha;
    expect(again.request.acknowledges).toEqual({ kind: 'major-update-checklist', head, items: items.length });
    const { acknowledges: _dropped, ...withoutAck } = again.request;
    expect(await loop.runMerge(withoutAck, '47')).toMatchObject({ ok: false, reason: expect.stringMatching(/acknowledge the release-notes/) });
    expect(gitea.merges).toEqual([]);
    expect(await loop.runMerge(again.request, '47')).toMatchObject({ ok: true });
    expect(gitea.merges).toEqual([47]);
  });

  it('gives up after the sync timeout and stops the loop', async () => {
    argo.refresh = async () => undefined; // ArgoCD never picks it up
    argo.pending = [];
    gitea.onMerged = [() => undefined];
    const start = clock.now();
    const r = await merge(43);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/not Synced and Healthy within 300 s \(kured Synced\/Healthy at/);
    expect(clock.now() - start).toBe(300_000);
    expect(loop.stoppedReason).toMatch(/PR #43/);
  });

  it('the operator can stop a wait; it is recorded as stopped (journal cancelled), and nothing else merges until resumed', async () => {
    argo = new FakeArgo(clock, [['kured', 'kubernetes/platform/kured']], gitea.branches.get('main')!, 10 * 60_000);
    argo.refresh = async () => undefined;
    gitea.onMerged = [(sha, files) => argo.commit(sha, files)];
    const journal: JournalEntry[] = [];
    loop = makeLoop({ journal: { append: (e) => journal.push(e) } });
    expect(loop.stopMergeLoop()).toBe(false); // nothing waits yet
    const unsub = queue.subscribe((s) => {
      if (s.loop?.phase === 'waiting-sync') loop.stopMergeLoop();
    });
    const r = await merge(43);
    unsub();
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/stopped by the operator while waiting for merge \w+ to sync \(300 s were left\)/) });
    expect(logged.at(-1)).toMatchObject({ pr: 43, tick: false, kind: 'stopped', outcome: expect.stringMatching(/^merged \w+; stopped by the operator/) });
    expect(journal.find((e) => e.type === 'outcome')).toMatchObject({ status: 'cancelled', message: expect.stringMatching(/stopped by the operator/) });
    expect(queue.getState().loop).toMatchObject({ pr: 43, phase: 'stopped' });
    expect(await loop.planMerge(44)).toMatchObject({ ok: false });
    loop.resume();
    argo.apps[0]!.revision = gitea.pulls.get(43)!.merge_commit_sha!; // fixed by hand
    argo.apps[0]!.syncStatus = 'Synced';
    expect(await loop.planMerge(44)).toMatchObject({ ok: true });
  });

  it('dry run plans and checks but sends nothing', async () => {
    loop = makeLoop({ write: false });
    const plan = await loop.planMerge(43);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.dryRun).toBe(true);
    expect(await loop.runMerge(plan.request, '')).toMatchObject({ ok: true, message: 'dry run: PR #43 not merged' });
    expect(gitea.writes).toBe(0);
  });

  it('rolls back a merged PR in one commit restoring each file, then waits for the apps to sync back', async () => {
    argo.breaks.add('postgres');
    loop.acknowledgeChecklist(47, gitea.pulls.get(47)!.head.sha);
    await merge(47);
    expect(gitea.content('kubernetes/databases/postgres/values.yaml')).toBe('tag: 18.1\n');
    argo.breaks.delete('postgres');
    const plan = await loop.planRollback(47);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.action).toBe('rollback');
    expect(plan.request.challenge).toBe('47');
    expect(plan.request.command).toContain('"update kubernetes/databases/postgres/values.yaml"');
    const before = gitea.writes;
    const r = await loop.runRollback(plan.request, '47');
    expect(r).toMatchObject({ ok: true });
    expect(gitea.writes - before).toBe(1); // one commit
    expect(gitea.content('kubernetes/databases/postgres/values.yaml')).toBe('tag: 17.6\n');
    const pg = argo.apps.find((a) => a.name === 'postgres')!;
    expect([pg.revision, pg.syncStatus, pg.healthStatus]).toEqual([gitea.branches.get('main'), 'Synced', 'Healthy']);
    expect(logged.at(-1)).toMatchObject({ pr: 47, tick: false, outcome: expect.stringMatching(/rolled back/) });
  });

  it('rolls back through a branch and a PR when main is protected; refuses a stale plan', async () => {
    await merge(43);
    // A rollback it never planned (here: forged from the merge commit) is refused, nothing sent.
    const forged = {
      action: 'rollback',
      title: 'Roll back PR #43',
      target: 't',
      command: 'c',
      destructive: true,
      challenge: '43',
      notes: [],
      binding: { kind: 'pr', id: '43', version: gitea.pulls.get(43)!.merge_commit_sha ?? null },
      dryRun: false,
    } satisfies ConfirmRequest;
    const writes = gitea.writes;
    expect(await loop.runRollback(forged, '43')).toMatchObject({ ok: false, reason: 'no current rollback plan for PR #43; plan it again' });
    expect(gitea.writes).toBe(writes);
    const plan = await loop.planRollback(43);
    if (!plan.ok) throw new Error(plan.reason);
    gitea.commitOn('main', { 'README.md': 'x' });
    expect(await loop.runRollback(plan.request, '43')).toMatchObject({ ok: false });
    gitea.protectedBranches.add('main');
    const again = await loop.planRollback(43);
    if (!again.ok) throw new Error(again.reason);
    expect(again.request.target).toMatch(/protected: via branch revert-pr-43/);
    expect(await loop.runRollback(again.request, '43')).toMatchObject({ ok: true, message: 'revert PR #901 opened' });
    expect(gitea.created).toEqual([expect.objectContaining({ head: 'revert-pr-43', base: 'main' })]);
    expect(gitea.content('kubernetes/platform/kured/values.yaml', 'revert-pr-43')).toBe('tag: 5.6.0\n');
    expect(gitea.content('kubernetes/platform/kured/values.yaml')).toBe('tag: 5.6.1\n');
  });

  it('does not plan a rollback of an unmerged PR', async () => {
    expect(await loop.planRollback(44)).toMatchObject({ ok: false, reason: 'PR #44 is not merged' });
  });
});

describe('failingLayers', () => {
  it('names a failing layer by its worst offender, not by its first reason (often what is fine)', () => {
    const gate = gateOf('GREEN', 0);
    gate.overall = 'RED';
    gate.layers.system = {
      status: 'RED',
      healthyPercent: 90,
      reasons: ['18 kube-system pods Running', '1 pod CrashLoopBackOff'],
      offenders: [
        { kind: 'Pod', namespace: 'kube-system', name: 'coredns-1', status: 'YELLOW', reason: 'restarted 6 times' },
        { kind: 'Pod', namespace: 'kube-system', name: 'metrics-server-2', status: 'RED', reason: 'CrashLoopBackOff' },
      ],
    };
    const [line, ...rest] = failingLayers(gate);
    expect(rest).toEqual([]);
    expect(line).toMatch(/^System RED \(Pod kube-system\/metrics-server-2 CrashLoopBackOff/);
    expect(line).not.toContain('18 kube-system pods Running');
  });
});
