import { describe, expect, it } from 'vitest';
import type { ConfirmRequest } from '../../src/domain/console-engine.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const REASON = 'OSD disk on k3s-w3 is failing: needs hardware';

const request = (over: Partial<ConfirmRequest>): ConfirmRequest => ({
  action: 'safe-state',
  title: 'Apply the safe state',
  target: 'the Ceph cluster',
  command: 'ceph osd set noout',
  destructive: true,
  challenge: null,
  notes: [],
  binding: { kind: 'item', id: 'safe-state', version: null },
  dryRun: false,
  ...over,
});

function escalatedEngine() {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  engine.stores.session.setState({ escalated: REASON });
  engine.plans.set('safe-state:noout', { ok: true, request: request({}) });
  engine.plans.set('resume:escalation', {
    ok: true,
    request: request({
      action: 'resume',
      title: 'Resume after the escalation',
      command: 'lift the console’s escalation stop',
      destructive: false,
      challenge: 'resume',
      binding: { kind: 'item', id: 'escalation', version: null },
    }),
  });
  return engine;
}

describe('escalation stops every write key, in the one binding table', () => {
  it('the header says ESCALATED with the reason; step and merge keys are off with it; the hint bar offers the safe state and resume', async () => {
    const engine = escalatedEngine();
    const ui = await renderConsole({ engine, columns: 160, rows: 40 });
    expect(ui.lines()[0]).toContain(` ESCALATED  ■ ${REASON}`);
    const hints = ui.lines().at(-1)!;
    expect(hints).toContain('S safe state');
    expect(hints).toContain('U resume');
    await ui.press('4', 'm');
    await ui.waitForText('merging a PR is stopped until you resume (U)');
    expect(engine.called('planMerge')).toEqual([]);
    expect(ui.lines().at(-1)).not.toContain('m merge');
    await ui.press('1', KEY.enter);
    await ui.waitForText('Goal');
    await ui.press('s');
    await ui.waitForText('starting a step is stopped until you resume');
    expect(engine.called('planStep')).toEqual([]);
    expect(ui.frame()).toContain('[s] start step (off)');
    await ui.unmount();
  });

  it('S plans the safe state and runs it once confirmed; U asks for the typed word and then resumes', async () => {
    const engine = escalatedEngine();
    const ui = await renderConsole({ engine, columns: 160, rows: 40 });
    await ui.press('S');
    await ui.waitForText('ceph osd set noout');
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('ran Apply the safe state');
    expect(engine.called('runStep').map((c) => (c.args[0] as ConfirmRequest).command)).toEqual(['ceph osd set noout']);

    await ui.press('U');
    await ui.waitForText('Type resume to confirm');
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('Type resume to enable OK.');
    expect(engine.called('runStep')).toHaveLength(1);
    await ui.press(KEY.tab);
    await ui.type('resume');
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('ran Resume after the escalation');
    expect(engine.called('runStep').at(-1)!.args).toEqual([expect.objectContaining({ action: 'resume' }), 'resume']);
    await ui.unmount();
  });

  it('without an escalation the safe state and resume keys are off and say why', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 40 });
    expect(ui.lines()[0]).not.toContain('ESCALATED');
    await ui.press('U');
    await ui.waitForText('nothing is escalated (e on an action item escalates it)');
    expect(engine.called('planResumeEscalation')).toEqual([]);
    expect(ui.lines().at(-1)).not.toContain('safe state');
    await ui.unmount();
  });

  it('e asks for the reason first and escalates with exactly what the operator typed; an empty reason does nothing', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 160, rows: 40 });
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    await ui.press('e');
    await ui.waitForText('why escalate A1?');
    await ui.press(KEY.enter);
    await ui.waitForText('type why (it goes into the header and the issue); nothing was done');
    expect(engine.called('planEscalation')).toEqual([]);
    await ui.press('e');
    await ui.waitForText('why escalate A1?');
    await ui.type('disk failing');
    await ui.press(KEY.enter);
    await ui.waitForText('no plan for escalate A1');
    expect(engine.called('planEscalation').map((c) => c.args[1])).toEqual(['disk failing']);
    await ui.unmount();
  });
});
