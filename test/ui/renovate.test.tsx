import { describe, expect, it } from 'vitest';
import type { ConfirmRequest } from '../../src/domain/console-engine.js';
import type { MergedPr } from '../../src/store/queue-store.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

const MERGED: MergedPr = {
  number: 46,
  title: 'chore(deps): update postgres docker tag to v18',
  mergedAt: '2026-11-26T07:10:00Z',
  mergeSha: 'c0ffee1234567890',
  headBranch: 'renovate/postgres-18.x',
};

function rollback46(): ConfirmRequest {
  return {
    action: 'rollback',
    title: 'Roll back PR #46: chore(deps): update postgres docker tag to v18',
    target: 'ops/homelab main at 1a2b3c4',
    command: 'POST /repos/ops/homelab/contents {"branch":"main","files":["update kubernetes/database/postgres/values.yaml"]}',
    destructive: true,
    challenge: '46',
    notes: ['reverts merge c0ffee1', 'a revert does not undo data migrations a new version may have run'],
    binding: { kind: 'pr', id: '46', version: MERGED.mergeSha },
    dryRun: false,
  };
}

function engineWithMerged(): FakeEngine {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  engine.stores.queue.setState({
    merged: [MERGED],
    dashboard: {
      number: 50,
      title: 'Dependency Dashboard',
      items: [
        { section: 'Awaiting Schedule', text: 'chore(deps): lock file maintenance', checked: false },
        { section: 'Open', text: 'chore(deps): update postgres docker tag to v18', checked: false },
        { section: 'PR Closed (Blocked)', text: 'chore(deps): update nextcloud docker tag to v33', checked: false },
      ],
    },
  });
  engine.plans.set('pr-rollback:46', { ok: true, request: rollback46() });
  return engine;
}

