import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TmuxConsole, hasTmux } from './tmux.js';
import { ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';

// The copy key in real tmux: OSC 52 on the console's terminal reaches tmux's paste buffer when
// tmux's set-clipboard is on, which is what an operator over ssh into tmux has to set.
beforeAll(ensureBundle, 180_000);

const sessions: TmuxConsole[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) s.kill();
});

async function startDemo(): Promise<TmuxConsole> {
  const c = TmuxConsole.start(['demo'], { columns: 140, rows: 40 });
  sessions.push(c);
  await c.waitFor(/Action items \d+\/\d+/, 30_000);
  await c.waitFor(/Renovate queue \d/, 30_000);
  return c;
}

const buffer = (c: TmuxConsole, what: string) => waitFor(() => c.pasteBuffer(), { timeoutMs: 15_000, intervalMs: 20, what });

describe.skipIf(!hasTmux())('copy key (y) through tmux', () => {
  it("copies the selected PR's URL and the selected item's commands; the message line says what", async () => {
    const c = await startDemo();
    c.setOption('set-clipboard', 'on');
    c.keys('4');
    await c.waitFor(/y copy/, 15_000);
    c.keys('y');
    const url = await buffer(c, 'the PR URL in the paste buffer');
    expect(url).toMatch(/^https?:\/\/\S+\/pulls\/\d+$/);
    await c.waitFor(/copied PR #\d+'s URL to the clipboard/, 15_000);

    c.keys('1');
    await c.waitFor(/Action items \d+\/\d+/);
    c.tmuxDeleteBuffer();
    c.keys('y');
    const commands = await buffer(c, "the item's commands in the paste buffer");
    expect(commands.length).toBeGreaterThan(0);
    expect(commands).not.toMatch(/^https?:/);
    const screen = await c.waitFor(/copied \S+'s commands to the clipboard/, 15_000);
    expect(screen).toContain(commands.split('\n')[0]!.slice(0, 30));
  }, 120_000);

  it('without set-clipboard on, tmux keeps its buffer empty (the message names the option to set)', async () => {
    const c = await startDemo();
    c.setOption('set-clipboard', 'external');
    c.keys('4');
    await c.waitFor(/y copy/, 15_000);
    c.keys('y');
    await c.waitFor('in tmux: set-clipboard on', 15_000);
    expect(c.pasteBuffer()).toBeNull();
  }, 120_000);
});
