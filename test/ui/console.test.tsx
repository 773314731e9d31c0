import { describe, expect, it } from 'vitest';
import { FakeEngine } from './fake-engine.js';
import { fillAll, fillIssue } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

describe('console panes', () => {
  it('shows every pane with its data at 120x40 and never exceeds the height', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 120, rows: 40 });
    const f = ui.frame();
    expect(f).toContain('Action items 1/5');
    expect(f).toMatch(/► \[ \] A1 +■ CRITICAL Purge dead osd\.8/);
    expect(f).toContain('<- next');
    expect(f).toContain('[x] B2');
    expect(f).toContain('Layer health');
    expect(f).toMatch(/Apps +■ RED +97% ok/);
    expect(f).toMatch(/Platform +▲ YELLOW +95% ok +1 Application OutOfSync/);
    expect(f).toMatch(/■ HEALTH_ERR +osds 9: 8 up, 8 in/);
    expect(f).toContain('flags: noout');
    expect(f).toContain('Renovate queue 3');
    // The package and its update, not the title's `chore(deps): update …`.
    expect(f).toMatch(/#47 +HIGH +CI ■ FAIL pkg47 1\.0\.0→1\.0\.1 major/);
    expect(f).not.toContain('chore(deps)');
    expect(f).toContain('updated 1 s ago');
    expect(f).toContain('issue #42');
    expect(f).toContain(' WRITE ');
    expect(ui.lines().length).toBeLessThanOrEqual(40);
    await ui.unmount();
  });

  it('says syncing instead of showing empty lists while the first list is in flight', async () => {
    const engine = new FakeEngine();
    const syncing = { state: 'syncing' as const, since: 1 };
    engine.stores.cluster.setState((s) => ({ liveness: { ...s.liveness, nodes: syncing, pods: syncing, applications: syncing } }));
    engine.stores.queue.setState({ liveness: { state: 'reconnecting', attempt: 3, lastError: 'ECONNREFUSED', updatedAt: null } });
    const ui = await renderConsole({ engine });
    const f = ui.frame();
    expect(f).toContain('syncing...');
    expect(f).toContain('reconnecting (attempt 3)');
    expect(f).not.toContain('no open Renovate PRs');
    expect(f).not.toMatch(/\b0 pods\b/);
    await ui.unmount();
  });

  it('marks the operator focus and picks the next item from it', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.session.setState({ focus: ['B3'] });
    const ui = await renderConsole({ engine });
    expect(ui.frame()).toMatch(/► \[ \] B3 .*<- next/);
    expect(ui.frame()).not.toMatch(/A1 .*<- next/);
    await ui.unmount();
  });

  it('moves with j/k and arrows, opens an item with Enter, and Esc backs out', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press('j', KEY.down);
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    // Down from A1 skips the group header to B1, then B2.
    expect(ui.frame()).toContain('B2  Sync home-assistant');
    await ui.press(KEY.escape);
    await ui.waitForText('Layer health');
    await ui.press('k', KEY.enter);
    await ui.waitForText('clear the CrashLoopBackOff');
    const f = ui.frame();
    expect(f).toContain('Commands');
    expect(f).toContain('kubectl -n paperless rollout restart deploy/paperless-ngx');
    expect(f).toContain('Expected');
    expect(f).toContain('If fails');
    expect(f).toContain('Rollback');
    await ui.unmount();
  });

  it('switches panes with Tab, Shift-Tab and 1-4', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 80, rows: 24 });
    // Compact layout shows only the focused pane.
    expect(ui.frame()).toContain('1 Action items');
    await ui.press(KEY.tab);
    await ui.waitForText('2 Layer health');
    await ui.press('4');
    await ui.waitForText('4 Renovate queue');
    await ui.press(KEY.shiftTab);
    await ui.waitForText('3 Ceph');
    await ui.unmount();
  });

  it('filters the focused list with / and clears it with Esc', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press('/');
    await ui.type('paper');
    await ui.waitForText('/paper (1)');
    expect(ui.frame()).not.toContain('Purge dead osd.8');
    await ui.press(KEY.enter);
    // The filter stays after Enter; Enter now opens the only row left.
    await ui.press(KEY.enter);
    await ui.waitForText('clear the CrashLoopBackOff');
    await ui.press(KEY.escape, '/', KEY.escape);
    await ui.waitForText('Purge dead osd.8');
    await ui.unmount();
  });

  it('runs command-line commands and reports unknown ones', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, columns: 80, rows: 24 });
    await ui.press(':');
    await ui.type('ceph');
    await ui.press(KEY.enter);
    await ui.waitForText('3 Ceph');
    await ui.press(':');
    await ui.type('issue 7');
    await ui.press(KEY.enter);
    await ui.waitForText('issue #7 open');
    expect(engine.called('openIssue')).toEqual([{ method: 'openIssue', args: [7] }]);
    await ui.press(':');
    await ui.type('frobnicate');
    await ui.press(KEY.enter);
    await ui.waitForText('unknown command :frobnicate');
    await ui.press(':', 'q', KEY.enter);
    expect(ui.onExit).toHaveBeenCalledTimes(1);
    await ui.unmount();
  });

  it('r refreshes through the engine', async () => {
    const engine = new FakeEngine();
    const ui = await renderConsole({ engine });
    await ui.press('r');
    expect(engine.called('refresh')).toHaveLength(1);
    await ui.unmount();
  });

  it('q quits at the top level but goes back from a detail view', async () => {
    const engine = new FakeEngine();
    fillIssue(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press(KEY.enter);
    await ui.waitForText('Goal');
    await ui.press('q');
    await ui.waitForText('Layer health');
    expect(ui.onExit).not.toHaveBeenCalled();
    await ui.press('q');
    expect(ui.onExit).toHaveBeenCalledTimes(1);
    await ui.unmount();
  });
});

describe('fast typing', () => {
  it('handles a run of keys arriving in one chunk one key at a time', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    // tmux send-keys and pastes deliver "jj<Enter>" as one read.
    await ui.press('jj\r');
    await ui.waitForText('Goal');
    expect(ui.frame()).toContain('B2  Sync home-assistant');
    await ui.unmount();
  });

  it('gives keys typed right after ":" to the command line', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine });
    await ui.press(':issue 9\r');
    await ui.waitForText('issue #9 open');
    await ui.unmount();
  });
});
