import { describe, expect, it } from 'vitest';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

function readOnlyEngine() {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  engine.stores.session.setState({ mode: 'READ-ONLY' });
  return engine;
}

describe('read-only mode refuses write keys with a message', () => {
  it('says so when a step key is pressed on an item, and plans nothing', async () => {
    const engine = readOnlyEngine();
    const ui = await renderConsole({ engine, columns: 160, rows: 48 });
    await ui.press(KEY.enter);
    await ui.waitForText('no controls in read-only mode');
    await ui.press('s');
    await ui.waitForText('read-only: starting a step is off (--read-only)');
    await ui.press('e');
    await ui.waitForText('read-only: escalating is off (--read-only)');
    expect(engine.called('planStep')).toHaveLength(0);
    expect(engine.called('planEscalation')).toHaveLength(0);
    expect(ui.frame()).not.toContain('CONFIRM');
    // Still absent from the hint bar.
    expect(ui.lines().at(-1)).not.toMatch(/start|escalate/);
    await ui.unmount();
  });

  it('says so for merge in the queue, and not for keys that do not write', async () => {
    const engine = readOnlyEngine();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    await ui.press('m');
    await ui.waitForText('read-only: merging a PR is off (--read-only)');
    expect(engine.called('planMerge')).toHaveLength(0);
    expect(ui.lines().at(-1)).not.toMatch(/merge/);
    await ui.unmount();
  });

  it('a step key on the Action items row answers read-only as in the detail; a queue key there is no key at all', async () => {
    const engine = readOnlyEngine();
    const ui = await renderConsole({ engine, columns: 160, rows: 48 });
    await ui.press('m');
    expect(ui.frame()).not.toContain('read-only:');
    await ui.press('s');
    await ui.waitForText('read-only: starting a step is off (--read-only)');
    expect(engine.called('planStep')).toHaveLength(0);
    await ui.unmount();
  });
});
