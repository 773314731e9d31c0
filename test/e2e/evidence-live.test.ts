import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { FAST_TIMING } from '../../src/sim/kube/index.js';
import { ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';
import { TmuxConsole, hasTmux, liveConsoleEnv } from './tmux.js';

beforeAll(ensureBundle, 180_000);

const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** Rows of the body's Change Log table (header and delimiter excluded). */
const changeLogRows = (body: string) =>
  (body.split(/^## Change Log\s*$/m)[1] ?? '')
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);

// The evidence of a step and the record it leaves, as an operator sees them in the live console
// (no --demo) in real tmux against the demo simulators: E1 runs to its verdict, its pool table has
// scrolled out of the output area, `o` shows all of it and `/` finds the table; `i` shows the body
// with the Change Log row the console appended, and then a row a person adds in Gitea's web UI
// appears in the open view with no key pressed, named as someone else's change, with its author.
describe.skipIf(skip)(`the evidence and the live issue in real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it("E1's full output is searchable after its verdict; the issue view follows the Change Log, a person's row included", async () => {
    const world = await DemoWorld.start({ timing: FAST_TIMING });
    cleanup.push(() => world.close());
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-evidence-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 160,
      rows: 48,
      // Node's compile cache outside tmp: the console, killed with the tmux server, may still be writing it.
      env: { ...liveConsoleEnv(world, tmp), NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'node-compile-cache') },
    });
    cleanup.push(() => c.kill());
    const issue = () => world.gitea.world.issues.get(42)!;
    await c.waitFor(/Action items \d+\/\d+/, 60_000);
    await c.waitFor('HEALTH_ERR', 30_000);

    // E1, read-only: start, confirm, verdict with a note.
    c.keys('/');
    await c.waitFor('filter items (Enter keeps');
    // Under load a typed key can be lost: the prompt shows what arrived; type again until it is all there.
    await waitFor(
      async () => {
        c.keys('-N', '40', 'BSpace');
        c.type('Check Ceph capacity');
        return (await c.waitFor('/Check Ceph capacity', 3_000).catch(() => null)) !== null;
      },
      { what: 'the filter typed', timeoutMs: 30_000 },
    );
    c.keys('Enter');
    await c.waitFor(/\/Check Ceph capacity \(1\)/);
    c.keys('Enter');
    await c.waitFor('E1  Check Ceph capacity', 20_000);
    c.keys('s');
    await c.waitFor('> Cancel <', 20_000);
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitFor(/step awaiting-judgement[^:\n]*: gate (GREEN|YELLOW|RED)/, 60_000);
    c.keys('p');
    await c.waitFor('pass E1, note (optional):');
    c.type('pools under 55%');
    c.keys('Enter');
    const judged = await c.waitFor(/step passed[^\n]*: ticked/, 30_000);
    await waitFor(() => /^- \[x\] \*\*E1 /m.test(issue().body), { what: 'E1 ticked in #42', timeoutMs: 20_000 });
    // ceph df's first table (raw storage) has scrolled out of the output area: only o shows it now.
    expect(judged).toMatch(/o: all \d+ lines/);
    expect(judged).toMatch(/osd\.8/);
    expect(judged).not.toContain('RAW STORAGE');

    c.keys('o');
    await c.waitFor(/Output: .*E1.* passed/);
    c.keys('/');
    c.type('%raw used');
    c.keys('Enter');
    // Any case; the match is marked and in the window.
    const found = await c.waitFor(/1 matching line/);
    expect(found).toMatch(/> CLASS +SIZE +AVAIL +USED +RAW USED +%RAW USED/);
    c.keys('Escape');
    await c.waitForGone('matching line');

    // The issue view: the console's own change first in the history, its Change Log row in the table.
    c.keys('i');
    const view = await c.waitFor(/Issue #42: the live body[\s\S]*Changes since the session opened/, 20_000);
    // (The line wraps at the width: words may be split over two lines.)
    expect(view).toMatch(/this console +done E1\b[\s\S]*?ticked\s+E1;\s+1\s+Change\s+Log\s+row\s+appended/);
    // A person appends a row in the web UI (a compare-and-swap save, as Gitea's editor does).
    const rows = changeLogRows(issue().body);
    const last = rows.at(-1)!;
    const human = '| 2026-12-02 18:04 | Checked the rack fans after the purge | admin | all spinning |';
    const saved = world.gitea.world.saveBody(42, issue().body.replace(last, `${last}\n${human}`), 'admin', issue().contentVersion);
    expect(saved.ok).toBe(true);
    // No key pressed: the next poll brings it into the open view, with who changed it. Gitea's API
    // names no editor: who is the User its row names.
    const seen = await c.waitFor(/elsewhere +1\s+Change\s+Log\s+row\s+appended\s+by\s+admin/, 45_000);
    expect(seen).toContain('Changes since the session opened (2, newest first)');
    // And the row itself, in the Change Log table's columns.
    c.keys('/');
    c.type('rack fans');
    c.keys('Enter');
    const row = await c.waitFor(/matching line/);
    expect(row).toMatch(/> .*Checked the rack fans after the purge *│ admin *│ all spinning/);
  }, 240_000);
});
