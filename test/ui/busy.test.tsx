import { describe, expect, it } from 'vitest';
import type { StepRun } from '../../src/store/step-store.js';
import { initialReconState } from '../../src/store/recon-store.js';
import { initialClosureState } from '../../src/store/closure-store.js';
import { reconRows } from '../../src/screens/recon-rows.js';
import { closureRows } from '../../src/screens/closure-rows.js';
import { COLOR_THEME } from '../../src/ui/theme.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';
import { renderConsole } from './render.js';

const NOW = 1_000_000;
const step = (status: StepRun['status']): StepRun => ({
  itemId: 'A1',
  itemLine: 12,
  title: 'Run A1: Purge dead osd.8',
  kind: 'typed',
  commandText: 'ceph osd purge 8 --yes-i-really-mean-it',
  phase: 'execute',
  status,
  startedAt: NOW - 7_000,
  finishedAt: status === 'running' ? null : NOW,
  exitCode: status === 'running' ? null : 0,
  attempt: 1,
  message: null,
});

describe('spinners on long waits, held (the UI tests’ deterministic frame)', () => {
  it('a running step shows the held glyph and the word, gone when it ends; ASCII glyph and no colour under a C locale and mono', async () => {
    const engine = new FakeEngine();
    fillAll(engine.stores);
    engine.stores.step.setState({ current: step('running'), output: ['▶ ceph osd purge 8'] });
    const ui = await renderConsole({ engine, now: NOW, theme: 'mono', locale: { LANG: 'C' } });
    await ui.waitForText('Run A1: Purge dead osd.8: - running');
    // eslint-disable-next-line no-control-regex -- no colour escape in the frame is the point
    expect(ui.rawFrame()).not.toMatch(/\u001b\[3\dm/);
    await ui.update(() => engine.stores.step.setState({ current: step('awaiting-judgement') }));
    await ui.waitForText('Run A1: Purge dead osd.8: awaiting-judgement');
    expect(ui.frame()).not.toContain('running');
    await ui.unmount();
  });

  it('the recon and the closure mark their waits as busy rows only while they wait', () => {
    const busy = (rows: Array<{ segments: Array<{ busy?: boolean }> }>) => rows.some((r) => r.segments.some((s) => s.busy));
    expect(busy(reconRows({ ...initialReconState, phase: 'running' }, new Set(), COLOR_THEME))).toBe(true);
    expect(busy(reconRows({ ...initialReconState, phase: 'done', at: '2026-12-02T18:00:00Z', overall: 'GREEN' }, new Set(), COLOR_THEME))).toBe(false);
    expect(busy(closureRows({ ...initialClosureState, phase: 'preparing' }, COLOR_THEME))).toBe(true);
    expect(busy(closureRows({ ...initialClosureState, phase: 'closing', body: 'x', title: 't' }, COLOR_THEME))).toBe(true);
    expect(busy(closureRows({ ...initialClosureState, phase: 'closed', body: 'x', title: 't' }, COLOR_THEME))).toBe(false);
  });
});