describe('Renovate queue pane', () => {
  it('lists merged PRs and the Dependency Dashboard under the open queue', async () => {
    const ui = await renderConsole({ engine: engineWithMerged(), initialPane: 'queue', columns: 160, rows: 48 });
    const f = ui.frame();
    expect(f).toContain('Merged recently (Enter opens, b rolls back)');
    expect(f).toMatch(/#46 +merged 11-26 07:10 c0ffee1/);
    expect(f).toMatch(/Dependency Dashboard #50 +3 open items/);
    // The hint bar follows the selected row: an open PR merges, a merged one rolls back.
    expect(ui.lines().at(-1)).toMatch(/m merge/);
    expect(ui.lines().at(-1)).not.toMatch(/b rollback|continue loop/);
    await ui.press('G', 'k');
    await ui.waitForText('b rollback');
    expect(ui.lines().at(-1)).not.toContain('m merge');
    await ui.unmount();
  });

  it('a row says what the PR changes (package and update), not the title: at 200 columns too', async () => {
    const engine = engineWithMerged();
    engine.stores.queue.setState((s) => ({
      prs: [
        {
          ...s.prs[0]!,
          title: 'chore(deps): update helm release kube-prometheus-stack to v83',
          updateType: 'major',
          packages: [{ name: 'kube-prometheus-stack', from: '82.2.0', to: '83.0.1', updateType: 'major' }],
        },
        ...s.prs.slice(1),
      ],
    }));
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 200, rows: 48 });
    const f = ui.frame();
    expect(f).toMatch(/#43 .*kube-prometheus-stack 82→83 major/);
    expect(f).toMatch(/#46 +merged .*postgres →18 major/);
    expect(f).not.toContain('chore(deps)');
    // The filter still finds a PR by its title's words.
    await ui.press('/');
    await ui.type('helm release');
    await ui.waitForText('(1)');
    await ui.unmount();
  });

  it('rolls a merged PR back through the dialog: b plans, the PR number is typed, OK runs that plan', async () => {
    const engine = engineWithMerged();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    await ui.press('G'); // the dashboard line
    await ui.press('k'); // #46 under "Merged recently"
    await ui.press('b');
    await ui.waitForText('CONFIRM');
    expect(engine.called('planPrRollback').map((c) => c.args[0])).toEqual([46]);
    expect(ui.frame()).toContain('postgres/values.yaml');
    expect(ui.frame()).toContain('Type 46 to confirm');
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('Type 46 to enable OK');
    expect(engine.called('runMerge')).toHaveLength(0);
    await ui.type('46');
    await ui.press(KEY.enter);
    await ui.waitForText('merged 46');
    const [run] = engine.called('runMerge');
    expect(run!.args[0]).toMatchObject({ action: 'rollback', binding: { kind: 'pr', id: '46', version: MERGED.mergeSha } });
    expect(run!.args[1]).toBe('46');
    await ui.unmount();
  });

  it('refuses a rollback whose merge commit changed while the dialog was open', async () => {
    const engine = engineWithMerged();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    await ui.press('G', 'k', 'b');
    await ui.waitForText('CONFIRM');
    engine.versions.set('pr:46', 'another-merge');
    await ui.type('46');
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('refused: pr 46 changed');
    expect(engine.called('runMerge')).toHaveLength(0);
    await ui.unmount();
  });

  it('explains instead of acting when b is pressed on an open PR, m on a merged one, or either on the dashboard', async () => {
    const engine = engineWithMerged();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    await ui.press('b');
    await ui.waitForText('PR #43 is not merged');
    await ui.press('G', 'k', 'm');
    await ui.waitForText('PR #46 is already merged (b rolls it back)');
    await ui.press('G', 'm');
    await ui.waitForText('the Dependency Dashboard is not a PR: select an open PR to merge');
    expect(engine.called('planPrRollback')).toHaveLength(0);
    expect(engine.called('planMerge')).toHaveLength(0);
    await ui.unmount();
  });

  it('opens a merged PR with its rollback control, and the hint bar shows only what applies', async () => {
    const engine = engineWithMerged();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    await ui.press('G', 'k', KEY.enter);
    await ui.waitForText('PR #46 (merged)');
    const f = ui.frame();
    expect(f).toContain('[b] roll back');
    expect(f).toContain('[m] merge (off)');
    const hint = ui.lines().at(-1)!;
    expect(hint).toContain('b rollback');
    expect(hint).not.toContain('m merge');
    expect(hint).not.toContain('Tab pane');
    expect(hint).not.toMatch(/s start|p pass/);
    await ui.press('b');
    await ui.waitForText('CONFIRM');
    expect(engine.called('planPrRollback')).toHaveLength(1);
    await ui.unmount();
  });

  it('shows the Dependency Dashboard read-only, by section', async () => {
    const ui = await renderConsole({ engine: engineWithMerged(), initialPane: 'queue', columns: 160, rows: 48 });
    await ui.press('G', KEY.enter);
    await ui.waitForText('Dependency Dashboard #50');
    const f = ui.frame();
    expect(f).toContain('Awaiting Schedule (1)');
    expect(f).toContain('PR Closed (Blocked) (1)');
    expect(f).toContain('[ ] chore(deps): update nextcloud docker tag to v33');
    expect(f).toContain('never ticks, edits or closes it');
    expect(f).not.toMatch(/\[\w\] (merge|roll back)/);
    await ui.unmount();
  });

  it('offers c to continue the loop only once it stopped', async () => {
    const engine = engineWithMerged();
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    await ui.press('c');
    expect(engine.called('resumeMergeLoop')).toHaveLength(0);
    await ui.update(() => engine.stores.queue.setState({ loop: { pr: 47, phase: 'stopped', message: 'after merge: postgres Degraded', deadline: null } }));
    await ui.waitForText('c continue loop');
    await ui.press('c');
    await ui.waitForText('merge loop continues');
    expect(engine.called('resumeMergeLoop')).toHaveLength(1);
    await ui.unmount();
  });

  it('has no merge, rollback or continue keys in read-only mode', async () => {
    const engine = engineWithMerged();
    engine.stores.session.setState({ mode: 'READ-ONLY' });
    engine.stores.queue.setState({ loop: { pr: 47, phase: 'stopped', message: 'x', deadline: null } });
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 160, rows: 48 });
    expect(ui.lines().at(-1)).not.toMatch(/merge|rollback|continue/);
    await ui.press('G', 'k', 'b', 'c', 'm');
    await ui.press('?');
    await ui.waitForText('Keys');
    expect(ui.frame()).not.toMatch(/Roll back the selected merged PR|Continue the merge loop/);
    expect(engine.called('planPrRollback')).toHaveLength(0);
    expect(engine.called('resumeMergeLoop')).toHaveLength(0);
    expect(engine.called('planMerge')).toHaveLength(0);
    await ui.unmount();
  });
});
