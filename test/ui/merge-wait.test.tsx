import { describe, expect, it } from 'vitest';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const NOW = 1_000_000;
const waiting = (engine: FakeEngine, deadline: number | null = NOW + 287_000) =>
  engine.stores.queue.setState({ loop: { pr: 45, phase: 'waiting-sync', message: 'waiting for grafana OutOfSync', deadline, waitMs: 300_000 } });

describe('a merge wait is visible and stoppable from every screen', () => {
  it('the header counts down with the phase and names the stop key; the hint bar offers it only while a wait runs', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 40, now: NOW });
    expect(ui.lines()[0]).not.toContain('WAIT');
    expect(ui.lines().at(-1)).not.toContain('x stop wait');
    await ui.update(() => waiting(engine));
    await ui.waitForText('┤ WAIT PR #45 sync 287/300 s left (x stops)');
    expect(ui.lines()[0]).toContain('WAIT PR #45 sync 287/300 s left');
    expect(ui.lines().at(-1)).toContain('x stop wait');
    // A detail screen keeps the header: the countdown is still there.
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    expect(ui.lines()[0]).toContain('WAIT PR #45 sync 287/300 s left');
    await ui.unmount();
  });

  it('x stops the wait (and says what is left behind); with no wait x says why it is off and stops nothing', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 40, now: NOW });
    await ui.press('x');
    await ui.waitForText('no merge, rollback or upgrade protocol is waiting');
    expect(engine.called('stopMergeLoop')).toEqual([]);
    await ui.update(() => waiting(engine));
    await ui.press('x');
    await ui.waitForText('Stopping the wait for PR #45: it stays merged, the loop stops');
    expect(engine.called('stopMergeLoop')).toHaveLength(1);
    await ui.unmount();
  });

  it('Ctrl-C during a merge wait stops it when there is no step to cancel', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 40, now: NOW });
    await ui.update(() => waiting(engine));
    await ui.press(KEY.ctrlC);
    await ui.waitForText('Stopping the wait for PR #45');
    expect(engine.called('cancelStep')).toHaveLength(1);
    expect(engine.called('stopMergeLoop')).toHaveLength(1);
    expect(ui.onExit).not.toHaveBeenCalled();
    await ui.unmount();
  });

  it('never shows more than the limit, though the UI clock lags the loop’s by up to a second', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 40, now: NOW });
    await ui.update(() => waiting(engine, NOW + 301_500));
    await ui.waitForText('WAIT PR #45 sync 300/300 s left');
    await ui.unmount();
  });

  it('the stop key follows the config file’s keys: section', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 40, now: NOW, keys: { mergeStop: ['X'] } });
    await ui.update(() => waiting(engine, null));
    await ui.waitForText('WAIT PR #45 sync no deadline (X stops)');
    await ui.press('x');
    expect(engine.called('stopMergeLoop')).toEqual([]);
    await ui.press('X');
    expect(engine.called('stopMergeLoop')).toHaveLength(1);
    await ui.unmount();
  });
});
