import { describe, expect, it } from 'vitest';
import type { ConfirmRequest } from '../../src/domain/console-engine.js';
import { FakeEngine } from './fake-engine.js';
import { CEPH, fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

function purge(): ConfirmRequest {
  return {
    action: 'run-step',
    title: 'Run A1: Purge dead osd.8',
    target: 'osd.8 on opal',
    command: 'ceph osd purge 8 --yes-i-really-mean-it',
    destructive: true,
    challenge: 'osd.8',
    notes: ['Data on osd.8 is gone for good.'],
    binding: { kind: 'item', id: 'A1', version: '7' },
    dryRun: false,
  };
}

async function openPurgeDialog() {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  engine.plans.set('step:A1', { ok: true, request: purge() });
  const ui = await renderConsole({ engine });
  await ui.press(KEY.enter);
  await ui.waitForText('Goal');
  await ui.press('s');
  await ui.waitForText('CONFIRM');
  return { engine, ui };
}

describe('confirmation dialog', () => {
  it('names the exact target and command, with focus on Cancel', async () => {
    const { ui } = await openPurgeDialog();
    const f = ui.frame();
    expect(f).toContain('Target: osd.8 on opal');
    expect(f).toContain('ceph osd purge 8 --yes-i-really-mean-it');
    expect(f).toContain('Type osd.8 to confirm');
    expect(f).toContain('> Cancel <');
    await ui.unmount();
  });

  it('does nothing on Enter while Cancel is focused, and Esc cancels without acting', async () => {
    const { engine, ui } = await openPurgeDialog();
    await ui.press(KEY.enter);
    await ui.waitForText('Cancel is focused');
    expect(engine.called('runStep')).toHaveLength(0);
    await ui.press(KEY.escape);
    await ui.waitForText('cancelled: Run A1');
    expect(engine.called('runStep')).toHaveLength(0);
    await ui.unmount();
  });

  it('needs the typed challenge before OK acts, then runs the confirmed plan', async () => {
    const { engine, ui } = await openPurgeDialog();
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('Type osd.8 to enable OK');
    expect(engine.called('runStep')).toHaveLength(0);
    await ui.type('osd.8');
    await ui.press(KEY.enter);
    await ui.waitForText('ran Run A1');
    expect(engine.called('runStep')[0]!.args[1]).toBe('osd.8');
    await ui.unmount();
  });

  it('a step the operator cancelled reads as cancelled, not failed', async () => {
    const { engine, ui } = await openPurgeDialog();
    engine.runResult = { ok: false, cancelled: true, reason: 'cancelled (already done: ceph osd out 8)' };
    await ui.press(KEY.tab);
    await ui.type('osd.8');
    await ui.press(KEY.enter);
    await ui.waitForText('start A1: cancelled (already done: ceph osd out 8)');
    expect(ui.frame()).not.toMatch(/start A1 failed/);
    // A real failure still says failed.
    engine.runResult = { ok: false, reason: 'exit 1' };
    await ui.press('s');
    await ui.waitForText('CONFIRM');
    await ui.press(KEY.tab);
    await ui.type('osd.8');
    await ui.press(KEY.enter);
    await ui.waitForText('start A1 failed: exit 1');
    await ui.unmount();
  });

  it('refuses when the bound object changed while the dialog was open', async () => {
    const { engine, ui } = await openPurgeDialog();
    // Someone edited the issue body: content_version moved from 7 to 8.
    engine.versions.set('item:A1', '8');
    await ui.press(KEY.tab);
    await ui.type('osd.8');
    await ui.press(KEY.enter);
    await ui.waitForText('refused: item A1 changed while the dialog was open');
    expect(engine.called('runStep')).toHaveLength(0);
    await ui.unmount();
  });

  it('keeps the panes behind it still while it is open', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.plans.set('merge:43', {
      ok: true,
      request: { ...purge(), action: 'merge', title: 'Merge PR #43', challenge: null, binding: { kind: 'pr', id: '43', version: 'sha43' } },
    });
    const ui = await renderConsole({ engine, columns: 160, rows: 50 });
    await ui.press('4', 'm');
    await ui.waitForText('Merge PR #43');
    expect(ui.frame()).toContain('crashes: 3 new');
    await ui.update(() => engine.stores.ceph.setState({ summary: { ...CEPH, crashes: { new: 0, total: 3, recent: [] } } }));
    expect(ui.frame()).toContain('crashes: 3 new');
    await ui.press(KEY.escape);
    await ui.waitForText('crashes: 0 new');
    await ui.unmount();
  });

  it('fits a 40x20 side pane: a long command is cut, the challenge and buttons stay', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const long = { ...purge(), command: Array.from({ length: 30 }, (_, i) => `kubectl step ${i + 1}`).join('\n') };
    engine.plans.set('step:A1', { ok: true, request: long });
    const ui = await renderConsole({ engine, columns: 40, rows: 20 });
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    await ui.press('s');
    await ui.waitForText('> Cancel <');
    const f = ui.frame();
    expect(f).toMatch(/\.\.\. \d+ more lines/);
    expect(f).toContain('Type osd.8');
    expect(ui.lines().length).toBeLessThanOrEqual(20);
    await ui.unmount();
  });

  it('has no merge key in read-only mode', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.session.setState({ mode: 'READ-ONLY' });
    engine.plans.set('merge:43', { ok: true, request: { ...purge(), title: 'Merge PR #43' } });
    const ui = await renderConsole({ engine });
    await ui.press('4', 'm');
    expect(engine.called('planMerge')).toHaveLength(0);
    expect(ui.frame()).not.toMatch(/m merge/);
    expect(ui.frame()).toContain(' READ-ONLY ');
    await ui.unmount();
  });
});
