import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import { ConsoleSession } from '../../../src/services/engine/session.js';
import { createStores } from '../../../src/store/index.js';

function session() {
  const stores = createStores();
  return { stores, s: new ConsoleSession({ stores, mode: 'READ-ONLY', gitea: null, kube: null, ceph: null, thresholds: DEFAULT_THRESHOLDS }) };
}

describe('ConsoleSession facade', () => {
  it('binds PR plans to the head sha the queue shows', () => {
    const { stores, s } = session();
    stores.queue.setState({ prs: [{ number: 47, headSha: 'aaa' } as never] });
    expect(s.isCurrent({ kind: 'pr', id: '47', version: 'aaa' })).toBe(true);
    stores.queue.setState({ prs: [{ number: 47, headSha: 'bbb' } as never] });
    expect(s.isCurrent({ kind: 'pr', id: '47', version: 'aaa' })).toBe(false);
  });

  it('binds item and body plans to the body content version', () => {
    const { stores, s } = session();
    stores.issue.setState({ number: 42, contentVersion: 7 });
    expect(s.isCurrent({ kind: 'item', id: 'B1', version: '7' })).toBe(true);
    expect(s.isCurrent({ kind: 'issue-body', id: '42', version: '7' })).toBe(true);
    stores.issue.setState({ contentVersion: 8 });
    expect(s.isCurrent({ kind: 'item', id: 'B1', version: '7' })).toBe(false);
    expect(s.isCurrent({ kind: 'issue-body', id: '42', version: '7' })).toBe(false);
  });

  it('says plainly when the step engine and merge loop are not wired, and reports capabilities', async () => {
    const { s } = session();
    expect(s.capabilities).toEqual({ steps: false, mergeLoop: false, write: false });
    expect(await s.planStep({ id: 'A1', line: 1 })).toEqual({ ok: false, reason: 'the step engine is not wired in this build' });
    expect(await s.planMerge(43)).toMatchObject({ ok: false });
    expect(s.quitGuard()).toEqual({ busy: false, reason: null });
  });

  it('without Gitea says not installed instead of syncing forever', async () => {
    const { stores, s } = session();
    await s.start();
    expect(stores.issue.getState().liveness).toMatchObject({ state: 'not-installed' });
    await s.close();
  });
});

describe('Poller liveness', async () => {
  const { Poller } = await import('../../../src/services/engine/poller.js');
  it('is syncing until the first read, live after it, and counts reconnect attempts keeping the last good time', async () => {
    const states: unknown[] = [];
    let fail = false;
    let t = 1000;
    const p = new Poller(
      async () => {
        if (fail) throw new Error('connect ECONNREFUSED 127.0.0.1:3000\nstack');
      },
      (l) => states.push(l),
      60_000,
      () => t,
    );
    p.start();
    expect(states[0]).toEqual({ state: 'syncing', since: 1000 });
    await p.refresh();
    expect(states.at(-1)).toEqual({ state: 'live', updatedAt: 1000 });
    fail = true;
    t = 2000;
    await p.refresh();
    await p.refresh();
    expect(states.at(-1)).toEqual({ state: 'reconnecting', attempt: 2, lastError: 'connect ECONNREFUSED 127.0.0.1:3000', updatedAt: 1000 });
    fail = false;
    await p.refresh();
    expect(states.at(-1)).toEqual({ state: 'live', updatedAt: 2000 });
    p.stop();
  });
});
