import React from 'react';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../src/app.js';
import type { StepRun } from '../../src/store/step-store.js';
import { SizeOverrideProvider, fixedClock, type UiSettings } from '../../src/ui/contexts.js';
import { buildKeyTable } from '../../src/ui/keys/commands.js';
import { COLOR_THEME } from '../../src/ui/theme.js';
import { waitFor } from '../support/wait.js';
import { FakeEngine } from './fake-engine.js';
import { fillAll } from './fixtures.js';

// This file renders the console with animation on, outside React's act environment (test/ui/
// render.tsx turns that on for every other UI test, where a spinner's own ticks would be updates
// outside act): what is checked here is the spinner's timer itself, that it runs only while the
// console waits and stops when the wait ends.

const NOW = 1_000_000;
// eslint-disable-next-line no-control-regex -- stripping terminal escape sequences is the point
const ANSI = /\u001B\[[0-9;?]*[A-Za-z]/g;
/** ink-spinner's `pipe` frames (the Unicode glyph set's spinner). */
const PIPE = /[┤┘┴└├┌┬┐]/u;

function running(over: Partial<StepRun> = {}): StepRun {
  return {
    itemId: 'A1',
    itemLine: 12,
    title: 'Run A1: Purge dead osd.8',
    kind: 'typed',
    commandText: 'ceph osd purge 8 --yes-i-really-mean-it',
    phase: 'execute',
    status: 'running',
    startedAt: NOW - 7_000,
    finishedAt: null,
    exitCode: null,
    attempt: 1,
    message: null,
    ...over,
  };
}

/** Every interval started while the spy is on and not yet cleared, with its period. */
function trackIntervals() {
  const live = new Map<unknown, number | undefined>();
  const realSet = globalThis.setInterval;
  const realClear = globalThis.clearInterval;
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((fn: () => void, ms?: number) => {
    const id = realSet(fn, ms);
    live.set(id, ms);
    return id;
  }) as typeof setInterval);
  vi.spyOn(globalThis, 'clearInterval').mockImplementation(((id: NodeJS.Timeout) => {
    live.delete(id);
    realClear(id);
  }) as typeof clearInterval);
  // ink-spinner's `pipe` ticks every 100 ms; nothing else in the console does.
  return { spinners: () => [...live.values()].filter((ms) => ms === 100).length };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('spinners on long waits, animated', () => {
  it('a running step spins (the frame changes) and its timer stops when the step ends; an idle console has none', async () => {
    const timers = trackIntervals();
    const engine = new FakeEngine();
    fillAll(engine.stores);
    const settings: UiSettings = { theme: COLOR_THEME, keys: buildKeyTable({}), compactBelowColumns: 100, animate: true };
    const r = render(
      <SizeOverrideProvider value={{ columns: 120, rows: 40 }}>
        <App engine={engine} settings={settings} clock={fixedClock(NOW)} onExit={() => {}} />
      </SizeOverrideProvider>,
    );
    const frame = () => (r.lastFrame() ?? '').replace(ANSI, '');
    const outputTitle = () =>
      frame()
        .split('\n')
        .find((l) => l.includes('Output')) ?? '';
    await waitFor(() => frame().includes('Layer health'), { what: 'the first frame' });
    expect(timers.spinners()).toBe(0);
    expect(outputTitle()).not.toMatch(PIPE);

    engine.stores.step.setState({ current: running(), output: ['▶ ceph osd purge 8'] });
    const first = await waitFor(() => /Run A1: Purge dead osd\.8: (\S) running/u.exec(outputTitle())?.[1] ?? null, { what: 'the spinner beside running' });
    expect(first).toMatch(PIPE);
    expect(timers.spinners()).toBe(1);
    // It animates: another frame of the same spinner replaces the first.
    await waitFor(
      () => {
        const now = /: (\S) running/u.exec(outputTitle())?.[1];
        return now !== undefined && now !== first && PIPE.test(now);
      },
      { what: 'the next spinner frame', timeoutMs: 3000 },
    );

    // The wait ends: the word and the glyph go, and so does the timer.
    engine.stores.step.setState({ current: running({ status: 'awaiting-judgement', exitCode: 0, finishedAt: NOW }) });
    await waitFor(() => outputTitle().includes('awaiting-judgement'), { what: 'the verdict wait' });
    expect(outputTitle()).not.toContain('running');
    expect(timers.spinners()).toBe(0);

    // A merge's sync wait: the header and the output area each spin; both stop with the wait.
    engine.stores.queue.setState({
      loop: { pr: 45, phase: 'waiting-sync', message: 'waiting for grafana OutOfSync', deadline: NOW + 60_000, waitMs: 300_000 },
    });
    await waitFor(() => /\S WAIT PR #45 sync/u.test(frame()), { what: 'the header wait' });
    expect(timers.spinners()).toBe(2);
    engine.stores.queue.setState({ loop: null });
    await waitFor(() => !frame().includes('WAIT PR #45'), { what: 'the wait gone' });
    expect(timers.spinners()).toBe(0);
    r.unmount();
  });
});
