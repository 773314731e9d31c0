import type { ConfirmRequest } from '../../../src/domain/console-engine.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import type { GateResult } from '../../../src/domain/health/types.js';
import { ConsoleSession } from '../../../src/services/engine/console-session.js';
import type { MergePort } from '../../../src/services/session-context.js';
import { AlertmanagerSim, type SimAlert } from '../../../src/sim/alertmanager/simulator.js';
import { createStores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';

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

  it('binds item plans to the body content version', () => {
    const { stores, s } = session();
    stores.issue.setState({ number: 42, contentVersion: 7 });
    expect(s.isCurrent({ kind: 'item', id: 'B1', version: '7' })).toBe(true);
    stores.issue.setState({ contentVersion: 8 });
    expect(s.isCurrent({ kind: 'item', id: 'B1', version: '7' })).toBe(false);
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

describe('alerts between steps', () => {
  it('a refresh of the grade re-reads Alertmanager at once: an alert resolved a moment ago is gone from the gate, whatever the poll interval', async () => {
    const am = new AlertmanagerSim();
    await am.start();
    let firing: SimAlert[] = [{ labels: { alertname: 'KubeJobFailed', severity: 'warning', namespace: 'databases', job_name: 'backup-1' } }];
    am.addRule(() => firing);
    const stores = createStores();
    // An hour between polls: only the refresh itself can see the change.
    const s = new ConsoleSession({
      stores,
      mode: 'READ-ONLY',
      gitea: null,
      kube: null,
      ceph: null,
      thresholds: DEFAULT_THRESHOLDS,
      alerts: { url: am.url, intervalMs: 3_600_000 },
    });
    try {
      await s.start();
      const names = () => s.alerts.getState().alerts?.items.map((a) => a.labels.alertname) ?? null;
      await waitFor(() => names()?.includes('KubeJobFailed') ?? false, { what: 'the first read' });
      firing = [];
      await s.refresh('health');
      expect(names()).toEqual([]);
      expect(stores.health.getState().gate?.layers.platform.reasons.join(' ') ?? '').not.toMatch(/KubeJobFailed/);
    } finally {
      await s.close();
      await am.stop();
    }
  });
});

describe('merge facade', () => {
  const red: GateResult = {
    overall: 'RED',
    gradedAt: '2026-11-26T07:00:00Z',
    layers: {
      metal: { status: 'GREEN', healthyPercent: 100, reasons: ['10 of 10 nodes Ready'], offenders: [] },
      system: {
        status: 'RED',
        healthyPercent: 95,
        reasons: ['18 kube-system pods Running or Completed', 'ceph HEALTH_ERR: MGR_MODULE_ERROR'],
        offenders: [
          { kind: 'CephCheck', name: 'OSDMAP_FLAGS', status: 'YELLOW', reason: 'noout flag(s) set' },
          { kind: 'CephCheck', name: 'MGR_MODULE_ERROR', status: 'RED', reason: 'HEALTH_ERR' },
          { kind: 'CephCheck', name: 'SLOW_OPS', status: 'YELLOW', reason: '32 slow ops' },
        ],
      },
      platform: { status: 'GREEN', healthyPercent: 100, reasons: [], offenders: [] },
      apps: { status: 'YELLOW', healthyPercent: 99, reasons: ['1 pod Pending'], offenders: [] },
    },
  };

  function withPort() {
    const stores = createStores();
    const calls: string[] = [];
    const port: MergePort = {
      planMerge: async (pr) => {
        calls.push(`plan ${pr}`);
        return { ok: false, reason: 'port says no' };
      },
      run: async () => ({ ok: true, message: 'ran' }),
      stop: () => undefined,
      resume: () => calls.push('resume'),
      busy: () => null,
    };
    const s = new ConsoleSession({ stores, mode: 'WRITE', gitea: null, kube: null, ceph: null, thresholds: DEFAULT_THRESHOLDS, mergeLoop: () => port });
    return { stores, s, calls };
  }

  it('refuses a merge while a layer is not GREEN, naming the worst offenders rather than what is fine', async () => {
    const { stores, s, calls } = withPort();
    stores.health.setState({ gate: red });
    const r = await s.planMerge(43);
    expect(r.ok).toBe(false);
    const reason = (r as { reason: string }).reason;
    expect(reason).toMatch(
      /^every layer must be GREEN before a merge; now: System RED \(CephCheck MGR_MODULE_ERROR HEALTH_ERR, CephCheck OSDMAP_FLAGS noout flag\(s\) set \+1 more\); Apps YELLOW \(1 pod Pending\)/,
    );
    expect(reason).not.toContain('Running or Completed');
    expect(calls).toEqual([]);
    stores.health.setState({ gate: { ...red, overall: 'GREEN', layers: { ...red.layers, system: { ...red.layers.metal }, apps: { ...red.layers.metal } } } });
    expect(await s.planMerge(43)).toEqual({ ok: false, reason: 'port says no' });
    expect(calls).toEqual(['plan 43']);
  });

  it('continues a stopped loop only when it is stopped', () => {
    const { stores, s, calls } = withPort();
    expect(s.resumeMergeLoop()).toMatchObject({ ok: false, reason: expect.stringMatching(/not stopped/) });
    stores.queue.setState({ loop: { pr: 47, phase: 'stopped', message: 'postgres Degraded', deadline: null } });
    expect(s.resumeMergeLoop()).toMatchObject({ ok: true, message: expect.stringMatching(/after PR #47/) });
    expect(calls).toEqual(['resume']);
  });

  it('binds a merged PR to its merge commit and an open one to its head', () => {
    const { stores, s } = withPort();
    stores.queue.setState({
      prs: [{ number: 43, headSha: 'head43' } as never],
      merged: [{ number: 47, title: 't', mergedAt: null, mergeSha: 'merge47', headBranch: null }],
    });
    expect(s.isCurrent({ kind: 'pr', id: '47', version: 'merge47' })).toBe(true);
    expect(s.isCurrent({ kind: 'pr', id: '47', version: 'other' })).toBe(false);
    expect(s.isCurrent({ kind: 'pr', id: '43', version: 'merge47' })).toBe(false);
    // A PR the console does not list is re-checked by the loop when it runs.
    expect(s.isCurrent({ kind: 'pr', id: '99', version: 'x' })).toBe(true);
  });

  it('hands a confirmed rollback to the loop unchanged: the loop alone holds rollback plans', async () => {
    const { stores } = withPort();
    const seen: unknown[] = [];
    const port: MergePort = {
      planMerge: async () => ({ ok: false, reason: 'no' }),
      run: async (r) => (seen.push(r), { ok: true, message: 'ran' }),
      stop: () => undefined,
      busy: () => null,
    };
    const s = new ConsoleSession({ stores, mode: 'WRITE', gitea: null, kube: null, ceph: null, thresholds: DEFAULT_THRESHOLDS, mergeLoop: () => port });
    const request = {
      action: 'rollback',
      title: 'Roll back PR #47',
      target: 't',
      command: 'c',
      destructive: true,
      challenge: '47',
      notes: [],
      binding: { kind: 'pr', id: '47', version: 'merge47' },
      dryRun: false,
    } satisfies ConfirmRequest;
    expect(await s.runMerge(request, '47')).toMatchObject({ ok: true });
    expect(seen).toEqual([request]);
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
      { get: () => states.at(-1) as never, set: (l) => states.push(l) },
      60_000,
      () => t,
    );
    p.start();
    expect(states[0]).toEqual({ state: 'syncing', since: 1000 });
    await p.refresh();
    expect(states.at(-1)).toMatchObject({ state: 'live', updatedAt: 1000 });
    // A second success writes nothing; the live liveness reads the newer check.
    t = 1500;
    await p.refresh();
    expect(states).toHaveLength(2);
    expect((states.at(-1) as { checkedAt(): number }).checkedAt()).toBe(1500);
    fail = true;
    t = 2000;
    await p.refresh();
    await p.refresh();
    expect(states.at(-1)).toEqual({ state: 'reconnecting', attempt: 2, lastError: 'connect ECONNREFUSED 127.0.0.1:3000', updatedAt: 1500 });
    fail = false;
    await p.refresh();
    expect(states.at(-1)).toMatchObject({ state: 'live', updatedAt: 2000 });
    p.stop();
  });
});
