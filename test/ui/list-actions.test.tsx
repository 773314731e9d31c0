import { describe, expect, it } from 'vitest';
import type { StepRun } from '../../src/store/step-store.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const NOW = 1_000_000;

function stepOf(itemId: string, line: number, status: StepRun['status']): StepRun {
  return {
    itemId,
    itemLine: line,
    title: `Run ${itemId}`,
    kind: 'runbook',
    commandText: 'kubectl -n paperless rollout restart deploy/paperless-ngx',
    phase: 'execute',
    status,
    startedAt: NOW - 3_000,
    finishedAt: null,
    exitCode: null,
    attempt: 1,
    message: null,
  };
}

function engineWithItems() {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  const items = engine.stores.issue.getState().document!.items;
  const line = (id: string) => items.find((i) => i.id === id)!.line;
  return { engine, line };
}

describe('the step keys act on the selected row of the Action items pane', () => {
  it('s on a row plans that row’s step (no Enter first) and shows the same dialog; the hint bar names the keys that act', async () => {
    const { engine } = engineWithItems();
    const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
    expect(ui.lines().at(-1)).toMatch(/s start +d defer/);
    // Only what acts on this row: no verdict is pending, A1's rollback is "none".
    expect(ui.lines().at(-1)).not.toMatch(/p pass|f fail|b rollback/);
    engine.plans.set('step:B1', {
      ok: true,
      request: {
        action: 'run-step',
        title: 'Run B1: Restart paperless-ngx',
        target: 'deploy/paperless-ngx in paperless',
        command: 'kubectl -n paperless rollout restart deploy/paperless-ngx',
        destructive: false,
        challenge: null,
        notes: [],
        binding: { kind: 'item', id: 'B1', version: '7' },
        dryRun: false,
      },
    });
    await ui.press('j'); // B1
    await ui.press('s');
    await ui.waitForText('CONFIRM');
    expect(ui.frame()).toContain('Run B1: Restart paperless-ngx');
    expect(engine.called('planStep').map((c) => c.args[0])).toEqual([expect.objectContaining({ id: 'B1' })]);
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('ran Run B1: Restart paperless-ngx');
    // Still the panes: the step was planned and run from the list.
    expect(ui.frame()).toContain('Action items 1/5');
    await ui.unmount();
  });

  it('p and f judge the step awaiting its verdict from its row, with the note prompt; on another row they say why not', async () => {
    const { engine, line } = engineWithItems();
    engine.stores.step.setState({ current: stepOf('B1', line('B1'), 'awaiting-judgement') });
    const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
    await ui.press('p'); // on A1
    await ui.waitForText('nothing to judge: no step of A1 waits for a verdict');
    await ui.press('s');
    await ui.waitForText('B1 waits for your verdict (p passed, f failed)');
    expect(engine.called('planStep')).toHaveLength(0);
    await ui.press('j', 'p');
    await ui.waitForText('pass B1, note (optional):');
    await ui.type('pods Running');
    await ui.press(KEY.enter);
    await ui.waitForText('judged pass');
    expect(engine.called('judgeStep')).toEqual([{ method: 'judgeStep', args: ['pass', 'pods Running'] }]);
    await ui.unmount();
  });

  it('a running step turns start and defer off on every row, with the step named', async () => {
    const { engine, line } = engineWithItems();
    engine.stores.step.setState({ current: stepOf('B1', line('B1'), 'running') });
    const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
    await ui.press('s');
    await ui.waitForText('a step is running: B1');
    await ui.press('j', 'd');
    await ui.waitForText('the step is still running (Ctrl-C cancels)');
    expect(engine.called('planStep')).toHaveLength(0);
    expect(engine.called('deferItem')).toHaveLength(0);
    await ui.unmount();
  });

  it('d defers the row with a required reason; e asks why and escalates the row; b on a row without rollback says so', async () => {
    const { engine } = engineWithItems();
    const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
    await ui.press('b');
    await ui.waitForText('A1 has no rollback step (Rollback: none)');
    await ui.press('j', 'd');
    await ui.waitForText('defer B1');
    await ui.type('after the backup');
    await ui.press(KEY.enter);
    await ui.waitForText('deferred B1');
    expect(engine.called('deferItem')).toEqual([{ method: 'deferItem', args: ['B1', 'after the backup'] }]);
    await ui.press('e');
    await ui.waitForText('why escalate B1?');
    await ui.unmount();
  });

  it('nothing selected (a filter that matches no item) turns every step key off with that reason', async () => {
    const { engine } = engineWithItems();
    const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
    await ui.press('/');
    await ui.type('zzz');
    await ui.press(KEY.enter);
    await ui.waitForText('nothing matches the filter');
    await ui.press('s');
    await ui.waitForText('nothing selected: move to an action item (j/k)');
    expect(engine.called('planStep')).toHaveLength(0);
    await ui.unmount();
  });

  it('escalated: the row keys are off with the escalation, except escalate itself', async () => {
    const { engine } = engineWithItems();
    engine.stores.session.setState({ escalated: 'osd.3 flapping' });
    const ui = await renderConsole({ engine, columns: 160, rows: 48, now: NOW });
    await ui.press('s');
    await ui.waitForText(/ESCALATED \(osd\.3 flapping\): starting a step is stopped until you resume/);
    expect(engine.called('planStep')).toHaveLength(0);
    await ui.unmount();
  });
});

describe('merge acts on the selected row of the Renovate queue pane', () => {
  it('m merges the row under the cursor; a step awaiting its verdict turns it off with the step named', async () => {
    const { engine, line } = engineWithItems();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48, now: NOW });
    await ui.press('j', 'm'); // #45
    await ui.waitForText('merge PR #45: refused, nothing was done: no plan for merge 45');
    expect(engine.called('planMerge').map((c) => c.args[0])).toEqual([45]);
    await ui.update(() => engine.stores.step.setState({ current: stepOf('B1', line('B1'), 'awaiting-judgement') }));
    await ui.press('m');
    await ui.waitForText('B1 waits for your verdict (p passed, f failed)');
    expect(engine.called('planMerge')).toHaveLength(1);
    await ui.update(() => engine.stores.step.setState({ current: null }));
    await ui.update(() => engine.stores.queue.setState({ loop: { pr: 43, phase: 'waiting-sync', message: 'waiting', deadline: null } }));
    await ui.press('m');
    await ui.waitForText('PR #43 is waiting-sync: one merge or rollback at a time');
    expect(engine.called('planMerge')).toHaveLength(1);
    await ui.unmount();
  });

  it('u works the protocol of the selected major or database PR from its row; a patch PR needs none', async () => {
    const { engine } = engineWithItems();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48, now: NOW });
    await ui.press('u'); // #43, a patch
    await ui.waitForText('PR #43 needs no protocol: m merges it');
    expect(engine.called('protocolNext')).toHaveLength(0);
    await ui.press('G', 'u'); // #47, a database major
    await ui.waitForText('PR #47: nothing to do now');
    expect(engine.called('protocolNext').map((c) => c.args[0])).toEqual([47]);
    await ui.unmount();
  });
});
