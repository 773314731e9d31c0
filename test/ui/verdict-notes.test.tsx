import { describe, expect, it } from 'vitest';
import type { StepRun } from '../../src/store/step-store.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const NOW = 1_000_000;

function awaiting(line: number, over: Partial<StepRun> = {}): StepRun {
  return {
    itemId: 'A1',
    itemLine: line,
    title: 'Run A1: Purge dead osd.8',
    kind: 'typed',
    commandText: 'ceph osd purge 8 --yes-i-really-mean-it',
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

async function openA1(withStep: boolean) {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  const a1 = engine.stores.issue.getState().document!.items[0]!;
  if (withStep) engine.stores.step.setState({ current: awaiting(a1.line), output: ['ok: ceph osd purge 8'] });
  const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
  await ui.press(KEY.enter);
  await ui.waitForText('A1  Purge dead osd.8');
  return { engine, ui, a1 };
}

describe('a verdict carries a one-line note to the Change Log', () => {
  it('p asks for an optional note typed in place; Enter records the verdict with it', async () => {
    const { engine, ui } = await openA1(true);
    await ui.press('p');
    await ui.waitForText('pass A1, note (optional):');
    // The evidence stays visible while the note is typed.
    expect(ui.frame()).toContain('ok: ceph osd purge 8');
    await ui.type('pool at 54%, backup first');
    await ui.press(KEY.enter);
    await ui.waitForText('judged pass');
    expect(engine.called('judgeStep')).toEqual([{ method: 'judgeStep', args: ['pass', 'pool at 54%, backup first'] }]);
    await ui.unmount();
  });

  it('f with nothing typed records the verdict without a note; Esc cancels the verdict itself', async () => {
    const { engine, ui } = await openA1(true);
    await ui.press('f');
    await ui.waitForText('fail A1, what failed (optional):');
    await ui.press(KEY.escape);
    await ui.waitForText('fail A1: cancelled, nothing recorded');
    expect(engine.called('judgeStep')).toEqual([]);
    await ui.press('f');
    await ui.waitForText('fail A1, what failed (optional):');
    await ui.press(KEY.enter);
    await ui.waitForText('judged fail');
    expect(engine.called('judgeStep')).toEqual([{ method: 'judgeStep', args: ['fail'] }]);
    await ui.unmount();
  });

  it('d defers an item not run: the reason is required and reaches the engine', async () => {
    const { engine, ui } = await openA1(false);
    expect(ui.frame()).toContain('[d] defer');
    await ui.press('d');
    await ui.waitForText('defer A1, reason:');
    await ui.press(KEY.enter);
    await ui.waitForText('type the reason first');
    expect(engine.called('deferItem')).toEqual([]);
    await ui.type('merge after the backup');
    await ui.press(KEY.enter);
    await ui.waitForText('deferred A1');
    expect(engine.called('deferItem')).toEqual([{ method: 'deferItem', args: ['A1', 'merge after the backup'] }]);
    expect(engine.called('judgeStep')).toEqual([]);
    await ui.unmount();
  });

  it('d on a step awaiting its verdict judges it deferred', async () => {
    const { engine, ui } = await openA1(true);
    await ui.press('d');
    await ui.waitForText('defer A1, reason:');
    await ui.type('needs a window');
    await ui.press(KEY.enter);
    await ui.waitForText('judged defer');
    expect(engine.called('judgeStep')).toEqual([{ method: 'judgeStep', args: ['defer', 'needs a window'] }]);
    await ui.unmount();
  });

  it('E: the verdict and a longer note come from the editor; the template names the item and its Expected', async () => {
    const { engine, ui } = await openA1(true);
    expect(ui.frame()).toContain('[E] editor note');
    engine.editorText = 'fail\n\n# help line dropped\nthe purge left\n  pg 2.1f stuck\n';
    await ui.press('E');
    await ui.waitForText('judged fail');
    const [call] = engine.called('editText');
    expect(String(call!.args[0])).toMatch(/^pass\n\n# Your verdict on A1 Purge dead osd\.8/);
    expect(engine.called('judgeStep')).toEqual([{ method: 'judgeStep', args: ['fail', 'the purge left pg 2.1f stuck'] }]);
    await ui.unmount();
  });

  it('E: an editor that fails, an empty file or a first line that is no verdict records nothing and says why', async () => {
    const { engine, ui } = await openA1(true);
    engine.editorText = null;
    await ui.press('E');
    await ui.waitForText('nothing recorded (a non-zero exit');
    engine.editorText = '# only help\n\n';
    await ui.press('E');
    await ui.waitForText('A1: the note was empty, nothing recorded');
    engine.editorText = 'maybe\nit looked fine';
    await ui.press('E');
    await ui.waitForText('the first line must be pass, fail or defer, not "maybe"');
    engine.editorText = 'defer\n';
    await ui.press('E');
    await ui.waitForText('defer needs a note');
    expect(engine.called('judgeStep')).toEqual([]);
    await ui.unmount();
  });

  it('E is off while no step of the item waits for a verdict, and says so', async () => {
    const { engine, ui } = await openA1(false);
    // A variant of p and f: drawn only while it can act, but bound (pressing it says why it is off).
    expect(ui.frame()).not.toContain('[E]');
    await ui.press('E');
    await ui.waitForText('nothing to judge');
    expect(engine.called('editText')).toEqual([]);
    await ui.unmount();
  });
});
