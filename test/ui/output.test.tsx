import { describe, expect, it } from 'vitest';
import { pushMessage } from '../../src/store/session-store.js';
import type { StepRun } from '../../src/store/step-store.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const NOW = 1_000_000;

function run(over: Partial<StepRun> = {}): StepRun {
  return {
    itemId: 'A1',
    itemLine: 12,
    title: 'Run A1: Purge dead osd.8',
    kind: 'typed',
    commandText: 'ceph osd purge 8 --yes-i-really-mean-it',
    phase: 'execute',
    status: 'running',
    startedAt: NOW - 7_000,
    finishedAt: null,
    exitCode: null,
    attempt: 1,
    message: null,
    ...over,
  };
}

describe('output area', () => {
  it('marks warnings and errors with a glyph, not colour alone, and wraps a long refusal', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const long = `merge PR #43: refused, nothing was done: every layer must be GREEN before a merge; now: ${'System RED (CephCheck MGR_MODULE_ERROR HEALTH_ERR) '.repeat(4)}END`;
    pushMessage(engine.stores.session, 'warn', long);
    pushMessage(engine.stores.session, 'error', 'kubernetes: connect ECONNREFUSED');
    const ui = await renderConsole({ engine, columns: 120, rows: 40, theme: 'mono' });
    const f = ui.frame();
    expect(f).toContain('▲ merge PR #43: refused');
    expect(f).toContain('END');
    expect(f).toContain('■ kubernetes: connect ECONNREFUSED');
    expect(ui.lines().length).toBeLessThanOrEqual(40);
    await ui.unmount();
  });

  it('shows a running step with CP437 markers and a later message on its last line', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.step.setState({ current: run(), output: ['▶ ceph osd out 8', '✓ ceph osd out 8: osd.8 is out'] });
    pushMessage(engine.stores.session, 'warn', 'start B1: refused, nothing was done: busy');
    engine.stores.session.setState((s) => ({ messages: s.messages.map((m) => ({ ...m, at: NOW })) }));
    const ui = await renderConsole({ engine, columns: 120, rows: 40, now: NOW });
    const f = ui.frame();
    expect(f).toContain('Run A1: Purge dead osd.8: ┤ running');
    expect(f).toContain('► ceph osd out 8');
    expect(f).toContain('√ ceph osd out 8: osd.8 is out');
    expect(f).not.toMatch(/[▶✓]/u);
    expect(f).toContain('▲ start B1: refused');
    await ui.unmount();
  });

  it('does not let a step that was never confirmed hide the messages', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.step.setState({ current: run({ status: 'awaiting-confirm', startedAt: null }), output: [] });
    pushMessage(engine.stores.session, 'info', 'merge loop continues after PR #47');
    const ui = await renderConsole({ engine, columns: 120, rows: 40, now: NOW });
    expect(ui.frame()).toContain('merge loop continues after PR #47');
    expect(ui.frame()).not.toContain('awaiting-confirm');
    await ui.unmount();
  });

  it('shows a merge in progress with its countdown', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.queue.setState({ loop: { pr: 43, phase: 'waiting-sync', message: 'waiting for kured OutOfSync', deadline: NOW + 42_000 } });
    const ui = await renderConsole({ engine, columns: 120, rows: 40, now: NOW });
    expect(ui.frame()).toContain('┤ PR #43 waiting-sync, 42 s left: waiting for kured OutOfSync');
    await ui.unmount();
  });

  it('says how long a step has been running, and leaves out start while another step waits', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.step.setState({ current: run({ itemLine: engine.stores.issue.getState().document!.items[0]!.line }), output: [] });
    const ui = await renderConsole({ engine, columns: 120, rows: 40, now: NOW });
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    expect(ui.frame()).toContain('step running for 7 s (Ctrl-C cancels)');
    expect(ui.frame()).toContain('[s] start step (off)');
    // A1's Rollback field is "none": no rollback step to offer.
    expect(ui.frame()).toContain('[b] rollback (off)');
    expect(ui.lines().at(-1)).not.toContain('s start');
    await ui.unmount();
  });
});
