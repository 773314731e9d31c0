import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCephSource } from '../../src/services/health/ceph-source.js';
import { gradeOnce } from '../../src/services/health/health-session.js';
import { Journal, type JournalEntry } from '../../src/services/journal/journal.js';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { FAST_TIMING, isRookCephTools } from '../../src/sim/kube/index.js';
import { ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';
import { EXIT_MARKER, TmuxConsole, hasTmux, liveConsoleEnv } from './tmux.js';

beforeAll(ensureBundle, 180_000);

const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;
const cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

// Every outcome of issue #13 through the live console (no --demo) in real tmux against the demo
// simulators: a merge and its rollback (D4, PR #46), a failed merge (D1, the server refuses it),
// a step, its rollback and its re-run (C2), a deferral with its reason (D5), a step the toolbox
// fails (B1), one cancelled with Ctrl-C (B3) and a quit while a verdict is pending. After each,
// the issue body (read from the Gitea simulator) has the item state and the Change Log row, the
// journal has the record, and the body's Overall Status is the grade of the cluster right then.
// The cluster starts healthy so merges may run (a merge needs every layer GREEN); getting there
// from the degraded demo is test/sim/demo-story.test.ts.

/** The toolbox's hooks: hold one Ceph command until released, or answer one with an error. */
const toolbox: { hold: RegExp | null; held: (() => void) | null; release: Promise<void> | null; fail: RegExp | null } = {
  hold: null,
  held: null,
  release: null,
  fail: null,
};

const itemLine = (body: string, id: string) => body.split('\n').find((l) => new RegExp(`^- \\[[ xX]\\] \\*\\*${id} `).test(l)) ?? '';
const changeLog = (body: string) =>
  (body.split(/^## Change Log\s*$/m)[1] ?? '')
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);
const overallStatus = (body: string) => /^\| \*\*Overall Status\*\* \| .*?\b(GREEN|YELLOW|RED)\b/m.exec(body)?.[1] ?? null;

describe.skipIf(skip)(`every outcome reaches the issue and the journal, in real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it('merge + rollback of D4, a failed merge, C2 rolled back and run again, D5 deferred, a failed and a cancelled step, a quit during a verdict', async () => {
    const world = await DemoWorld.start({
      cephState: 'healthy',
      kubeState: 'healthy',
      latent: false,
      timing: FAST_TIMING,
      execRoutes: [
        {
          match: isRookCephTools,
          handler: async (_ns, _pod, _container, argv) => {
            const text = argv.join(' ');
            if (toolbox.fail?.test(text)) {
              toolbox.fail = null;
              return { stdout: '', stderr: 'Error EIO: the toolbox lost its monitor session\n', exitCode: 5 };
            }
            if (toolbox.hold?.test(text)) {
              toolbox.hold = null;
              toolbox.held?.();
              await toolbox.release;
            }
            return world.ceph.exec(argv);
          },
        },
      ],
    });
    cleanup.push(() => world.close());
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-outcomes-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 160,
      rows: 48,
      env: { ...liveConsoleEnv(world, tmp), NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'node-compile-cache') },
    });
    cleanup.push(() => c.kill());
    const body = () => world.gitea.world.issues.get(42)!.body;
    const journalFile = path.join(tmp, 'state', 'homelab-console', 'journal.jsonl');
    const journal = (): JournalEntry[] => (existsSync(journalFile) ? new Journal(journalFile).read().entries : []);
    /** Each journaled action: its intent and how it ended. */
    const records = () => {
      const entries = journal();
      return entries.flatMap((e) =>
        e.type === 'intent'
          ? // How it ended: its last outcome (a step that ran and was then interrupted has two).
            [{ intent: e, outcome: entries.findLast((o) => o.type === 'outcome' && o.stepId === e.stepId) as (JournalEntry & { type: 'outcome' }) | undefined }]
          : [],
      );
    };
    const kubeEnv = { KUBECONFIG: world.kubeconfigPath!, HOME: tmp };
    /** The cluster's grade now, read fresh (lists and ceph status), as the gate reads it. */
    const gradeNow = async () =>
      (
        await gradeOnce({
          env: kubeEnv,
          ceph: createCephSource({ namespace: 'rook-ceph', deployment: 'rook-ceph-tools', timeoutMs: 10_000 }),
          deadlineMs: 20_000,
        })
      ).result.overall;
    /** After every action: the body's Overall Status is the cluster's grade (the last gate). */
    const statusFollowsGate = async (after: string) => {
      const grade = await gradeNow();
      await waitFor(() => overallStatus(body()) === grade, {
        what: `Overall Status ${grade} after ${after} (body says ${overallStatus(body())})`,
        timeoutMs: 30_000,
      });
    };
    let rows = changeLog(body());
    /** The rows written since the last call. */
    const newRows = () => {
      const now = changeLog(body());
      const added = now.filter((r) => !rows.includes(r));
      rows = now;
      return added;
    };

    await c.waitFor(/Action items \d+\/\d+/, 60_000);
    await waitFor(async () => (await gradeNow()) === 'GREEN', { what: 'the healthy world GREEN', timeoutMs: 60_000 });
    await c.waitFor(/Renovate queue [1-9]/, 60_000);

    const open = async (id: string, search: string) => {
      c.keys('/');
      await c.waitFor('filter items', 30_000);
      // The filter keeps what was typed before: clear it first. Under load a typed key can be
      // lost: the text is typed again until the prompt shows all of it.
      await waitFor(
        async () => {
          c.keys('-N', '60', 'BSpace');
          c.type(search);
          return c.waitFor(`/${search}`, 5_000).catch(() => null);
        },
        { what: `the filter ${search} typed`, timeoutMs: 60_000 },
      );
      c.keys('Enter');
      await c.waitFor(`/${search} (1)`, 30_000);
      c.keys('Enter');
      await c.waitFor(new RegExp(`${id} {2}\\S`), 30_000);
    };
    const close = async (id: string) => {
      await waitFor(
        async () => {
          if (!new RegExp(`${id} {2}\\S`).test(c.capture())) return true;
          c.keys('Escape');
          await c.waitForGone(`${id}  `, 3_000).catch(() => null);
          return !new RegExp(`${id} {2}\\S`).test(c.capture());
        },
        { what: `the ${id} detail closed`, timeoutMs: 60_000 },
      );
      await c.waitFor('Layer health', 30_000);
    };
    /** The confirmation: the typed challenge when it asks for one, then OK. */
    const confirm = async () => {
      const dialog = await c.waitFor('> Cancel <', 60_000);
      const challenge = /Type (\S+) to confirm:/.exec(dialog)?.[1];
      if (challenge) {
        c.type(challenge);
        await c.waitFor(`to confirm: ${challenge}  ok`, 30_000);
      }
      c.keys('Tab');
      await c.waitFor('> OK <', 30_000);
      c.keys('Enter');
    };
    const verdict = async (key: 'p' | 'f' | 'd', id: string, note: string) => {
      await c.waitFor(/step awaiting-judgement(, exit \d+)?: gate (GREEN|YELLOW|RED)/, 60_000);
      c.keys(key);
      await c.waitFor(new RegExp(`(pass|fail|defer) ${id}, [a-z ()]+:`), 30_000);
      c.type(note);
      c.keys('Enter');
    };

    // ── D4: merge PR #46 through the loop (the item ticks), then roll it back (it unticks) ──
    await open('D4', 'app-template v4.4.0');
    c.keys('s');
    await confirm();
    await waitFor(() => /^- \[x\] \*\*D4 /.test(itemLine(body(), 'D4')), { what: 'D4 ticked by the merge', timeoutMs: 120_000 });
    expect(world.gitea.world.issues.get(46)!.pull).toMatchObject({ merged: true });
    expect(newRows()).toEqual([expect.stringMatching(/\| D4: .*\| Merged Renovate PR #46|Merged Renovate PR #46/)]);
    await statusFollowsGate('the merge of #46');
    await waitFor(() => records().find((r) => r.intent.kind === 'merge' && /PR #46/.test(r.intent.title))?.outcome?.status === 'passed', {
      what: 'the merge of #46 journaled as passed',
      timeoutMs: 30_000,
    });

    c.keys('b');
    await confirm();
    await waitFor(() => /^- \[ \] \*\*D4 .*\*\(rolled back /.test(itemLine(body(), 'D4')), { what: 'D4 unticked with a rolled-back note', timeoutMs: 120_000 });
    expect(newRows()).toEqual([expect.stringMatching(/Rolled back Renovate PR #46/)]);
    await statusFollowsGate('the rollback of #46');
    await waitFor(() => records().find((r) => r.intent.kind === 'pr-rollback' && /#46/.test(r.intent.title))?.outcome?.status === 'passed', {
      what: 'the rollback of #46 journaled as passed',
      timeoutMs: 30_000,
    });
    await close('D4');

    // ── D1: Gitea refuses the merge of PR #43 (500): a failed merge, the item stays open ──
    const unfault = world.gitea.faults.add({
      method: 'POST',
      path: '/repos/ops/homelab/pulls/43/merge',
      fault: { kind: 'status', status: 500, message: 'disk full' },
    });
    await open('D1', 'all non-major');
    c.keys('s');
    await confirm();
    await waitFor(() => changeLog(body()).some((r) => /Merge failed for Renovate PR #43/.test(r)), {
      what: 'the failed merge in the Change Log',
      timeoutMs: 60_000,
    });
    unfault();
    expect(newRows()).toEqual([expect.stringMatching(/Merge failed for Renovate PR #43.*merge failed: merge refused/)]);
    expect(itemLine(body(), 'D1')).toMatch(/^- \[ \] \*\*D1 /);
    expect(world.gitea.world.issues.get(43)!.pull).toMatchObject({ merged: false });
    await statusFollowsGate('the failed merge of #43');
    expect(records().find((r) => r.intent.kind === 'merge' && /PR #43/.test(r.intent.title))?.outcome).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(/merge refused/),
    });
    await close('D1');

    // ── C2: run, roll back (noout set again: the grade drops), run again ──
    await open('C2', 'Unset the noout flag');
    c.keys('s');
    await confirm();
    await verdict('p', 'C2', 'noout cleared');
    await waitFor(() => /^- \[x\] \*\*C2 /.test(itemLine(body(), 'C2')), { what: 'C2 ticked', timeoutMs: 60_000 });
    expect(newRows()).toEqual([expect.stringMatching(/\| C2: Unset the noout flag \|.*noout cleared/)]);
    await statusFollowsGate('C2');

    c.keys('b');
    await confirm();
    await verdict('p', 'C2', 'OSD maintenance resumes');
    await waitFor(() => /^- \[ \] \*\*C2 .*\*\(rolled back .*OSD maintenance resumes/.test(itemLine(body(), 'C2')), {
      what: 'C2 unticked with its rollback note',
      timeoutMs: 60_000,
    });
    expect(newRows()).toEqual([expect.stringMatching(/\| Rollback C2: Unset the noout flag \|.*rolled back/)]);
    expect([...world.ceph.state.flags]).toContain('noout');
    await statusFollowsGate('the rollback of C2');
    expect(overallStatus(body())).not.toBe('GREEN');
    await c.waitFor(/step passed: rolled back: unticked, it can run again/, 30_000);

    // Run again: the rolled-back item starts, runs and ticks like the first time.
    c.keys('s');
    await confirm();
    await verdict('p', 'C2', 'noout cleared again');
    await waitFor(() => /^- \[x\] \*\*C2 .*completed/.test(itemLine(body(), 'C2')), { what: 'C2 ticked again', timeoutMs: 60_000 });
    expect(itemLine(body(), 'C2')).not.toMatch(/rolled back/);
    expect(newRows()).toEqual([expect.stringMatching(/\| C2: Unset the noout flag \|.*noout cleared again/)]);
    expect([...world.ceph.state.flags]).not.toContain('noout');
    await statusFollowsGate('C2 run again');
    const c2 = records().filter((r) => r.intent.itemId === 'C2');
    expect(c2.map((r) => `${r.intent.kind} ${r.outcome?.status}`)).toEqual(['typed ran', 'rollback ran', 'typed ran']);
    await close('C2');

    // ── D5: deferred with its reason, without running ──
    await open('D5', 'postgres v18');
    c.keys('d');
    await c.waitFor('defer D5, reason:', 30_000);
    c.type('merge after the verified backup next window');
    c.keys('Enter');
    await waitFor(() => /^- \[ \] \*\*D5 .*\*\(deferred \d{4}-\d\d-\d\d — merge after the verified backup next window\)\*/.test(itemLine(body(), 'D5')), {
      what: 'D5 open and marked deferred',
      timeoutMs: 60_000,
    });
    expect(newRows()).toEqual([expect.stringMatching(/\| Defer D5: .*deferred — merge after the verified backup next window/)]);
    expect(world.gitea.world.issues.get(47)!.pull).toMatchObject({ merged: false });
    await statusFollowsGate('the deferral of D5');
    expect(records().find((r) => r.intent.itemId === 'D5')?.outcome).toMatchObject({
      status: 'deferred',
      message: 'merge after the verified backup next window',
    });
    await close('D5');

    // ── B1: the toolbox fails the archive: a failed step, a row, the item open ──
    toolbox.fail = /crash archive-all/;
    await open('B1', 'Archive Ceph crash');
    c.keys('s');
    await confirm();
    await waitFor(() => changeLog(body()).some((r) => /\| B1: /.test(r) && /failed \(attempt 1\)/.test(r)), { what: "B1's failed row", timeoutMs: 60_000 });
    expect(newRows()).toEqual([expect.stringMatching(/\| B1: Archive Ceph crash reports \|.*failed \(attempt 1\)/)]);
    expect(itemLine(body(), 'B1')).toMatch(/^- \[ \] \*\*B1 /);
    await statusFollowsGate('the failed B1');
    expect(records().find((r) => r.intent.itemId === 'B1')?.outcome?.status).toBe('failed');
    await close('B1');

    // ── B3: held in the toolbox, cancelled with Ctrl-C: a cancelled row ──
    const held = new Promise<void>((r) => (toolbox.held = r));
    let release!: () => void;
    toolbox.release = new Promise<void>((r) => (release = r));
    toolbox.hold = /osd reweight 5/;
    await open('B3', 'Reweight osd.5');
    c.keys('s');
    await confirm();
    await held;
    await c.waitFor(/step running for \d+ s \(Ctrl-C cancels\)/, 30_000);
    c.keys('C-c');
    await c.waitFor(/cancel/i, 30_000);
    release();
    await waitFor(() => changeLog(body()).some((r) => /\| B3: /.test(r) && /cancelled by the operator/.test(r)), {
      what: "B3's cancelled row",
      timeoutMs: 60_000,
    });
    expect(newRows()).toEqual([expect.stringMatching(/\| B3: Reweight osd\.5 back to 1\.0 \|.*cancelled by the operator \(attempt 1/)]);
    expect(itemLine(body(), 'B3')).toMatch(/^- \[ \] \*\*B3 /);
    await statusFollowsGate('the cancelled B3');
    expect(records().find((r) => r.intent.itemId === 'B3')?.outcome?.status).toBe('cancelled');
    await close('B3');

    // ── B1 again, and q while it awaits its verdict: asked, then recorded as interrupted ──
    await open('B1', 'Archive Ceph crash');
    c.keys('s');
    await confirm();
    await c.waitFor(/step awaiting-judgement: gate (GREEN|YELLOW|RED)/, 60_000);
    await close('B1');
    c.keys('q');
    await c.waitFor('Quit while work is in progress?', 30_000);
    await c.waitFor('> Cancel <');
    c.keys('Tab');
    await c.waitFor('> OK <', 30_000);
    c.keys('Enter');
    await c.waitFor(`${EXIT_MARKER} 0`, 60_000);
    expect(newRows()).toEqual([expect.stringMatching(/\| B1: Archive Ceph crash reports \|.*interrupted — outcome unknown/)]);
    expect(itemLine(body(), 'B1')).toMatch(/^- \[ \] \*\*B1 /);
    await statusFollowsGate('the quit during B1');
    const b1 = records().filter((r) => r.intent.itemId === 'B1');
    expect(b1.map((r) => r.outcome?.status)).toEqual(['failed', 'interrupted']);
    expect(journal().some((e) => e.type === 'event' && e.event === 'interrupted' && e.stepId === b1[1]!.intent.stepId)).toBe(true);
  }, 900_000);
});
