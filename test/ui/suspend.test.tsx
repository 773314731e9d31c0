import { describe, expect, it } from 'vitest';
import type { UiTerminal } from '../../src/ui/terminal-handover.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

function terminal() {
  const t = { suspended: 0, Binder: () => null, suspendToShell: async () => void t.suspended++ } satisfies UiTerminal & { suspended: number };
  return t;
}

describe('Ctrl-Z hands the terminal back to the shell', () => {
  it('suspends through the terminal the console runs on', async () => {
    const t = terminal();
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, terminal: t });
    await ui.press(KEY.ctrlZ);
    expect(t.suspended).toBe(1);
    await ui.unmount();
  });

  it('is refused while a step runs (the console would stop watching it), saying what to do', async () => {
    const t = terminal();
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.step.setState({
      current: {
        itemId: 'A1',
        itemLine: 3,
        title: 'Run A1',
        kind: 'typed',
        commandText: 'sleep 100',
        phase: 'execute',
        status: 'running',
        startedAt: 1,
        finishedAt: null,
        exitCode: null,
        attempt: 1,
        message: null,
      },
    });
    const ui = await renderConsole({ engine, terminal: t });
    await ui.press(KEY.ctrlZ);
    await ui.waitForText('a step is running: A1 (Ctrl-C cancels it; suspend after)');
    expect(t.suspended).toBe(0);
    await ui.unmount();
  });

  it('without a terminal (tests, no TTY) it says there is none', async () => {
    const ui = await renderConsole();
    await ui.press(KEY.ctrlZ);
    await ui.waitForText('no terminal to hand back to a shell');
    await ui.unmount();
  });
});
