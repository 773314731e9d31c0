import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/domain/recon/findings.js';
import { proposeItems } from '../../src/domain/recon/propose.js';
import { parseIssue } from '../../src/domain/issue/parse.js';
import { FakeEngine } from './fake-engine.js';
import { BODY, fillAll, fillIssue } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const cert: Finding = {
  key: 'Certificate/monitoring/alertmanager-tls',
  kind: 'Certificate',
  namespace: 'monitoring',
  name: 'alertmanager-tls',
  layer: 'platform',
  status: 'YELLOW',
  reason: 'Expiring in 5 d',
  detail: ['notAfter 2026-12-07T12:00:00Z'],
  expiresInDays: 5,
};
const alert: Finding = {
  key: 'Alert/monitoring/CephNodeDiskspaceWarning',
  kind: 'Alert',
  namespace: 'monitoring',
  name: 'CephNodeDiskspaceWarning',
  layer: 'platform',
  status: 'YELLOW',
  reason: 'warning firing',
  detail: [],
  summary: 'Disk on k3s-w2 will be full in 3 days',
};

function fillRecon(engine: FakeEngine, trigger: 'operator' | 'final' = 'operator') {
  const items = parseIssue(BODY).items;
  engine.stores.recon.setState((s) => ({
    phase: 'done',
    trigger,
    overall: 'YELLOW',
    findings: [cert, alert],
    proposals: proposeItems([cert, alert], items),
    at: '2026-12-02T04:00:00.000Z',
    error: null,
    seq: s.seq + 1,
    seen: { [cert.key]: 1, [alert.key]: 3 },
  }));
}

describe('recon in the console', () => {
  it(':recon runs the recon and shows its findings and the proposals to pick; Space selects, a adds the selected ones', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press(':');
    await ui.type('recon');
    await ui.press(KEY.enter);
    expect(engine.called('runRecon')).toHaveLength(1);
    await ui.waitForText('no recon yet');
    await ui.update(() => fillRecon(engine));
    await ui.waitForText('Proposed items (2)');
    const f = ui.frame();
    expect(f).toMatch(/Recon ▲ YELLOW +2 findings/);
    expect(f).toMatch(/▲ YELLOW +Certificate monitoring\/alertmanager-tls +Expiring in 5 d/);
    // Found by three recons in a row: offered for escalation (workflow 8.1).
    expect(f).toMatch(/CephNodeDiskspaceWarning .*found by 3 recons in a row: escalate/);
    expect(f).toMatch(/>\[ \] D1 P2 Platform: Renew certificate monitoring\/alertmanager-tls/);
    expect(f).toMatch(/\[ \] D2 P2 Platform: /);

    // Nothing selected: a says why and adds nothing.
    await ui.press('a');
    expect(engine.called('addReconItems')).toHaveLength(0);
    await ui.waitForText('nothing selected: Space selects a proposed item');

    await ui.press(' ');
    await ui.waitForText('[x] D1');
    expect(ui.frame()).toContain('1 selected');
    await ui.press('j', ' ', ' ');
    expect(ui.frame()).toMatch(/\[ \] D2/);
    await ui.press('a');
    expect(engine.called('addReconItems').map((c) => c.args[0])).toEqual([['D1']]);
    await ui.unmount();
  });

  it('e on a finding found by three recons in a row asks why and escalates the item that worked it; off before that', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.update(() => fillRecon(engine));
    await ui.press(':');
    await ui.type('recon');
    await ui.press(KEY.enter);
    await ui.waitForText('Proposed items (2)');
    await ui.press('e');
    await ui.waitForText('found by 1 recon(s) in a row; escalation is offered after 3');
    await ui.press('j', 'e');
    await ui.waitForText('no item has worked CephNodeDiskspaceWarning yet: add it (a) and run it first');
    const body = `${BODY}\n- [x] **D9 P2 Platform**: Resolve firing alert CephNodeDiskspaceWarning\n`;
    await ui.update(() => fillIssue(engine.stores, body));
    await ui.press('e');
    await ui.waitForText('why escalate D9? (Enter, Esc cancels) Alert CephNodeDiskspaceWarning (warning firing) survived 3 recons');
    await ui.unmount();
  });

  it('opens the picker by itself after the final recon when the operator is on the panes', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.update(() => fillRecon(engine, 'final'));
    await ui.waitForText('Recon (final: every item done or deferred)');
    expect(ui.frame()).toContain('final recon YELLOW: 2 finding(s) no item covers; pick which to add');
    await ui.unmount();
  });

  it('waits with the picker while a screen is open, and opens it when the operator is back', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    await ui.update(() => fillRecon(engine, 'final'));
    await ui.waitForText('Goal');
    expect(ui.frame()).not.toContain('Proposed items');
    await ui.press(KEY.escape);
    await ui.waitForText('Proposed items (2)');
    await ui.unmount();
  });

  it('c on the recon screen is off with what still stands while items are open', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.update(() => fillRecon(engine));
    await ui.press(':');
    await ui.type('recon');
    await ui.press(KEY.enter);
    await ui.press('c');
    await ui.waitForText(/closure needs every item done and the recon GREEN; still standing: open item A1/);
    expect(engine.called('prepareClosure')).toHaveLength(0);
    await ui.unmount();
  });
});

