import { describe, expect, it } from 'vitest';
import type { UnknownOutcome } from '../../src/store/step-store.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const unknown = (over: Partial<UnknownOutcome>): UnknownOutcome => ({
  stepId: 's1',
  title: 'B2 Restart osd.3',
  at: '2026-11-26T13:00:00Z',
  itemId: 'B2',
  itemLine: 93,
  issue: 'ops/homelab#42',
  kind: 'runbook',
  commandText: 'ceph orch daemon restart osd.3',
  mode: 'WRITE',
  attempt: 1,
  kubeContext: 'homelab',
  giteaHost: 'gitea.lan:3000',
  known: ['no outcome: the console died while it ran'],
  groups: [{ pgid: 4242, alive: true, members: ['4243 sleep 300'] }],
  acknowledged: false,
  ...over,
});

function crashedEngine() {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  engine.stores.step.setState({
    unknownOutcomes: [unknown({}), unknown({ stepId: 's2', title: 'B3 Reweight osd.5', groups: [{ pgid: 5151, alive: false, members: [] }] })],
  });
  return engine;
}

describe('a crash is remembered: the unknown outcomes come first', () => {
  it('opens on the verify screen with what the journal knows; step and merge keys are off with the reason; each mark is sent once', async () => {
    const engine = crashedEngine();
    const ui = await renderConsole({ engine, columns: 180, rows: 40 });
    await ui.waitForText('Outcome unknown — verify: the console stopped while these 2 steps ran');
    const frame = ui.frame();
    expect(frame).toContain('B2 Restart osd.3');
    expect(frame).toContain('ran:   ceph orch daemon restart osd.3');
    expect(frame).toContain('where: ops/homelab#42, kube homelab, gitea gitea.lan:3000');
    expect(frame).toContain('known: no outcome: the console died while it ran');
    expect(frame).toContain('its process group 4242 is STILL RUNNING: 4243 sleep 300');
    expect(frame).toContain('process group 5151: gone');
    expect(ui.lines().at(-1)).toContain('p done');

    // Anything else that acts waits, through the binding table's reason.
    await ui.press('q');
    await ui.press('4', 'm');
    await ui.waitForText('merging a PR waits: outcome unknown — verify: B2 Restart osd.3');
    expect(engine.called('planMerge')).toEqual([]);
    await ui.press('1', KEY.enter);
    await ui.waitForText('Goal');
    await ui.press('s');
    await ui.waitForText('starting a step waits: outcome unknown — verify');
    expect(engine.called('planStep')).toEqual([]);

    // :verify brings it back; p marks the first done, u the second still unknown.
    await ui.press(':');
    await ui.type('verify');
    await ui.press(KEY.enter);
    await ui.waitForText('these 2 steps ran');
    await ui.press('p');
    await ui.waitForText('s1: done');
    expect(engine.called('verifyUnknown').map((c) => c.args)).toEqual([['s1', 'done']]);
    await ui.press('f');
    await ui.waitForText('every unknown outcome is answered and recorded');
    expect(engine.called('verifyUnknown').map((c) => c.args)).toEqual([
      ['s1', 'done'],
      ['s2', 'failed'],
    ]);
    await ui.unmount();
  });
});
