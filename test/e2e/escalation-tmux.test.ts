import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
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

const REASON = 'osd.8 disk dead, needs hardware';

describe.skipIf(skip)(`escalation in the live console, real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it('e with a typed reason: ESCALATED in the header, merge and step keys refused with nothing sent, S applies noout (verified on the Ceph simulator), U with "resume" lifts it', async () => {
    const world = await DemoWorld.start({ cephState: 'healthy', kubeState: 'healthy' });
    cleanup.push(() => world.close());
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-esc-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 160,
      rows: 48,
      env: liveConsoleEnv(world, tmp),
    });
    cleanup.push(() => c.kill());
    await c.waitFor(/Overall\s+√ GREEN/, 60_000);
    c.keys('Enter');
    await c.waitFor('Goal');
    c.keys('e');
    await c.waitFor('why escalate A1?');
    c.type(REASON);
    c.keys('Enter');
    await c.waitFor('> Cancel <', 20_000);
    const dialog = c.capture();
    const challenge = /Type (\S+) to confirm/.exec(dialog)?.[1];
    if (challenge) c.type(challenge);
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitFor(` ESCALATED  ■ ${REASON}`, 20_000);
    await waitFor(() => /needs-human|escalat/i.test(world.gitea.world.issues.get(42)!.body), { what: 'the escalation note in the issue' });

    // Every write key is off: nothing reaches any simulator.
    const writes = world.writes();
    // The step controls are off (the detail's own labels say so); the refusal itself is read on the main screen below.
    await c.waitFor('[s] start step (off)');
    c.keys('Escape');
    await c.waitFor('Layer health');
    c.keys('4');
    c.keys('m');
    await c.waitFor('merging a PR is stopped until you resume');
    expect(c.capture().trimEnd().split('\n').at(-1)).toMatch(/S safe state .*U resume/);
    expect(world.writes()).toEqual(writes);

    // The safe state: confirmed, run, verified.
    c.keys('S');
    await c.waitFor('ceph osd set noout', 20_000);
    const safe = /Type (\S+) to confirm/.exec(c.capture())?.[1];
    if (safe) c.type(safe);
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await waitFor(() => world.ceph.state.flags.has('noout'), { what: 'noout set on the Ceph simulator', timeoutMs: 20_000 });
    await c.waitFor(/flags: .*noout/, 20_000);

    // Resume needs the typed word.
    c.keys('U');
    await c.waitFor('Type resume to confirm');
    c.type('resume');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitForGone(' ESCALATED ', 20_000);
    await c.waitFor('resumed after the escalation: steps and merges may run again');
    expect(c.capture().trimEnd().split('\n').at(-1)).not.toContain('U resume');
  }, 150_000);
});
