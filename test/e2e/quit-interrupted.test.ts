import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/services/journal/journal.js';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';
import { EXIT_MARKER, TmuxConsole, hasTmux, liveConsoleEnv } from './tmux.js';

beforeAll(ensureBundle, 180_000);

const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

/** The live console (`homelab-console --issue 42`), as an operator starts it, against the demo world's simulators in this process. */
async function liveConsole(): Promise<{ world: DemoWorld; screen: TmuxConsole; state: string }> {
  const world = await DemoWorld.start();
  cleanup.push(() => world.close());
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-quit-'));
  cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));
  const state = path.join(tmp, 'state');
  const screen = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
    columns: 160,
    rows: 48,
    env: liveConsoleEnv(world, tmp),
  });
  cleanup.push(() => screen.kill());
  return { world, screen, state };
}

const body = (world: DemoWorld) => world.gitea.world.issues.get(42)!.body;

describe.skipIf(skip)(`quitting during a verdict in real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it('q while B1 awaits its verdict asks (Cancel first); confirming leaves "interrupted" in the issue Change Log and the journal', async () => {
    const { world, screen: c, state } = await liveConsole();
    await c.waitFor(/crashes: [1-9]\d* new/, 60_000);
    c.keys('/');
    c.type('Archive Ceph crash');
    c.keys('Enter');
    await c.waitFor(/\/Archive Ceph crash \(1\)/);
    c.keys('Enter');
    await c.waitFor('B1  Archive Ceph crash reports');
    c.keys('s');
    await c.waitFor('> Cancel <');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitFor(/step awaiting-judgement: gate (GREEN|YELLOW|RED)/, 30_000);
    const before = body(world);

    // Back to the panes (q on a detail screen goes back), then q asks.
    c.keys('Escape');
    await c.waitFor('Layer health');
    c.keys('q');
    await c.waitFor('Quit while work is in progress?');
    await c.waitFor('awaits your verdict');
    // Cancel is focused: Enter does not quit; Esc closes the question and the console runs on.
    c.keys('Enter');
    await c.waitFor('Cancel is focused');
    c.keys('Escape');
    await c.waitForGone('Quit while work is in progress?');
    expect(c.capture()).not.toContain(EXIT_MARKER);
    expect(body(world)).toBe(before);

    c.keys('q');
    await c.waitFor('Quit while work is in progress?');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitFor(`${EXIT_MARKER} 0`, 30_000);

    const after = body(world);
    const b1 = after.split('\n').find((l) => /^- \[[ xX]\] \*\*B1 /.test(l))!;
    // Not ticked: its outcome is unknown.
    expect(b1).toMatch(/^- \[ \] \*\*B1 /);
    const log = after.split(/^## Change Log\s*$/m)[1] ?? '';
    expect(log).toMatch(/\| B1[^|\n]*\|[^\n]*interrupted — outcome unknown/);

    const journal = path.join(state, 'homelab-console', 'journal.jsonl');
    await waitFor(() => existsSync(journal), { what: 'the journal' });
    const { entries } = new Journal(journal).read();
    expect(entries.some((e) => e.type === 'outcome' && e.status === 'interrupted' && /interrupted — outcome unknown/.test(e.message ?? ''))).toBe(true);
    expect(entries.some((e) => e.type === 'event' && e.event === 'interrupted')).toBe(true);
  }, 120_000);
});
