import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journal, spawnedGroups, stepRecords, unknownOutcomes } from '../../src/services/journal/journal.js';
import { groupAlive } from '../../src/services/runner/process-group.js';
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

/** A runbook item whose command starts a subprocess that outlives a quick look: it says it started, then sleeps. */
const slowItem = (marker: string) => `- [ ] **A2 P0 All**: Wait for the cluster to settle
  - **Goal**: Give the controllers a while after the preflight
  - **Commands**:
    \`\`\`bash
    echo settling > ${marker}; sleep 300
    \`\`\`
  - **Expected**: nothing changes
  - **If fails**: Stop
  - **Rollback**: N/A (read-only)

`;

async function setup() {
  const world = await DemoWorld.start();
  cleanup.push(() => world.close());
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-crash-'));
  cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));
  const marker = path.join(tmp, 'step-started');
  const issue = world.gitea.world.issues.get(42)!;
  world.gitea.world.saveBody(42, issue.body.replace('### Critical (P0)', `${slowItem(marker)}### Critical (P0)`), 'alice');
  const env = liveConsoleEnv(world, tmp);
  const start = () => {
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], { columns: 170, rows: 48, env });
    cleanup.push(() => c.kill());
    return c;
  };
  const journal = new Journal(path.join(tmp, 'state', 'homelab-console', 'journal.jsonl'));
  return { world, tmp, marker, start, journal };
}

/** Opens A2 and starts it through the confirmation dialog; resolves once its subprocess runs. */
async function startA2(c: TmuxConsole, marker: string) {
  await c.waitFor(/crashes: [1-9]\d* new/, 60_000);
  c.keys('/');
  await c.waitFor('filter items');
  c.type('to settle');
  await c.waitFor(/\/to settle \(1\)/);
  c.keys('Enter');
  c.keys('Enter');
  await c.waitFor('A2  Wait for the cluster to settle');
  c.keys('s');
  await c.waitFor('> Cancel <');
  c.keys('Tab');
  await c.waitFor('> OK <');
  c.keys('Enter');
  await waitFor(() => existsSync(marker), { what: "the step's subprocess to start", timeoutMs: 30_000 });
}

const pgidOf = (journal: Journal) => {
  const a2 = stepRecords(journal.read().entries).find((r) => r.intent.itemId === 'A2');
  return a2 ? (spawnedGroups(a2)[0] ?? null) : null;
};

describe.skipIf(skip)(`a crash is remembered, in real tmux against the simulators${skip ? ' (tmux not installed)' : ''}`, () => {
  it('kill -9 during a step: the journal says outcome unknown with its pgid; the restarted console shows it first, reports the survivor, refuses steps until it is marked; the mark reaches journal and body', async () => {
    const { world, marker, start, journal } = await setup();
    const first = start();
    await startA2(first, marker);
    const pgid = await waitFor(() => pgidOf(journal), { what: 'the spawned event with the pgid' });
    expect(groupAlive(pgid)).toBe(true);

    // The whole console dies at once, its watchdog too (an OOM kill or a killed session scope): the step survives.
    const watchdogs = execFileSync('pgrep', ['-f', `g=${pgid};`], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .map(Number);
    first.signal('KILL');
    for (const w of watchdogs) process.kill(w, 'SIGKILL');
    await first.waitFor(`${EXIT_MARKER} 137`, 15_000);
    cleanup.push(() => {
      if (groupAlive(pgid)) process.kill(-pgid, 'SIGKILL');
    });
    expect(groupAlive(pgid)).toBe(true);
    first.kill();

    const unknown = unknownOutcomes(journal.read().entries);
    expect(unknown.map((r) => [r.intent.itemId, r.outcome])).toEqual([['A2', null]]);

    // Restarted: the unknown outcome comes first, with the survivor named.
    const second = start();
    const screen = await second.waitFor('Outcome unknown — verify: the console stopped while this step ran', 60_000);
    expect(screen).toContain('Run A2: Wait for the cluster to settle');
    expect(screen).toContain(`echo settling > ${marker}; sleep 300`);
    expect(screen).toContain('known: no outcome: the console died while it ran');
    await second.waitFor(new RegExp(`its process group ${pgid} is STILL RUNNING: \\d+ sleep 300`));

    // Anything that acts waits for the verdict on it.
    second.keys('q');
    await second.waitFor('Layer health');
    second.keys('/');
    await second.waitFor('filter items');
    second.type('Archive Ceph');
    await second.waitFor(/\/Archive Ceph \(1\)/);
    second.keys('Enter');
    second.keys('Enter');
    await second.waitFor('B1  Archive Ceph crash reports');
    second.keys('s');
    await second.waitFor('starting a step waits: outcome unknown — verify: Run A2: Wait for the cluster to settle');
    expect(second.capture()).not.toContain('> Cancel <');

    // The operator stops the survivor, checks, and marks it failed: journal and Change Log say so.
    process.kill(-pgid, 'SIGKILL');
    second.keys(':');
    second.type('verify');
    second.keys('Enter');
    await second.waitFor('this step ran');
    await second.waitFor('issue #42');
    second.keys('f');
    await second.waitFor('recorded in the journal and the Change Log', 30_000);
    const a2 = stepRecords(journal.read().entries).find((r) => r.intent.itemId === 'A2')!;
    expect(a2.outcome).toMatchObject({ status: 'failed' });
    expect(a2.events.map((e) => e.event)).toEqual(['spawned', 'verified', 'body-updated']);
    const body = world.gitea.world.issues.get(42)!.body;
    expect(body).toMatch(/^- \[ \] \*\*A2 /m);
    expect(body).toMatch(/\| Verify Run A2: Wait for the cluster to settle \|.*outcome unknown — verify after a crash .*verified failed by the operator/);
    expect(unknownOutcomes(journal.read().entries)).toEqual([]);
  }, 240_000);

  it('kill -9 of the console alone: its watchdog ends the step group; the restarted console says the group is gone. SIGTERM during a step: the group is gone when the console has exited', async () => {
    const { marker, start, journal } = await setup();
    const first = start();
    await startA2(first, marker);
    const pgid = await waitFor(() => pgidOf(journal), { what: 'the spawned event with the pgid' });
    first.signal('KILL');
    await first.waitFor(`${EXIT_MARKER} 137`, 15_000);
    await waitFor(() => !groupAlive(pgid), { what: 'the step group to die with the console', timeoutMs: 20_000 });
    first.kill();

    const second = start();
    await second.waitFor('Outcome unknown — verify', 60_000);
    await second.waitFor(`process group ${pgid}: gone`);
    await second.waitFor('issue #42');
    second.keys('u');
    await second.waitFor('recorded in the journal and the Change Log', 30_000);

    // Still unknown is recorded and lets this session run: A2 again, then SIGTERM while it runs.
    rmSync(marker);
    await second.waitFor('Layer health');
    await startA2(second, marker);
    const pgid2 = await waitFor(
      () => {
        const groups = stepRecords(journal.read().entries)
          .filter((r) => r.intent.itemId === 'A2')
          .flatMap(spawnedGroups);
        return groups.length === 2 ? groups[1]! : null;
      },
      { what: 'the second run of A2 to journal its pgid' },
    );
    second.signal('TERM');
    await second.waitFor(`${EXIT_MARKER} 143`, 30_000);
    expect(groupAlive(pgid2)).toBe(false);
    const last = stepRecords(journal.read().entries).filter((r) => r.intent.itemId === 'A2')[1]!;
    expect(last.outcome).toMatchObject({ status: 'interrupted' });
    expect(readFileSync(journal.file, 'utf8').endsWith('\n')).toBe(true);
  }, 240_000);
});
