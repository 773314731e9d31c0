import { describe, expect, it } from 'vitest';
import { protocolFor, protocolSteps } from '../../src/domain/upgrade/protocol.js';
import type { ProtocolRun } from '../../src/store/upgrade-store.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

/** PR #47 (the fixtures' database major) with its protocol half-way: pre-flight read, the backup refused. */
function engineWithRun(): FakeEngine {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  const entry = engine.stores.queue.getState().prs.find((p) => p.number === 47)!;
  const protocol = protocolFor(entry, { stabiliseMs: 15_000 })!;
  const steps = protocolSteps(protocol).map((s) => ({ id: s.id, stage: s.stage, text: s.text, status: 'pending' as const, detail: null }));
  const run: ProtocolRun = {
    pr: 47,
    title: entry.title,
    headSha: entry.headSha,
    protocol,
    steps: steps.map((s) =>
      s.id === 'breaking-changes'
        ? { ...s, status: 'done', detail: 'no release notes in the body' }
        : s.id === 'db-verify'
          ? { ...s, status: 'failed', detail: 'the backup is empty (0 bytes)' }
          : s.id === 'scale-down'
            ? { ...s, status: 'cancelled', detail: 'stopped with 80 s left' }
            : s,
    ),
    notes: ['Breaking changes:', '- release notes: none in the PR body'],
    backup: null,
    finished: null,
  };
  engine.stores.upgrade.setState({
    runs: { 47: run },
    waiting: { pr: 47, label: 'scale-down of deployment/paperless/paperless-ngx', deadline: Date.now() + 60_000, waitMs: 240_000 },
  });
  return engine;
}

async function openPr47(engine: FakeEngine) {
  const ui = await renderConsole({ engine, initialPane: 'queue', columns: 170, rows: 60 });
  await ui.press('j', 'j', KEY.enter);
  await ui.waitForText('PR #47 (open)');
  return ui;
}

describe('an upgrade protocol in the PR detail screen', () => {
  it('shows the checklist as glyph + word per step, the wait the stop key ends, and offers u', async () => {
    const ui = await openPr47(engineWithRun());
    const f = ui.frame();
    expect(f).toContain('database protocol (risk HIGH)');
    expect(f).toMatch(/√ done +Breaking changes read from the release notes and written into the issue: no release notes in the body/);
    expect(f).toMatch(/■ FAILED +Backup verified .*: the backup is empty \(0 bytes\)/);
    expect(f).toMatch(/▲ cancelled +Dependents scaled to 0, each confirmed: stopped with 80 s left/);
    expect(f).toMatch(/· pending +Gate 1 \(basic health\)/);
    expect(f).toMatch(/waiting: scale-down of deployment\/paperless\/paperless-ngx, \d+ s left \(x stops\)/);
    expect(f).toMatch(/WAIT PR #47 scale-down of deployment\/paperless\/paperless-ngx \d+\/240 s left \(x stops\)/);
    expect(f).toContain('Protocol findings');
    expect(f).toContain('- release notes: none in the PR body');
    expect(f).toContain('[u] protocol');
    expect(ui.lines().at(-1)).toContain('u protocol');
    expect(ui.lines().at(-1)).toContain('x stop wait');
    await ui.unmount();
  });

  it('u asks what comes next: a typed reason goes to the engine, then the next question is asked at once', async () => {
    const engine = engineWithRun();
    engine.stores.upgrade.setState({ waiting: null });
    engine.protocolSteps.set(47, { kind: 'reason', prompt: 'PR #47 out of order: PR #43 comes first: why take it now? ' });
    const ui = await openPr47(engine);
    await ui.press('u');
    await ui.waitForText('why take it now?');
    // The engine answers the next question once the reason is recorded.
    engine.protocolSteps.set(47, { kind: 'answer', question: 'api-crd', prompt: 'PR #47 (1/5) Are there API/CRD schema changes? yes: …/no/unknown: ' });
    await ui.type('postgres 17 goes EOL first');
    await ui.press(KEY.enter);
    await ui.waitForText('(1/5) Are there API/CRD schema changes?');
    expect(engine.called('protocolAct').map((c) => c.args)).toEqual([[47, { kind: 'reason', text: 'postgres 17 goes EOL first' }]]);
    await ui.type('no');
    engine.protocolSteps.set(47, { kind: 'backup', prompt: 'take the full backup' });
    await ui.press(KEY.enter);
    await ui.waitForText('next: take the full backup (u)');
    expect(engine.called('protocolAct').at(-1)!.args).toEqual([47, { kind: 'answer', question: 'api-crd', text: 'no' }]);
    // The backup is not started by the answer: u starts it.
    expect(engine.called('protocolAct').some((c) => (c.args[1] as { kind: string }).kind === 'backup')).toBe(false);
    await ui.press('u');
    await ui.waitForText('PR #47: backup done');
    await ui.unmount();
  });

  it('the scale-down is planned and confirmed with the PR number typed; it runs through runMerge', async () => {
    const engine = engineWithRun();
    engine.stores.upgrade.setState({ waiting: null });
    engine.protocolSteps.set(47, { kind: 'scale-down', prompt: 'scale the dependents to 0' });
    engine.plans.set('scale-down:47', {
      ok: true,
      request: {
        action: 'scale-down',
        title: "Scale down the 2 dependent(s) of PR #47's database",
        target: 'deployment/nextcloud/nextcloud, deployment/paperless/paperless-ngx',
        command: 'kubectl scale deployment/nextcloud -n nextcloud --replicas=0; kubectl scale deployment/paperless-ngx -n paperless --replicas=0',
        destructive: true,
        challenge: '47',
        notes: [],
        binding: { kind: 'pr', id: '47', version: null },
        dryRun: false,
      },
    });
    const ui = await openPr47(engine);
    await ui.press('u');
    await ui.waitForText('CONFIRM');
    expect(ui.frame()).toContain('kubectl scale deployment/nextcloud -n nextcloud --replicas=0');
    await ui.press(KEY.tab, KEY.enter);
    await ui.waitForText('Type 47 to enable OK');
    expect(engine.called('runMerge')).toHaveLength(0);
    await ui.type('47');
    await ui.press(KEY.enter);
    await ui.waitForText('merged 47');
    expect((engine.called('runMerge')[0]!.args[0] as { action: string }).action).toBe('scale-down');
    await ui.unmount();
  });

  it('a PR that needs no protocol says so when u is pressed, and an unstarted one says u starts it', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const ui = await renderConsole({ engine, initialPane: 'queue', columns: 170, rows: 60 });
    await ui.press('j', 'j', KEY.enter);
    await ui.waitForText('PR #47 (open)');
    expect(ui.frame()).toContain('a major or database update merges only through its protocol: u starts the pre-flight');
    await ui.press(KEY.escape, 'k', 'k', KEY.enter);
    await ui.waitForText('PR #43 (open)');
    await ui.press('u');
    await ui.waitForText('PR #43 needs no protocol: m merges it');
    expect(engine.called('protocolNext')).toHaveLength(0);
    await ui.unmount();
  });
});
