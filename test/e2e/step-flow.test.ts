import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createKubeCephExecutor } from '../../src/services/ceph/kube-executor.js';
import type { CephExecutor } from '../../src/services/ceph/executor.js';
import { loadKubeTarget } from '../../src/services/kube/kubeconfig.js';
import { COMMANDS } from '../../src/ui/keys/commands.js';
import { displayBinding } from '../../src/ui/keys/keypress.js';
import { startDemoGitea } from '../../src/sim/gitea/index.js';
import type { GiteaSimStats } from '../../src/sim/gitea/introspect.js';
import { DEMO_TOKENS } from '../../src/sim/gitea/seed.js';
import type { KubeSimStats } from '../../src/sim/kube/http/introspect.js';
import { KubeSim } from '../../src/sim/kube/index.js';
import { waitFor } from '../support/wait.js';
import { TmuxConsole, hasTmux } from './tmux.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

/**
 * The step flow of docs/steps.md end to end: the real built binary in real tmux on the demo
 * world, checked on the screen and in the simulated world itself (the issue body over the Gitea
 * API, Ceph through exec into rook-ceph-tools, write counters from the simulators' /_sim/stats).
 */

// The console's temp files (the kube simulator's kubeconfig, the journal) go to a directory of
// ours; Node's compile cache stays where every other run keeps it, so start-up stays warm.
const COMPILE_CACHE = path.join(os.tmpdir(), 'node-compile-cache');

interface CephSnapshot {
  newCrashes: string[];
  osds: Array<{ osd: number; up: number; in: number; weight: number }>;
  flags: string[];
}

interface Stats {
  gitea: GiteaSimStats['writes'];
  kube: KubeSimStats;
}

/** One demo console in tmux and handles on the simulators it started in its own process. */
class DemoRun {
  private ceph: CephExecutor | null = null;

  private constructor(
    readonly screen: TmuxConsole,
    readonly tmp: string,
    readonly giteaUrl: string,
    readonly kubeUrl: string,
  ) {}

  static async start(args: string[] = []): Promise<DemoRun> {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-step-flow-'));
    const screen = TmuxConsole.start(['demo', ...args], { env: { TMPDIR: tmp, NODE_COMPILE_CACHE: COMPILE_CACHE } });
    runs.push({ screen, tmp });
    const first = await screen.waitFor(/simulated homelab on (http:\/\/127\.0\.0\.1:\d+)/, 20_000);
    const giteaUrl = /simulated homelab on (http:\/\/127\.0\.0\.1:\d+)/.exec(first)![1]!;
    const kubeconfig = await waitFor(
      () => {
        const dir = readdirSync(tmp).find((d) => d.startsWith('kube-sim-'));
        const file = dir && path.join(tmp, dir, 'kubeconfig');
        return file && existsSync(file) ? file : null;
      },
      { timeoutMs: 10_000, what: "the kube simulator's kubeconfig" },
    );
    const target = await loadKubeTarget({ env: { KUBECONFIG: kubeconfig, HOME: tmp } });
    const run = new DemoRun(screen, tmp, giteaUrl, target.server);
    run.ceph = createKubeCephExecutor({ target });
    // Live data from all three simulators.
    await screen.waitFor(/Action items \d+\/\d+/, 15_000);
    await screen.waitFor('HEALTH_ERR', 15_000);
    return run;
  }

  async stats(): Promise<Stats> {
    const get = async <T>(url: string): Promise<T> => {
      const r = await fetch(url);
      if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
      return (await r.json()) as T;
    };
    const [gitea, kube] = await Promise.all([get<GiteaSimStats>(`${this.giteaUrl}/_sim/stats`), get<KubeSimStats>(`${this.kubeUrl}/_sim/stats`)]);
    return { gitea: gitea.writes, kube };
  }

  /** Issue #42's body as the Gitea API serves it (a read: not counted). */
  async issueBody(): Promise<string> {
    const r = await fetch(`${this.giteaUrl}/api/v1/repos/ops/homelab/issues/42`, { headers: { authorization: `token ${DEMO_TOKENS.admin}` } });
    if (!r.ok) throw new Error(`issue #42: HTTP ${r.status}`);
    return ((await r.json()) as { body: string }).body;
  }

