import { describe, expect, it } from 'vitest';
import { deferredEngine } from '../../../src/services/engine/deferred.js';
import { createStores } from '../../../src/store/index.js';
import { FakeEngine } from '../../ui/fake-engine.js';

const STARTING = { ok: false, reason: 'still starting; try again in a moment' };
const caps = { steps: true, mergeLoop: true, write: true };

describe('the deferred engine (the real one is built after the first frame)', () => {
  it('before start: every action answers "still starting", the other members their own safe answer', async () => {
    const engine = deferredEngine(createStores(), caps, async () => new FakeEngine());
    expect(await engine.planStep({ id: 'A1', line: 1 })).toEqual(STARTING);
    expect(await engine.runMerge({} as never, '')).toEqual(STARTING);
    expect(await engine.confirmClosure('42')).toEqual(STARTING);
    expect(engine.resumeMergeLoop()).toEqual(STARTING);
    expect(engine.cancelStep()).toBe(false);
    expect(engine.isCurrent({ kind: 'pr', id: '1', version: null })).toBe(false);
    expect(engine.quitGuard()).toEqual({ busy: false, reason: null });
    await expect(engine.refresh()).resolves.toBeUndefined();
    expect(engine.capabilities).toBe(caps);
  });

  it('is not a thenable: awaiting it gives the engine itself', async () => {
    const engine = deferredEngine(createStores(), caps, async () => new FakeEngine());
    expect(await Promise.resolve(engine)).toBe(engine);
  });

  it('after start: forwards every member to the real engine, with `this` bound to it', async () => {
    const real = new FakeEngine();
    real.capabilities = { steps: false, mergeLoop: true, write: false };
    const engine = deferredEngine(createStores(), caps, async () => real);
    await engine.start();
    expect(await engine.openIssue(7)).toEqual({ ok: true, message: 'issue #7 open' });
    engine.stopMergeLoop();
    expect(real.called('start')).toHaveLength(1);
    expect(real.called('openIssue')).toEqual([{ method: 'openIssue', args: [7] }]);
    expect(real.called('stopMergeLoop')).toHaveLength(1);
    expect(engine.capabilities).toEqual(real.capabilities);
  });

  it('closed before the build finished: the real engine is closed, never started', async () => {
    const real = new FakeEngine();
    let finish: () => void = () => undefined;
    const built = new Promise<void>((r) => (finish = r));
    const engine = deferredEngine(createStores(), caps, async () => (await built, real));
    const starting = engine.start();
    await engine.close();
    finish();
    await starting;
    expect(real.called('start')).toHaveLength(0);
    expect(real.called('close')).toHaveLength(1);
    expect(await engine.planStep({ id: 'A1', line: 1 })).toEqual(STARTING);
  });

  it('a failed build says so in the session messages', async () => {
    const stores = createStores();
    const engine = deferredEngine(stores, caps, async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:3000');
    });
    await expect(engine.start()).rejects.toThrow(/ECONNREFUSED/);
    expect(JSON.stringify(stores.session.getState())).toContain('could not start: connect ECONNREFUSED 127.0.0.1:3000');
  });
});
