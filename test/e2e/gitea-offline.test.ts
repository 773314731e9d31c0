import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Journal } from '../../src/services/journal/journal.js';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { HumanEditor } from '../../src/sim/gitea/index.js';
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

const itemLine = (body: string, id: string) => body.split('\n').find((l) => new RegExp(`^- \\[[ xX]\\] \\*\\*${id} `).test(l)) ?? '';
const changeLog = (body: string) =>
  (body.split(/^## Change Log\s*$/m)[1] ?? '')
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .slice(2);

// Issue #18's "work from a copy, queue the record", through the live console (no --demo) in real
// tmux against the demo simulators: the Gitea simulator stops mid-runbook, two steps run and are
// judged, a person edits the issue meanwhile, the simulator comes back on the same port — both
// ticks, notes and rows land in the body in order and once, the person's edit survives, and the
// header said what was true at every point.
describe.skipIf(skip)(`Gitea down mid-runbook, in real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it('two steps run while Gitea is stopped; when it is back both land in order, once, beside a human edit; the header tells the truth throughout', async () => {
    const world = await DemoWorld.start({ cephState: 'healthy', kubeState: 'healthy', latent: false, timing: FAST_TIMING });
    cleanup.push(() => world.close());
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-offline-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true, maxRetries: 5 }));
    const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
      columns: 180,
      rows: 48,
      env: { ...liveConsoleEnv(world, tmp), NODE_COMPILE_CACHE: path.join(os.tmpdir(), 'node-compile-cache') },
    });
    cleanup.push(() => c.kill());
    const body = () => world.gitea.world.issues.get(42)!.body;
    const header = () => c.capture().split('\n')[0] ?? '';
    const stateDir = path.join(tmp, 'state', 'homelab-console');
    const journalFile = path.join(stateDir, 'journal.jsonl');
    const journal = () => (existsSync(journalFile) ? new Journal(journalFile).read().entries : []);

    const open = async (id: string, search: string) => {
      c.keys('/');
      await c.waitFor('filter items', 30_000);
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
    const pass = async (id: string, note: string) => {
      await c.waitFor(/step awaiting-judgement(, exit \d+)?: gate (GREEN|YELLOW|RED)/, 60_000);
      c.keys('p');
      await c.waitFor(new RegExp(`pass ${id}, [a-z ()]+:`), 30_000);
      c.type(note);
      c.keys('Enter');
    };

    await c.waitFor(/Action items \d+\/\d+/, 60_000);
    // The copy of the body is in the state dir once the console has read it.
    await waitFor(() => existsSync(path.join(stateDir, 'issue-copy.json')), { what: 'the copy saved', timeoutMs: 30_000 });
    expect(header()).not.toMatch(/unreachable|queued/);
    const before = body();
    const rowsBefore = changeLog(before);

    // ── Gitea stops mid-runbook ──
    const port = Number(new URL(world.giteaUrl).port);
    await world.gitea.stop();
    await c.waitFor(/Gitea unreachable — working from the copy of \d\d:\d\d; no edits queued; retrying in \d+ s/, 60_000);
    await c.waitFor('Action items', 5_000);

    // ── Two steps run and are judged: their edits are queued, the header counts them ──
    await open('B1', 'Archive Ceph crash');
    c.keys('s');
    await confirm();
    await pass('B1', 'crashes archived while Gitea was down');
    await c.waitFor(/Gitea unreachable — working from the copy of \d\d:\d\d; 1 edit queued; retrying in \d+ s/, 60_000);
    await close('B1');
    await open('C2', 'Unset the noout flag');
    c.keys('s');
    await confirm();
    await pass('C2', 'noout cleared while Gitea was down');
    await c.waitFor(/Gitea unreachable — working from the copy of \d\d:\d\d; 2 edits queued; retrying in \d+ s/, 60_000);
    await close('C2');
    // The console shows the queued ticks on its copy; Gitea (the world) has none of them yet.
    expect(body()).toBe(before);
    expect(journal().filter((e) => e.type === 'event' && e.event === 'edit-queued')).toHaveLength(2);

    // ── A person edits the issue meanwhile (the web UI reaches Gitea; the console's path does not) ──
    new HumanEditor(world.gitea.world, 'admin').edit(42, (b) =>
      b.replace('## Change Log', '> Saved by a human while the console could not reach Gitea.\n\n## Change Log'),
    );
    const human = body();

    // ── Gitea is back on the same address ──
    await world.gitea.start(port);
    await waitFor(() => /^- \[x\] \*\*C2 /.test(itemLine(body(), 'C2')), { what: 'the queue written', timeoutMs: 90_000 });
    // The header clears once every queued edit is written (the message line says each was).
    await waitFor(() => !/unreachable|queued|Gitea back/.test(header()), { what: `the header clear (${header()})`, timeoutMs: 60_000 });

    const now = body();
    expect(now).toContain('> Saved by a human while the console could not reach Gitea.');
    expect(itemLine(now, 'B1')).toMatch(/^- \[x\] \*\*B1 .*\*\(completed .*crashes archived while Gitea was down\)\*/);
    expect(itemLine(now, 'C2')).toMatch(/^- \[x\] \*\*C2 .*\*\(completed .*noout cleared while Gitea was down\)\*/);
    const added = changeLog(now).filter((r) => !rowsBefore.includes(r));
    expect(added).toEqual([
      expect.stringMatching(/\| B1: Archive Ceph crash reports \|.*crashes archived while Gitea was down/),
      expect.stringMatching(/\| C2: Unset the noout flag \|.*noout cleared while Gitea was down/),
    ]);
    // Everything else of the person's save is still there: the only lines removed are the two item lines ticked (and the Change Log's placeholder row, which the first row replaces).
    const gone = human.split('\n').filter((l) => !now.split('\n').includes(l));
    expect(gone.filter((l) => !/^- \[ \] \*\*(B1|C2) /.test(l) && !/Overall Status|Last Updated|No actions yet/.test(l))).toEqual([]);
    const settled = journal().flatMap((e) => (e.type === 'event' && e.event === 'edit-replayed' ? [e.edit?.outcome] : []));
    expect(settled).toEqual(['applied', 'applied']);
  }, 600_000);
});
