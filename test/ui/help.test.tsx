import { describe, expect, it } from 'vitest';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

describe('help', () => {
  it('in a 40x20 side pane shows keys with their descriptions in one column and scrolls to the rest', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 40, rows: 20 });
    await ui.press('?');
    await ui.waitForText('Esc or ? closes');
    expect(ui.frame()).toMatch(/Tab +Next pane/);
    expect(ui.frame()).not.toContain('Press the focused button');
    expect(ui.frame()).toMatch(/Esc or \? closes {2}1-\d+\/\d+ j\/k/);
    await ui.press('G');
    // The end of help is the : commands, every one (the palette's list).
    await ui.waitForText(/:q +quit/);
    expect(ui.frame()).not.toMatch(/Tab +Next pane/);
    await ui.press(KEY.pageUp);
    await ui.waitForText('Press the focused button');
    expect(ui.lines().length).toBeLessThanOrEqual(20);
    await ui.press(KEY.escape);
    await ui.waitForText('1 Items');
    await ui.unmount();
  });
});
