import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SUMMARY_MARKER } from '../../src/domain/closure/summary.js';
import { Journal, stepRecords, unknownOutcomes } from '../../src/services/journal/journal.js';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { FAST_TIMING } from '../../src/sim/kube/index.js';
import { ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';
import { EXIT_MARKER, TmuxConsole, hasTmux, liveConsoleEnv } from './tmux.js';

beforeAll(ensureBundle, 180_000);

const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

const ISSUE_PATCH = '/repos/ops/homelab/issues/42';

async function setup(options: Parameters<typeof DemoWorld.start>[0] = {}) {
  const world = await DemoWorld.start(options);
  cleanup.push(() => world.close());
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-inflight-'));
  cleanup.push(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));
  const env = { ...liveConsoleEnv(world, tmp), NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'node-compile-cache') };
  const start = () => {
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], { columns: 170, rows: 48, env });
    cleanup.push(() => c.kill());
    return c;
  };
  const journal = new Journal(path.join(tmp, 'state', 'homelab-console', 'journal.jsonl'));
  const issue = () => world.gitea.world.issues.get(42)!;
  const logRows = (re: RegExp) => (issue().body.split(/^## Change Log\s*$/m)[1] ?? '').split('\n').filter((l) => l.startsWith('|') && re.test(l));
  return { world, start, journal, issue, logRows };
}

/** kill -9 of the console (the tmux pane's shell reports 137), then the pane is closed. */
async function killNine(c: TmuxConsole) {
  c.signal('KILL');
  await c.waitFor(`${EXIT_MARKER} 137`, 15_000);
  c.kill();
}

const quickItem = `- [ ] **A2 P0 All**: Note the time before the work
  - **Goal**: A mark in the output
  - **Commands**:
    \`\`\`bash
    echo noted
    \`\`\`
  - **Expected**: noted
  - **If fails**: Stop
  - **Rollback**: N/A (read-only)

`;

describe.skipIf(skip)(`kill -9 while a write is in flight, restart, in real tmux against the simulators${skip ? ' (tmux not installed)' : ''}`, () => {
  it('during a body write (the step outcome landed, its answer never came): the restart says it landed, marking it writes nothing again — one tick, one row', async () => {
    const { world, start, journal, issue, logRows } = await setup();
    world.gitea.world.saveBody(42, issue().body.replace('### Critical (P0)', `${quickItem}### Critical (P0)`), 'alice');
    const first = start();
    await first.waitFor(/crashes: [1-9]\d* new/, 60_000);
    first.keys('/');
    await first.waitFor('filter items');
    first.type('Note the time');
    await first.waitFor(/\/Note the time \(1\)/);
    first.keys('Enter');
    first.keys('Enter');
    await first.waitFor('A2  Note the time before the work');
    first.keys('s');
    await first.waitFor('> Cancel <');
    first.keys('Tab');
    await first.waitFor('> OK <');
    first.keys('Enter');
    await first.waitFor(/step awaiting-judgement(, exit 0)?: gate/, 60_000);
    first.keys('p');
    await first.waitFor('pass A2, note (optional):');
    // The PATCH that ticks A2 lands, its answer is held: the console is killed not knowing.
    world.gitea.faults.add({ method: 'PATCH', path: ISSUE_PATCH, fault: { kind: 'stall-answer', ms: 120_000 }, times: 1 });
    first.keys('Enter');
    await waitFor(() => /^- \[x\] \*\*A2 /m.test(issue().body), { what: 'the tick of A2 to land in #42', timeoutMs: 30_000 });
    await killNine(first);

    const [write, ...others] = unknownOutcomes(journal.read().entries);
    expect(others).toEqual([]);
    expect(write!.intent).toMatchObject({ kind: 'body-write', inFlight: { what: 'body-write', issue: 42 } });
    expect(write!.events.find((e) => e.event === 'progress' && e.lines)?.lines?.adds.some((l) => /^- \[x\] \*\*A2 /.test(l))).toBe(true);
    expect(logRows(/Note the time/)).toHaveLength(1);

    const second = start();
    const screen = await second.waitFor(/Outcome unknown — verify[\s\S]*now: landed: the body of #42 contains this edit/, 60_000);
    expect(screen).toContain('Write to #42');
    second.keys('p');
    await second.waitFor(/recorded in the journal \(nothing\s+written to the issue again\)/, 30_000);
    expect(unknownOutcomes(journal.read().entries)).toEqual([]);
    const again = stepRecords(journal.read().entries).find((r) => r.intent.stepId === write!.intent.stepId)!;
    expect(again.outcome).toMatchObject({ status: 'verified-by-operator' });
    // Journal and body agree, and nothing was written twice.
    expect(issue().body.match(/^- \[x\] \*\*A2 /gm)).toHaveLength(1);
    expect(logRows(/Note the time/)).toHaveLength(1);
    expect(logRows(/Verify/)).toEqual([]);
  }, 240_000);

  it('during a merge wait: the restart names PR #45 and that Gitea says it merged; the finding is one row, nothing merged or logged twice', async () => {
    const { world, start, journal, logRows } = await setup({
      cephState: 'healthy',
      kubeState: 'healthy',
      timing: { syncDurationMs: 600_000, autoSyncDelayMs: 600_000 },
    });
    const first = start();
    await first.waitFor(/GREEN/, 60_000);
    first.keys('4');
    first.keys('/');
    first.type('cert-manager');
    first.keys('Enter');
    await first.waitFor(/\/cert-manager \(\d\)/);
    first.keys('m');
    await first.waitFor('Type 45 to confirm', 20_000);
    first.type('45');
    first.keys('Tab');
    await first.waitFor('> OK <');
    first.keys('Enter');
    await first.waitFor(/WAIT PR #45 sync \d+\/300 s left/, 30_000);
    await waitFor(() => stepRecords(journal.read().entries).some((r) => r.events.some((e) => /^merged \w+; waiting for/.test(e.detail))), {
      what: 'the merge progress in the journal',
    });
    await killNine(first);
    expect(world.gitea.world.issues.get(45)!.pull!.merged).toBe(true);

    const [merge, ...others] = unknownOutcomes(journal.read().entries);
    expect(others).toEqual([]);
    expect(merge!.intent).toMatchObject({ kind: 'merge', inFlight: { what: 'merge', pr: 45 } });

    const second = start();
    await second.waitFor(/Outcome unknown — verify[\s\S]*now: Gitea says PR #45 is merged/, 60_000);
    expect(second.capture()).toMatch(/progress: merged \w+; waiting for cert-manager to sync/);
    await second.waitFor('issue #42');
    second.keys('p');
    await second.waitFor('recorded in the journal and the Change Log', 30_000);
    expect(unknownOutcomes(journal.read().entries)).toEqual([]);
    // One row for PR #45 — the operator's finding — and no second merge.
    await waitFor(() => logRows(/#45/).length > 0, { what: 'the finding in the Change Log' });
    expect(logRows(/#45/)).toHaveLength(1);
  }, 240_000);

  it('during the closure (notes written, the title PATCH in flight): the restart names which of its writes completed; :close finishes it with one summary and one closure row', async () => {
    const { world, start, journal, issue, logRows } = await setup({ cephState: 'healthy', kubeState: 'healthy', timing: FAST_TIMING });
    const first = start();
    await first.waitFor(/Action items \d+\/\d+/, 60_000);
    world.gitea.world.saveBody(42, issue().body.replace(/^- \[ \]/gm, '- [x]'), 'admin', issue().contentVersion);
    await first.waitFor('final recon GREEN: nothing found; :close prepares the closure', 90_000);
    const close = async (c: TmuxConsole) => {
      c.keys(':');
      c.type('close');
      c.keys('Enter');
      await c.waitFor(/nothing is written until you type 42|closure was started/, 60_000);
      c.keys('c');
      await c.waitFor('type 42 to close #42 as [RESOLVED]');
      c.type('42');
      c.keys('Enter');
    };
    // The title PATCH is held before Gitea handles it: the notes are in, the title and the close are not.
    world.gitea.faults.add({ method: 'PATCH', path: ISSUE_PATCH, body: /^\{"title":/, fault: { kind: 'latency', ms: 120_000 }, times: 1 });
    await close(first);
    await waitFor(() => stepRecords(journal.read().entries).some((r) => r.intent.kind === 'closure' && r.events.some((e) => /^notes written/.test(e.detail))), {
      what: 'the closure notes written, in the journal',
      timeoutMs: 60_000,
    });
    expect(issue().body.startsWith(SUMMARY_MARKER)).toBe(true);
    await waitFor(() => world.gitea.faults.fired.latency === 1, { what: 'the title PATCH to reach Gitea (and be held)' });
    await killNine(first);
    expect(issue().title).not.toMatch(/RESOLVED/);

    const unknown = unknownOutcomes(journal.read().entries);
    expect(unknown.map((r) => r.intent.kind)).toEqual(['closure']);

    const second = start();
    await second.waitFor(/Outcome unknown — verify[\s\S]*#42 now: written: notes; not written: title, close/, 60_000);
    expect(second.capture()).toContain('progress: notes written: summary, Closure section, Change Log row');
    await second.waitFor('issue #42');
    second.keys('p');
    await second.waitFor(/recorded in the journal \(nothing\s+written to the issue again\)/, 30_000);
    // Every unknown answered, the verify screen gives way to the console by itself.
    await second.waitFor('every unknown outcome is answered and recorded');
    await close(second);
    await second.waitFor(/closed: body already, title written, state written/, 60_000);
    expect(issue().state).toBe('closed');
    expect(issue().title).toMatch(/^\[RESOLVED\] /);
    expect(issue().body.split(SUMMARY_MARKER)).toHaveLength(2);
    expect(logRows(/Closure: summary written/)).toHaveLength(1);
    expect(unknownOutcomes(journal.read().entries)).toEqual([]);
  }, 360_000);
});
