import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeEach, describe, expect, it } from 'vitest';
import { withDefaults } from '../../../src/domain/options.js';
import { configSchema } from '../../../src/services/config/schema.js';
import { DEFAULT_SYNC_TIMEOUT_MS, MergeLoop } from '../../../src/services/renovate/merge-loop.js';
import type { MaintenanceLog } from '../../../src/services/renovate/ports.js';
import { createQueueStore, type QueueStore } from '../../../src/store/queue-store.js';
import { FakeArgo, FakeClock, FakeGitea, argoGate } from './fakes.js';

// A wait is bounded whatever the caller passes: an option given as `undefined` (an unset config
// value forwarded by the live console) never replaces a default, and a long wait does not grow
// memory.

const table = (row: string) => `This PR contains the following updates:\n\n| Package | Update | Change |\n|---|---|---|\n${row}\n`;

let clock: FakeClock;
let gitea: FakeGitea;
let argo: FakeArgo;
let queue: QueueStore;
let logged: Array<{ pr: number; outcome: string; tick: boolean }>;
const log: MaintenanceLog = {
  record: async (e) => {
    logged.push(e);
    return `recorded PR #${e.pr}`;
  },
};

beforeEach(() => {
  clock = new FakeClock();
  gitea = new FakeGitea({ 'kubernetes/platform/kured/values.yaml': 'tag: 5.6.0\n' });
  // ArgoCD that never syncs the merge (its lag is ten hours) and ignores refreshes.
  argo = new FakeArgo(clock, [['kured', 'kubernetes/platform/kured']], gitea.branches.get('main')!, 10 * 3600_000);
  argo.refresh = async () => undefined;
  gitea.onMerged.push((sha, files) => argo.commit(sha, files));
  gitea.addPull(43, 'chore(deps): update all non-major dependencies', 'renovate/all-minor-patch', table('| kured | patch | `5.6.0` → `5.6.1` |'), {
    'kubernetes/platform/kured/values.yaml': 'tag: 5.6.1\n',
  });
  queue = createQueueStore();
  logged = [];
});

describe('withDefaults', () => {
  it('keeps every default an undefined option would erase, and takes every defined one', () => {
    const defaults = { a: 1, b: 'x', c: true, d: 0 };
    expect(withDefaults(defaults, { a: undefined, b: undefined, c: undefined, d: undefined })).toEqual(defaults);
    expect(withDefaults(defaults, { a: 2, b: '', c: false, d: undefined, e: 'extra' })).toEqual({ a: 2, b: '', c: false, d: 0, e: 'extra' });
    // A bare spread is the bug it replaces.
    expect({ ...defaults, ...{ a: undefined } }.a).toBeUndefined();
  });
});

describe('the merge loop wait is bounded by default', () => {
  it('an undefined syncTimeoutMs (and every other undefined option) keeps the 300 s limit', async () => {
    const loop = new MergeLoop({
      gitea,
      apps: argo,
      gate: argoGate(argo, clock),
      queue,
      log,
      clock,
      syncTimeoutMs: undefined,
      pollMs: undefined,
      refreshAfterMs: undefined,
      degradedGraceMs: undefined,
      write: undefined,
    });
    const plan = await loop.planMerge(43);
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.notes.join('\n')).toMatch(/waits up to 300 s for kured/);
    expect(plan.request.dryRun).toBe(false);
    const started = clock.now();
    const r = await loop.runMerge(plan.request, '');
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/not Synced and Healthy within 300 s/) });
    expect(clock.now() - started).toBe(DEFAULT_SYNC_TIMEOUT_MS);
    // The PR stays merged and the issue says the loop stopped; the item is not ticked.
    expect(gitea.pulls.get(43)!.merged).toBe(true);
    expect(logged).toEqual([expect.objectContaining({ pr: 43, tick: false, outcome: expect.stringMatching(/^merged \w+; .*loop stopped, item not ticked/) })]);
  });

  it('the config file default is the workflow’s 5 minutes', () => {
    expect(configSchema.parse({}).renovate.syncTimeoutSeconds).toBe(300);
    expect(() => configSchema.parse({ renovate: { syncTimeoutSeconds: 0 } })).toThrow();
  });

  it('the countdown deadline is in the store while waiting, and the stop leaves the PR merged and the loop stopped, recorded', async () => {
    const loop = new MergeLoop({ gitea, apps: argo, gate: argoGate(argo, clock), queue, log, clock });
    const deadlines: Array<number | null> = [];
    const unsub = queue.subscribe((s) => {
      if (s.loop?.phase !== 'waiting-sync') return;
      deadlines.push(s.loop.deadline);
      if (deadlines.length === 3) loop.stopMergeLoop();
    });
    const plan = await loop.planMerge(43);
    if (!plan.ok) throw new Error(plan.reason);
    const started = clock.now();
    const r = await loop.runMerge(plan.request, '');
    unsub();
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/stopped by the operator/) });
    expect(new Set(deadlines).size).toBe(1);
    expect(deadlines[0]).toBeGreaterThanOrEqual(started + DEFAULT_SYNC_TIMEOUT_MS);
    expect(gitea.pulls.get(43)!.merged).toBe(true);
    expect(loop.stoppedReason).toMatch(/stopped by the operator/);
    expect(logged).toEqual([expect.objectContaining({ pr: 43, tick: false, outcome: expect.stringMatching(/stopped by the operator/) })]);
  });
});

/** A real GC between samples, so heap figures are live objects rather than garbage not yet collected. */
function collect(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

describe('memory during a long wait', () => {
  it('stays flat across 10,000 polls of a six-hour simulated wait', async () => {
    const loop = new MergeLoop({ gitea, apps: argo, gate: argoGate(argo, clock), queue, log, clock, syncTimeoutMs: 6 * 3600_000, pollMs: 2_000 });
    const samples: number[] = [];
    let polls = 0;
    clock.onTick.push(() => {
      polls += 1;
      if (polls % 1000 === 0) {
        collect();
        samples.push(process.memoryUsage().heapUsed);
      }
    });
    const plan = await loop.planMerge(43);
    if (!plan.ok) throw new Error(plan.reason);
    const r = await loop.runMerge(plan.request, '');
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/within 21600 s/) });
    expect(polls).toBeGreaterThanOrEqual(10_000);
    // From the second sample on (warm-up done) the heap may wobble but not climb with the polls.
    const grown = samples.at(-1)! - samples[1]!;
    expect(grown, `heap samples (MB): ${samples.map((b) => (b / 1e6).toFixed(1)).join(' ')}`).toBeLessThan(4e6);
  }, 60_000);
});
