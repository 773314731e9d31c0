import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

const ITEMS = `- [ ] **X1 P3 Tooling**: Read the hostname in a pager
  - **Goal**: See which host the console runs on
  - **Commands**: \`less /etc/hostname\`
  - **Expected**: the controller's hostname
  - **Rollback**: N/A (read-only)
- [ ] **X2 P3 Tooling**: Node usage table
  - **Goal**: See CPU and memory per node
  - **Commands**: \`kubectl top nodes\`
  - **Expected**: one row per node
  - **Rollback**: N/A (read-only)

`;

/** Opens the item whose title matches `title` and confirms its step. */
async function startStep(c: TmuxConsole, filter: string, title: string, previousFilter?: string) {
  c.keys('1');
  await c.waitFor('1 Action items');
  if (previousFilter && c.capture().includes(`/${previousFilter}`)) {
    // Esc on the panes clears the focused pane's filter (a lone Escape is held 20 ms by the parser: let it land first).
    c.keys('Escape');
    await c.waitForGone(`/${previousFilter}`);
  }
  c.keys('/');
  c.type(filter);
  c.keys('Enter');
  await c.waitFor(new RegExp(`/${filter} \\(\\d+\\)`));
  c.keys('Enter');
  await c.waitFor(title);
  c.keys('s');
  await c.waitFor('> Cancel <', 20_000);
  c.keys('Tab');
  await c.waitFor('> OK <');
  c.keys('Enter');
}

/** The live console (as an operator starts it) on issue #42 of the demo world, with the two items above added. */
async function liveConsole(options: { env?: Record<string, string>; shell?: boolean } = {}): Promise<{ world: DemoWorld; c: TmuxConsole }> {
  const world = await DemoWorld.start();
  cleanup.push(() => world.close());
  const issue = world.gitea.world.issues.get(42)!;
  issue.body = issue.body.replace('### Critical (P0)', `${ITEMS}### Critical (P0)`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-tty-'));
  // The console may still be writing its journal as it goes down (SIGHUP from the closing pane).
  cleanup.push(async () => {
    await waitFor(
      () => {
        rmSync(tmp, { recursive: true, force: true });
        return true;
      },
      { timeoutMs: 10_000, what: `${tmp} removed` },
    );
  });
  const c = TmuxConsole.start(['--issue', '42', '--repo', 'ops/homelab'], {
    columns: 140,
    rows: 40,
    env: { ...liveConsoleEnv(world, tmp), LESS: '', ...options.env },
    ...(options.shell ? { shell: true } : {}),
  });
  cleanup.push(() => c.kill());
  await c.waitFor('X1', 60_000);
  return { world, c };
}

const bodyOf = (world: DemoWorld) => world.gitea.world.issues.get(42)!.body;

/** Runs X1 (`less /etc/hostname`): less gets the terminal, the console's frame is gone until less quits. */
async function pageThroughX1(c: TmuxConsole): Promise<void> {
  await startStep(c, 'pager', 'X1  Read the hostname in a pager');
  const inLess = await c.waitFor(/\(END\)/, 30_000);
  expect(inLess).toContain(readFileSync('/etc/hostname', 'utf8').trim());
  expect(inLess).not.toContain('issue #42');
  // less keeps the terminal until it quits: for a second the console stays away while keys go to less
  // (g moves to the top of the file in less; the console would redraw its frame if it read the key).
  const until = Date.now() + 1000;
  while (Date.now() < until) {
    c.keys('g');
    await new Promise((r) => setTimeout(r, 100));
    const screen = c.capture();
    expect(screen).not.toContain('issue #42');
    expect(screen).toContain('(END)');
  }
  c.keys('q');
  // The console is back, drawn whole, and X1 waits for the operator's verdict (less's exit says nothing).
  await c.waitFor('issue #42', 30_000);
  await c.waitFor(/step awaiting-judgement/, 30_000);
}

/** vi as Debian ships it (vim.basic, or vim.tiny from script/bootstrap): vim's own flags work. */
const hasVim = (() => {
  try {
    execFileSync('vi', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(skip)(`interactive or captured, in the live console in real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it('kubectl top nodes is not interactive (top is an argument, not the command): its table is captured in the output area', async () => {
    const { c } = await liveConsole();
    await startStep(c, 'Node usage', 'X2  Node usage table');
    // Captured: the table shows in the console's own output area, the console's frame stays.
    const captured = await c.waitFor(/CPU\(cores\)|CPU%/, 30_000);
    expect(captured).toContain('issue #42');
    expect(captured).toContain('Output');
  }, 150_000);

  it('less gets the whole terminal, and after q the console is redrawn and answers keys again: the verdict reaches the issue', async () => {
    const { world, c } = await liveConsole();
    await pageThroughX1(c);
    c.keys('p');
    await c.waitFor('pass X1, note (optional):', 15_000);
    c.type('pager ok');
    c.keys('Enter');
    await c.waitFor(/step passed[^\n]*ticked/, 30_000);
    await waitFor(() => /- \[x\] \*\*X1 [^\n]*pager ok/.test(bodyOf(world)) || null, { timeoutMs: 30_000, what: 'X1 ticked with its note in the body' });
  }, 180_000);

  it.skipIf(!hasVim && !process.env.HOMELAB_REQUIRE_REAL)(
    `E writes the verdict and a longer note in $EDITOR (real vi on the handed-over terminal)${hasVim ? '' : ' (vi not installed: script/bootstrap --system installs vim-tiny)'}`,
    async () => {
      // VISUAL wins over EDITOR, and carries arguments (no vimrc: the keys below are vim's own).
      const { world, c } = await liveConsole({ env: { VISUAL: 'vi -u NONE -N -n', EDITOR: 'false' } });
      await pageThroughX1(c);
      c.keys('E');
      // vim has the terminal with the template: the verdict line first, the help as # lines.
      await c.waitFor('# Your verdict on X1 Read the hostname in a pager', 30_000);
      expect(c.capture()).not.toContain('issue #42');
      // Verdict fail, and a note over two lines (joined in the issue).
      c.keys('g', 'g', 'c', 'c');
      c.type('fail');
      c.keys('Escape');
      c.keys('o');
      c.type('the pager showed the wrong host');
      c.keys('Enter');
      c.type('(expected the controller)');
      c.keys('Escape');
      c.type(':wq');
      c.keys('Enter');
      await c.waitFor('issue #42', 30_000);
      await waitFor(
        () => {
          const body = bodyOf(world);
          return /- \[ \] \*\*X1 /.test(body) && /the pager showed the wrong host \(expected the controller\)/.test(body) ? body : null;
        },
        { timeoutMs: 30_000, what: 'X1 failed with the editor note in the Change Log, still open' },
      );
      await c.waitFor(/step failed/, 30_000);
    },
    180_000,
  );

  it('Ctrl-Z suspends the console to the shell and fg brings it back, redrawn, answering keys', async () => {
    const { c } = await liveConsole({ shell: true });
    c.keys('C-z');
    // The shell has the terminal: its job report and prompt, the console's frame gone.
    const stopped = await c.waitFor(/Stopped[^\n]*homelab-console[\s\S]*[#$] ?$/m, 30_000);
    expect(stopped).not.toContain('Action items');
    expect(c.paneFlags().alternate).toBe(false);
    c.type('fg');
    c.keys('Enter');
    await c.waitFor('Action items', 30_000);
    expect(c.paneFlags().alternate).toBe(true);
    // It reads keys again: help opens.
    c.keys('?');
    await c.waitFor(/Keys .*Esc or \? closes/, 15_000);
  }, 180_000);
});
