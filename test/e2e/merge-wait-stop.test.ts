import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/services/journal/journal.js';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';
import { TmuxConsole, hasTmux, liveConsoleEnv } from './tmux.js';

beforeAll(ensureBundle, 180_000);

const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describe.skipIf(skip)(`a merge wait in the live console, real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it('counts down in the header from the 300 s default, x stops it: PR merged, loop stopped, a "stopped" Change Log row and a cancelled journal outcome', async () => {
    // A healthy homelab (GREEN gate) whose ArgoCD takes ten minutes to sync: the wait cannot end by itself here.
    const world = await DemoWorld.start({ cephState: 'healthy', kubeState: 'healthy', timing: { syncDurationMs: 600_000, autoSyncDelayMs: 600_000 } });
    cleanup.push(() => world.close());
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-wait-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));
    const state = path.join(tmp, 'state');
    // The live console as an operator starts it (no --demo): its wait must be bounded by the default.
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 160,
      rows: 48,
      env: liveConsoleEnv(world, tmp),
    });
    cleanup.push(() => c.kill());
    await c.waitFor(/GREEN/, 60_000);
    c.keys('4');
    c.keys('/');
    c.type('cert-manager');
    c.keys('Enter');
    await c.waitFor(/\/cert-manager \(\d\)/);
    c.keys('m');
    await c.waitFor('Type 45 to confirm', 20_000);
    expect(c.capture()).toMatch(/waits up to 300 s for cert-manager/);
    c.type('45');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');

    const counting = await c.waitFor(/WAIT PR #45 sync (\d+)\/300 s left \(x stops\)/, 30_000);
    const first = Number(/WAIT PR #45 sync (\d+)\//.exec(counting)![1]);
    expect(first).toBeLessThanOrEqual(300);
    // It counts down (one poll of the screen per 10 ms until a smaller number shows).
    await c.waitFor(new RegExp(`WAIT PR #45 sync (?!${first}/)\\d+/300 s left`), 10_000);
    expect(c.capture().trimEnd().split('\n').at(-1)).toContain('x stop wait');
    expect(world.gitea.world.issues.get(45)!.pull!.merged).toBe(true);

    c.keys('x');
    await c.waitFor('Stopping the wait for PR #45');
    await c.waitForGone('WAIT PR #45', 20_000);

    const logOf = () => world.gitea.world.issues.get(42)!.body.split(/^## Change Log\s*$/m)[1] ?? '';
    await waitFor(() => /Stopped the wait for Renovate PR #45/.test(logOf()), { what: 'the stopped row in the Change Log', timeoutMs: 20_000 });
    expect(logOf()).toMatch(/stopped by the operator while waiting for merge \w+ to sync/);
    // Still merged, never ticked: the operator decides what comes next.
    const d3 = world.gitea.world.issues
      .get(42)!
      .body.split('\n')
      .find((l) => /\*\*D3 /.test(l))!;
    expect(d3).toMatch(/^- \[ \] /);

    const journal = path.join(state, 'homelab-console', 'journal.jsonl');
    await waitFor(() => existsSync(journal) && new Journal(journal).read().entries.some((e) => e.type === 'outcome' && e.status === 'cancelled'), {
      what: 'a cancelled outcome in the journal',
    });
    const outcome = new Journal(journal).read().entries.find((e) => e.type === 'outcome' && e.status === 'cancelled')!;
    expect(outcome).toMatchObject({ message: expect.stringMatching(/stopped by the operator/) });
    // The loop stays stopped (the queue says so) and offers to continue, once what it waited for is fixed.
    await c.waitFor('[#45 stopped]');
    expect(c.capture().trimEnd().split('\n').at(-1)).toContain('c continue loop');
  }, 150_000);
});
