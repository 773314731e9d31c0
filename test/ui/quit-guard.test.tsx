import { describe, expect, it } from 'vitest';
import { FakeEngine } from './fake-engine.js';
import { fillIssue } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const BUSY = { busy: true, reason: 'step B1 ran and awaits your verdict' };

describe('quitting while work would be lost', () => {
  it('q asks first while a step awaits its verdict; Cancel is the default and Esc keeps working', async () => {
    const engine = new FakeEngine();
    fillIssue(engine.stores);
    engine.busy = { ...BUSY };
    const ui = await renderConsole({ engine, columns: 160, rows: 48 });
    await ui.press('q');
    await ui.waitForText('Quit while work is in progress?');
    expect(ui.frame()).toContain('step B1 ran and awaits your verdict');
    expect(ui.frame()).toContain('interrupted — outcome unknown');
    expect(ui.frame()).toContain('> Cancel <');
    // Enter on the default (Cancel) does not quit.
    await ui.press(KEY.enter);
    await ui.waitForText('Cancel is focused');
    expect(ui.onExit).not.toHaveBeenCalled();
    await ui.press(KEY.escape);
    await ui.waitForText('Layer health');
    expect(ui.frame()).not.toContain('Quit while work');
    expect(ui.onExit).not.toHaveBeenCalled();

    // Confirmed: the console exits and leaves the record to close() — nothing is cancelled first
    // (a cancel would be recorded as cancelled, not interrupted).
    await ui.press('q');
    await ui.waitForText('Quit while work is in progress?');
    await ui.press(KEY.tab, KEY.enter);
    expect(ui.onExit).toHaveBeenCalledTimes(1);
    expect(engine.called('cancelStep')).toEqual([]);
    await ui.unmount();
  });

  it('Ctrl-C twice asks the same question while work is pending, and more Ctrl-C does not quit past it', async () => {
    const engine = new FakeEngine();
    fillIssue(engine.stores);
    engine.busy = { ...BUSY };
    // The verdict wait is not cancellable: Ctrl-C finds nothing to cancel.
    engine.cancelStep = () => false;
    const ui = await renderConsole({ engine });
    await ui.press(KEY.ctrlC);
    await ui.waitForText('Press Ctrl-C again within 2 s to quit');
    await ui.press(KEY.ctrlC);
    await ui.waitForText('Quit while work is in progress?');
    await ui.press(KEY.ctrlC, KEY.ctrlC);
    expect(ui.frame()).toContain('Quit while work is in progress?');
    expect(ui.onExit).not.toHaveBeenCalled();
    await ui.press(KEY.tab, KEY.enter);
    expect(ui.onExit).toHaveBeenCalledTimes(1);
    await ui.unmount();
  });

  it('quits at once when nothing is pending', async () => {
    const engine = new FakeEngine();
    fillIssue(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press(KEY.ctrlC, KEY.ctrlC);
    expect(ui.onExit).toHaveBeenCalledTimes(1);
    await ui.unmount();
  });
});