  /** The Ceph simulator's state, read the way the console reads it: exec into rook-ceph-tools. */
  async cephState(): Promise<CephSnapshot> {
    const json = async (args: string[]) => {
      const r = await this.ceph!.run([...args, '--format', 'json']);
      if (r.exitCode !== 0) throw new Error(`ceph ${args.join(' ')}: exit ${r.exitCode}: ${r.stderr}`);
      return JSON.parse(r.stdout) as unknown;
    };
    const crashes = (await json(['crash', 'ls-new'])) as Array<{ crash_id: string }>;
    const dump = (await json(['osd', 'dump'])) as { flags_set: string[]; osds: CephSnapshot['osds'] };
    return {
      newCrashes: crashes.map((c) => c.crash_id).sort(),
      osds: dump.osds.map(({ osd, up, in: isIn, weight }) => ({ osd, up, in: isIn, weight })),
      flags: dump.flags_set,
    };
  }
}

const runs: Array<{ screen: TmuxConsole; tmp: string }> = [];
afterEach(() => {
  for (const r of runs.splice(0)) {
    r.screen.kill();
    rmSync(r.tmp, { recursive: true, force: true });
  }
});

/** Every key the key table marks as a write, as the hint bar and help would show it. */
const WRITE_KEYS = Object.values(COMMANDS).filter((c) => c.writes);
const writeHints = (hints: string) => WRITE_KEYS.filter((c) => c.hint && hints.includes(`${displayBinding(c.keys[0]!)} ${c.hint}`)).map((c) => c.hint);

/** The hint bar: the screen's last non-empty line. */
const hintBar = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