const PREVIEW = `<!-- homelab-console:closure-summary -->
# RESOLVED - All Layers GREEN

## Resolution Summary
| **Status** | RESOLVED |`;

describe('closure in the console', () => {
  it(':close prepares the preview and shows the [RESOLVED] title and the body; c asks for the typed number and confirms with it', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press(':');
    await ui.type('close');
    await ui.press(KEY.enter);
    expect(engine.called('prepareClosure')).toHaveLength(1);
    await ui.update(() =>
      engine.stores.closure.setState({ phase: 'ready', number: 42, title: '[RESOLVED] [Maintenance] 2026-11-26 - Homelab', body: PREVIEW, baseBody: BODY }),
    );
    await ui.waitForText('Closure preview: #42');
    const f = ui.frame();
    expect(f).toContain('Title: [RESOLVED] [Maintenance] 2026-11-26 - Homelab');
    expect(f).toContain('# RESOLVED - All Layers GREEN');
    expect(f).toContain('[c] confirm (type 42)');
    expect(f).toContain('nothing is written until you type 42');

    await ui.press('l');
    await ui.waitForText('lesson learned:');
    await ui.type('renewals need alerts');
    await ui.press(KEY.enter);
    expect(engine.called('addClosureLesson').map((c) => c.args[0])).toEqual(['renewals need alerts']);

    await ui.press('c');
    await ui.waitForText('type 42 to close #42 as [RESOLVED] (Esc cancels):');
    await ui.type('42');
    await ui.press(KEY.enter);
    expect(engine.called('confirmClosure').map((c) => c.args[0])).toEqual(['42']);
    expect(engine.called('cancelClosure')).toHaveLength(0);
    await ui.unmount();
  });

  it('Esc leaves the preview without closing and records the cancellation; the confirm key is off when refused', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.results.set('prepareClosure', { ok: false, reason: 'closure is not allowed yet: open item A1: Purge dead osd.8' });
    const ui = await renderConsole({ engine });
    await ui.press(':');
    await ui.type('close');
    await ui.press(KEY.enter);
    await ui.update(() =>
      engine.stores.closure.setState({
        phase: 'refused',
        number: 42,
        blockers: ['open item A1: Purge dead osd.8', 'apps RED: Pod paperless/x CrashLoopBackOff'],
      }),
    );
    await ui.waitForText('closure is not allowed yet; still standing:');
    expect(ui.frame()).toContain('· apps RED: Pod paperless/x CrashLoopBackOff');
    expect(ui.frame()).toContain('confirm (type 42) (off)');
    await ui.press('c');
    await ui.waitForText('closure is not allowed yet: see what still stands');
    expect(engine.called('confirmClosure')).toHaveLength(0);
    await ui.press(KEY.escape);
    await ui.waitForText('Action items');
    expect(engine.called('cancelClosure')).toHaveLength(1);
    await ui.unmount();
  });

  it(':criteria lists the success criteria 1-13 with which hold', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.issue.setState({ state: 'open' });
    const ui = await renderConsole({ engine, rows: 40 });
    await ui.press(':');
    await ui.type('criteria');
    await ui.press(KEY.enter);
    await ui.waitForText('Success criteria');
    const f = ui.frame();
    expect(f).toMatch(/ 1\. ■ not met +All action items checked off +4 open: A1, B1, B3, C1/);
    expect(f).toMatch(/ 7\. \? unknown +Final recon confirms GREEN +no recon yet/);
    expect(f).toMatch(/12\. ■ not met +Maintenance issue closed with \[RESOLVED\] title/);
    await ui.unmount();
  });
});

describe('related issues and PRs in the console', () => {
  const proposals = [
    {
      number: 4,
      title: 'Dependency Dashboard',
      isPull: false,
      action: 'close' as const,
      reasons: ['referenced by #42'],
      selected: false,
      hold: 'the Dependency Dashboard is never closed',
    },
    { number: 30, title: 'Ceph: slow ops on osd.3', isPull: false, action: 'close' as const, reasons: ['names ceph, which an item fixed'], selected: true },
  ];

  it(':related lists the proposals with reasons; the held-back one is not selected and a on it says why; a on #30 plans it', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press(':');
    await ui.type('related');
    await ui.press(KEY.enter);
    expect(engine.called('loadRelated')).toHaveLength(1);
    await ui.update(() => engine.stores.related.setState({ phase: 'ready', proposals, selected: [30], done: {} }));
    await ui.waitForText('Related issues and PRs  1 selected, 1 to act on');
    const f = ui.frame();
    expect(f).toMatch(/>\[ \] Issue #4 Dependency Dashboard +→ close with a resolution note/);
    expect(f).toContain('▲ held back: the Dependency Dashboard is never closed');
    expect(f).toMatch(/\[x\] Issue #30 Ceph: slow ops on osd\.3/);
    expect(f).toContain('why: names ceph, which an item fixed');

    await ui.press('a');
    await ui.waitForText('#4 is not selected (the Dependency Dashboard is never closed); Space selects it if you mean it');
    expect(engine.called('planRelated')).toHaveLength(0);

    await ui.press('j', 'a');
    expect(engine.called('planRelated').map((c) => c.args[0])).toEqual([30]);
    await ui.press(' ');
    expect(engine.called('toggleRelated').map((c) => c.args[0])).toEqual([30]);
    await ui.waitForText('[ ] Issue #30');
    await ui.unmount();
  });
});
