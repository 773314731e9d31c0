import { describe, expect, it } from 'vitest';
import { pushMessage } from '../../src/store/session-store.js';
import type { StepRun } from '../../src/store/step-store.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const NOW = 1_000_000;

function judged(over: Partial<StepRun> = {}): StepRun {
  return {
    itemId: 'E1',
    itemLine: 12,
    title: 'Run E1: Check pool usage',
    kind: 'runbook',
    commandText: 'ceph df',
    phase: 'verify',
    status: 'awaiting-judgement',
    startedAt: NOW - 7_000,
    finishedAt: NOW - 1_000,
    exitCode: 0,
    attempt: 1,
    message: null,
    ...over,
  };
}

/** A pool table longer than any output area: 300 lines, each naming its number. */
const POOL_TABLE = ['--- POOLS ---', ...Array.from({ length: 300 }, (_, i) => `pool-${String(i).padStart(3, '0')}  ${i * 3} GiB  ${i % 97}%`)];

describe('the output store, area and full-screen viewer', () => {
  it('keeps the step output in the area after the verdict: messages get a band, not the area', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.step.setState({ current: judged({ status: 'passed' }), output: POOL_TABLE });
    for (let i = 0; i < 12; i++) pushMessage(engine.stores.session, 'info', `message ${i}`);
    engine.stores.session.setState((s) => ({ messages: s.messages.map((m) => ({ ...m, at: NOW })) }));
    const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
    const f = ui.frame();
    expect(f).toContain('Run E1: Check pool usage: passed (exit 0) · o: all 301 lines');
    expect(f).toContain('pool-299');
    expect(f).toContain('message 11');
    expect(f).not.toContain('message 0');
    expect(ui.lines().length).toBeLessThanOrEqual(48);
    await ui.unmount();
  });

  for (const [columns, rows] of [
    [40, 20],
    [160, 48],
  ] as const) {
    it(`o opens every line full screen at ${columns}x${rows}: scroll, / search, n/N, Esc back; never taller than the terminal`, async () => {
      const engine = new FakeEngine();
      fillAll(engine.stores);
      engine.stores.step.setState({ current: judged(), output: POOL_TABLE });
      const ui = await renderConsole({ engine, columns, rows, now: NOW });
      await ui.press('o');
      await ui.waitForText(/lines 1-\d+ of 301/);
      expect(ui.frame()).toContain('--- POOLS ---');
      // Virtualised: only the window is drawn.
      expect(ui.frame()).not.toContain('pool-299');
      expect(ui.lines().length).toBeLessThanOrEqual(rows);
      for (const l of ui.lines()) expect(l.length).toBeLessThanOrEqual(columns);

      await ui.press('G');
      await ui.waitForText('pool-299');
      await ui.press('g');
      await ui.waitForText('--- POOLS ---');

      await ui.press('/');
      await ui.type('pool-150');
      await ui.press(KEY.enter);
      await ui.waitForText('1 matching line');
      expect(ui.frame()).toContain('> pool-150');
      expect(ui.frame()).toContain('/pool-150 1/1');

      // The search runs forward from the window (as less does), and n/N wrap around the matches.
      await ui.press('/');
      await ui.press(KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace, KEY.backspace);
      await ui.type('96%');
      await ui.press(KEY.enter);
      await ui.waitForText('3 matching lines');
      await ui.waitForText(/\/96% 2\/3/);
      expect(ui.frame()).toContain('> pool-193');
      await ui.press('n');
      await ui.waitForText(/\/96% 3\/3/);
      expect(ui.frame()).toContain('> pool-290');
      await ui.press('n');
      await ui.waitForText(/\/96% 1\/3/);
      expect(ui.frame()).toContain('> pool-096');
      await ui.press('N');
      await ui.waitForText(/\/96% 3\/3/);
      expect(ui.frame()).toContain('> pool-290');
      expect(ui.lines().length).toBeLessThanOrEqual(rows);

      await ui.press('/');
      await ui.type('zzz');
      await ui.press(KEY.enter);
      await ui.waitForText('no line matches "96%zzz"');
      await ui.press('n');
      await ui.waitForText('no line matches "96%zzz"');

      await ui.press(KEY.escape);
      await ui.waitForText(/Action items|Items/);
      expect(ui.frame()).not.toContain('matching line');
      await ui.unmount();
    });
  }

  it('o with no step output says why and opens nothing', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 120, rows: 40 });
    await ui.press('o');
    await ui.waitForText('no step output yet');
    expect(ui.frame()).not.toContain('of 0');
    await ui.unmount();
  });

  it('from an item detail, Esc goes back to the detail; the viewer follows a running step', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.step.setState({ current: judged({ status: 'running', exitCode: null }), output: POOL_TABLE.slice(0, 100) });
    const ui = await renderConsole({ engine, columns: 120, rows: 40, now: NOW });
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    await ui.press('o');
    await ui.waitForText('(following)');
    expect(ui.frame()).toContain('pool-098');
    await ui.update(() => engine.stores.step.setState((s) => ({ output: [...s.output, 'pool-new-line'] })));
    await ui.waitForText('pool-new-line');
    await ui.press(KEY.up);
    await ui.waitForText(/lines \d+-\d+ of 101/);
    expect(ui.frame()).not.toContain('(following)');
    await ui.press(KEY.escape);
    await ui.waitForText('Goal');
    await ui.unmount();
  });
});