/** The lines of the item `id`: its checkbox line and its indented sub-bullets. */
function itemBlock(body: string, id: string): string {
  const lines = body.split('\n');
  const start = lines.findIndex((l) => new RegExp(`^- \\[[ xX]\\] \\*\\*${id}\\b`).test(l));
  if (start < 0) return '';
  let end = start + 1;
  while (end < lines.length && !/^- \[[ xX]\]/.test(lines[end]!) && !/^#/.test(lines[end]!)) end++;
  return lines.slice(start, end).join('\n');
}

/** Rows of the Change Log table (header and separator excluded). */
function changeLogRows(body: string): string[] {
  const after = body.split(/^## Change Log\s*$/m)[1] ?? '';
  const table = after.split('\n').filter((l) => l.startsWith('|'));
  return table.slice(2);
}

const summaryRow = (body: string, field: string) => body.split('\n').find((l) => l.startsWith(`| **${field}**`)) ?? '';

/**
 * tmux can be caught halfway through drawing a frame (Ink draws top to bottom), so whatever is
 * checked on a screen is waited for in one capture, ending with something the frame draws last.
 */
async function waitScreen(c: TmuxConsole, what: string, test: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
  let last = '';
  try {
    return await waitFor(
      () => {
        last = c.capture();
        return test(last) ? last : null;
      },
      { timeoutMs, intervalMs: 10, what },
    );
  } catch (err) {
    throw new Error(`${(err as Error).message}\n--- screen ---\n${last}`, { cause: err });
  }
}

/**
 * Waits until the console has handled every key sent before (keys are handled in order: `?`
 * opens help only after them; a dialog would swallow it), then for the frame after Esc to be
 * drawn down to `until`.
 */
async function settle(c: TmuxConsole, what: string, until: (screen: string) => boolean): Promise<string> {
  c.keys('?');
  await c.waitFor(/Keys .*Esc or \? closes/);
  c.keys('Escape');
  return waitScreen(c, what, (s) => !s.includes('Esc or ? closes') && until(s));
}

describe.skipIf(!hasTmux())('step flow end to end in tmux on the demo', () => {
  it('runs B1: Cancel first, OK, the gate, then the pass ticks the simulated issue with a note and a Change Log row', async () => {
    const run = await DemoRun.start();
    const c = run.screen;
    await c.waitFor(/crashes: [1-9]\d* new/);
    const bodyBefore = await run.issueBody();
    const cephBefore = await run.cephState();
    expect(itemBlock(bodyBefore, 'B1')).toMatch(/^- \[ \] \*\*B1 /);
    expect(cephBefore.newCrashes.length).toBeGreaterThan(0);
    const statsBefore = await run.stats();

    c.keys('/');
    c.type('Archive Ceph crash');
    c.keys('Enter');
    await c.waitFor(/\/Archive Ceph crash \(1\)/);
    c.keys('Enter');
    // Write mode offers the step keys (read-only must not: see the last test).
    await waitScreen(c, 'the B1 detail with its start key', (s) => s.includes('B1  Archive Ceph crash reports') && /\bs start/.test(hintBar(s)));

    c.keys('s');
    await c.waitFor('ceph crash archive-all');
    await c.waitFor('> Cancel <');
    c.keys('Enter');
    await c.waitFor('Cancel is focused');
    // Nothing has run yet: Ceph unchanged, no write anywhere.
    expect(await run.cephState()).toEqual(cephBefore);
    expect((await run.stats()).gitea.received).toBe(statsBefore.gitea.received);
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');

    const judged = await waitScreen(
      c,
      'the gate and the judgement keys',
      (s) =>
        /step awaiting-judgement: gate (GREEN|YELLOW|RED) \(Metal \w+, System \w+, Platform \w+, Apps \w+\)[\s\S]*[✓√] ceph crash archive-all/.test(s) &&
        /\bp pass .*\bf fail/.test(hintBar(s)),
      25_000,
    );
    const overall = /step awaiting-judgement: gate (GREEN|YELLOW|RED)/.exec(judged)![1]!;
    // The action ran against the simulator; the issue is untouched until the operator accepts.
    expect((await run.cephState()).newCrashes).toEqual([]);
    expect(await run.issueBody()).toBe(bodyBefore);
    expect((await run.stats()).gitea.received).toBe(statsBefore.gitea.received);

    c.keys('p');
    // The verdict asks for an optional note; Enter records it without one.
    await c.waitFor('pass B1, note (optional):');
    c.keys('Enter');
    await c.waitFor(/step passed: ticked/, 15_000);
    const after = await run.stats();
    expect(after.gitea.attempted).toBeGreaterThan(statsBefore.gitea.attempted);
    expect(Object.keys(after.gitea.byOperation).some((op) => op.startsWith('PATCH /repos/{owner}/{repo}/issues/{index}'))).toBe(true);

    const body = await run.issueBody();
    const b1 = itemBlock(body, 'B1');
    expect(b1).toMatch(/^- \[x\] \*\*B1 P0 Storage\*\*: Archive Ceph crash reports/);
    expect(b1).toMatch(
      new RegExp(
        `\\*\\(completed \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC — via homelab-console: \`ceph crash archive-all\`(?: exit 0)?, [^;]+; gate ${overall} \\(`,
      ),
    );
    // Only B1 changed state.
    const ticked = (s: string) => s.split('\n').filter((l) => /^- \[x\] \*\*/.test(l)).length;
    expect(ticked(body)).toBe(ticked(bodyBefore) + 1);
    const rows = changeLogRows(body);
    const newRows = rows.filter((r) => !changeLogRows(bodyBefore).includes(r));
    expect(newRows).toHaveLength(1);
    expect(newRows[0]).toMatch(
      new RegExp(
        `^\\| \\d{4}-\\d\\d-\\d\\d[T ]\\d\\d:\\d\\d[\\d:]*(?:Z| UTC) \\| B1: Archive Ceph crash reports \\| homelab-console \\| [^|]*gate ${overall} `,
      ),
    );
    // Last Updated is the time of this edit (the seed's own time may fall in the same minute).
    const doneAt = /completed (\d{4}-\d\d-\d\d \d\d:\d\d UTC)/.exec(b1)![1]!;
    expect(summaryRow(body, 'Last Updated')).toContain(doneAt);
    expect(summaryRow(body, 'Overall Status')).toContain(overall);

    // The console shows it too: B1 ticked in the items pane, no new crashes in the Ceph pane.
    c.keys('Escape');
    await c.waitFor(/\[x\] B1 /);
    await c.waitFor(/crashes: 0 new/, 15_000);
  }, 60_000);

  it('C1 (purge osd.8) refuses without the typed challenge and sends nothing; with osd.8 typed it runs', async () => {
    const run = await DemoRun.start();
    const c = run.screen;
    const osd8Row = /osd\.8 +\S+ +(up|DOWN) /;
    c.keys('3', 'G');
    await c.waitFor(osd8Row);
    const cephBefore = await run.cephState();
    expect(cephBefore.osds.map((o) => o.osd)).toContain(8);

    c.keys('1', '/');
    c.type('Purge dead');
    c.keys('Enter');
    await c.waitFor(/\/Purge dead \(1\)/);
    c.keys('Enter');
    await c.waitFor('C1  Purge dead osd.8');
    const statsBefore = await run.stats();

    c.keys('s');
    await c.waitFor('Type osd.8 to confirm:');
    await c.waitFor('> Cancel <');
    c.keys('Tab');
    await c.waitFor('> OK <');
    // OK with nothing typed: refused.
    c.keys('Enter');
    await c.waitFor('Type osd.8 to enable OK.');
    // OK with the wrong target typed: refused as well.
    c.type('osd.7');
    await c.waitFor('to confirm: osd.7');
    c.keys('Enter');
    await c.waitFor(/to confirm: osd\.7 [\s\S]*> OK <[\s\S]*Type osd\.8 to enable OK\./);
    // The backspace shows only once that Enter has been handled (keys are handled in order).
    c.keys('BSpace');
    const refused = await c.waitFor(/to confirm: osd\. [\s\S]*> OK <[\s\S]*step awaiting-confirm/);
    expect(refused).not.toMatch(/step (running|awaiting-judgement)/);

    // Nothing was sent: no write counted, osd.8 still in the Ceph simulator and on screen.
    const statsRefused = await run.stats();
    expect(statsRefused.gitea).toEqual(statsBefore.gitea);
    expect(statsRefused.kube.writes).toBe(statsBefore.kube.writes);
    expect(await run.cephState()).toEqual(cephBefore);
    c.keys('Escape');
    await c.waitForGone('CONFIRM (changes the homelab)');
    c.keys('Escape');
    await c.waitFor('Layer health');
    c.keys('3', 'G');
    await c.waitFor(osd8Row);

    // Now with the challenge typed.
    c.keys('1', 'Enter');
    await c.waitFor('C1  Purge dead osd.8');
    c.keys('s');
    await c.waitFor('Type osd.8 to confirm:');
    c.type('osd.8');
    await c.waitFor('to confirm: osd.8  ok');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitFor(/step awaiting-judgement: gate (GREEN|YELLOW|RED)[\s\S]*[✓√] ceph osd purge 8 --yes-i-really-mean-it/, 25_000);
    expect((await run.cephState()).osds.map((o) => o.osd)).not.toContain(8);
    c.keys('Escape');
    await c.waitFor('Layer health');
    c.keys('3', 'G');
    // The last OSD row is osd.7, followed straight by the crash rows.
    const pane = await c.waitFor(/osd\.7 +\S+ +up [^\n]*\n[^\n]*new crash /, 15_000);
    expect(pane).not.toMatch(osd8Row);
    c.keys('g');
    await c.waitFor(/osds 8:/);
  }, 60_000);

  it('read-only: READ-ONLY header, no write keys, a step cannot start, and no simulator sees a write', async () => {
    const run = await DemoRun.start(['--read-only']);
    const c = run.screen;
    const first = await c.waitFor(/crashes: [1-9]\d* new/);
    expect(first.split('\n')[0]).toContain(' READ-ONLY ');
    const cephBefore = await run.cephState();
    const crashesOnScreen = /crashes: (\d+) new/.exec(first)![1];
    const statsStart = await run.stats();

    // The queue's merge key is absent from the hint bar, and pressing it on a PR is refused with a message.
    await c.waitFor(/Renovate queue [1-9]/);
    c.keys('4');
    const queue = await settle(c, 'the list hints back', (s) => /Enter open/.test(hintBar(s)));
    expect(writeHints(hintBar(queue))).toEqual([]);
    c.keys('m');
    const merged = await settle(c, 'the merge refusal', (s) => /Enter open/.test(hintBar(s)) && s.includes('read-only: merging a PR is off (--read-only)'));
    expect(merged).not.toContain('CONFIRM');

    // An action item: no step controls, no step keys in the hint bar, `s` opens no dialog and says why.
    c.keys('1', '/');
    // The filter's prompt first: a key typed before it opens goes to the list (seen under load).
    await c.waitFor('filter items');
    c.type('Archive Ceph crash');
    c.keys('Enter');
    await c.waitFor(/\/Archive Ceph crash \(1\)/);
    c.keys('Enter');
    // The detail's hint bar (drawn last) has no list keys: the frame is complete.
    const detail = await waitScreen(
      c,
      'the B1 detail',
      (s) => s.includes('B1  Archive Ceph crash reports') && s.includes('no controls in read-only mode') && !/Enter open/.test(hintBar(s)),
    );
    const hints = hintBar(detail);
    expect(hints).toMatch(/Esc back/);
    expect(writeHints(hints)).toEqual([]);
    // Nor in the help, which is generated from the same table.
    c.keys('?');
    const help = await c.waitFor(/Keys \(read-only: write keys hidden\)[\s\S]*Confirmation dialog/);
    // (Help may cut a long description short: its start is enough.)
    for (const spec of WRITE_KEYS) expect(help).not.toContain(spec.description.slice(0, 24));
    // A key sent right behind Esc would arrive as Alt+key: wait for the help to close first.
    c.keys('Escape');
    await waitScreen(c, 'the B1 detail back', (s) => !s.includes('Esc or ? closes') && s.includes('no controls in read-only mode'));
    c.keys('s');
    const afterStart = await settle(
      c,
      'the start refusal',
      (s) => s.includes('no controls in read-only mode') && s.includes('read-only: starting a step is off (--read-only)'),
    );
    expect(afterStart).not.toContain('CONFIRM');
    expect(afterStart).not.toMatch(/step (awaiting-confirm|running|awaiting-judgement|passed)/);

    // The console keeps polling (the demo reads Gitea and Ceph every 3 s; a Ceph poll is one batched
    // exec into the toolbox, ten only when the batch fails) while nothing is written: let it poll
    // at least twice more, then no simulator may have seen a write.
    await waitFor(async () => (await run.stats()).kube.execs >= statsStart.kube.execs + 2, {
      timeoutMs: 20_000,
      intervalMs: 100,
      what: 'the console to poll Ceph twice more',
    });
    const stats = await run.stats();
    expect(stats.gitea).toEqual({ received: 0, attempted: 0, applied: 0, byOperation: {} });
    expect(stats.kube.writeLog).toEqual([]);
    expect(stats.kube.writes).toBe(0);
    expect(await run.cephState()).toEqual(cephBefore);
    c.keys('Escape');
    await c.waitFor(`crashes: ${crashesOnScreen} new`);
    expect(await run.issueBody()).toMatch(/^- \[ \] \*\*B1 /m);
  }, 60_000);
});

describe('simulator introspection (/_sim/stats)', () => {
  const stop: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const s of stop.splice(0)) await s();
  });

  it('Gitea: counts API writes, is not itself counted, refuses writes and is outside /api/v1', async () => {
    const sim = await startDemoGitea();
    stop.push(() => sim.stop());
    const stats = async () => ((await (await fetch(`${sim.url}/_sim/stats`)).json()) as GiteaSimStats).writes;
    expect(await stats()).toEqual({ received: 0, attempted: 0, applied: 0, byOperation: {} });

    const post = await fetch(`${sim.url}/_sim/stats`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
    expect((await fetch(`${sim.url}/_sim/nothing`)).status).toBe(404);
    expect((await stats()).received).toBe(0);

    const patch = await fetch(`${sim.url}/api/v1/repos/ops/homelab/issues/42`, {
      method: 'PATCH',
      headers: { authorization: `token ${DEMO_TOKENS.admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'renamed' }),
    });
    expect(patch.status).toBe(201);
    const after = await stats();
    expect(after).toMatchObject({ received: 1, attempted: 1, applied: 1 });
    expect(after.byOperation).toEqual({ 'PATCH /repos/{owner}/{repo}/issues/{index}': 1 });
    // The API itself still wants its token.
    expect((await fetch(`${sim.url}/api/v1/repos/ops/homelab/issues/42`)).status).toBe(401);
  });

  it('Kubernetes: counts API writes with their paths, is not itself counted, refuses writes', async () => {
    const sim = await KubeSim.start({ seed: 'empty' });
    stop.push(() => sim.stop());
    const stats = async () => (await (await fetch(`${sim.url}/_sim/stats`)).json()) as KubeSimStats;
    const start = await stats();
    expect(start.writes).toBe(0);
    expect((await stats()).requests).toBe(start.requests);
    expect((await fetch(`${sim.url}/_sim/stats`, { method: 'DELETE' })).status).toBe(405);

    const created = await fetch(`${sim.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${sim.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'probe' }, data: { a: '1' } }),
    });
    expect(created.status).toBe(201);
    const after = await stats();
    expect(after.writes).toBe(1);
    expect(after.requests).toBe(start.requests + 1);
    expect(after.writeLog.map((w) => `${w.method} ${w.path}`)).toEqual(['POST /api/v1/namespaces/default/configmaps']);
  });

  const external = Object.values(os.networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
  it.skipIf(!external)('Kubernetes: refuses a client that is not on loopback even when the simulator listens on every address', async () => {
    const sim = await KubeSim.start({ seed: 'empty', host: '0.0.0.0' });
    stop.push(() => sim.stop());
    const r = await fetch(`http://${external}:${sim.port}/_sim/stats`);
    expect(r.status).toBe(403);
    expect((await fetch(`http://127.0.0.1:${sim.port}/_sim/stats`)).status).toBe(200);
  });
});
