/**
 * The upgrade protocol's waits and Gate 3's watch, against the simulated Gitea and API server:
 * Gate 1's wait for the component pods is bounded (it fails with what it saw when the limit
 * passes) and stoppable (the loop's stop signal, or the runner's own stop — the console's stop
 * key), each outcome a Change Log row and a journal event; the stabilisation window fails on an
 * alert that fires during it, never on one already firing when it opened.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QueueEntry } from '../../../src/domain/renovate/types.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { Journal } from '../../../src/services/journal/journal.js';
import type { ActionContext } from '../../../src/services/kube/actions/context.js';
import { KubeHttp } from '../../../src/services/kube/http.js';
import { loadKubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { createKubeWriter } from '../../../src/services/kube/writer.js';
import { protocolRecorder } from '../../../src/services/upgrade/recorder.js';
import { UpgradeRunner } from '../../../src/services/upgrade/runner.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import { FAST_TIMING, KubeSim } from '../../../src/sim/kube/index.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';

const BODY = `# Maintenance\n\n## Change Log\n\n| Time | Action | Result |\n|------|--------|--------|\n`;

describe('the upgrade protocol: bounded, stoppable waits and the alerts Gate 3 watches', { timeout: 120_000 }, () => {
  let gitea: GiteaSim;
  let kube: KubeSim;
  let client: GiteaClient;
  let stores: Stores;
  let dir: string;
  let ctx: ActionContext;
  /** The component's pods read as Pending (a pod that never starts) while set. */
  let pending = false;
  let alerts: string[] = [];
  let offset = 0;
  const clock = { now: () => Date.now() + offset, sleep: (ms: number, signal?: AbortSignal) => sleepFor(Math.min(ms, 100), signal) };
  const sleepFor = (ms: number, signal?: AbortSignal) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(resolve, ms);
      signal?.addEventListener('abort', () => (clearTimeout(t), resolve()), { once: true });
    });

  const runnerWith = (podWaitMs: number) =>
    new UpgradeRunner({
      gitea: client,
      apps: { list: async () => [], refresh: async () => undefined },
      kube: () => ctx,
      store: stores.upgrade,
      recorder: protocolRecorder(client, stores.issue, new Journal(path.join(dir, 'journal.jsonl'))),
      functional: {
        applications: () => [],
        externalSecrets: () => [],
        ceph: () => ({ health: 'HEALTH_OK', checks: [] }),
        alerts: async () => alerts,
      },
      backupDir: path.join(dir, 'backups'),
      crdDir: path.join(dir, 'crds'),
      protocol: { stabiliseMs: 10 * 60_000 },
      clock,
      pollMs: 50,
      podWaitMs,
    });

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'hc-protocol-waits-'));
    gitea = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: BODY }) });
    await gitea.start();
    kube = await KubeSim.start({ seed: 'healthy', timing: FAST_TIMING, revision: gitea.world.git.resolve('main')!.sha });
    client = new GiteaClient({ baseUrl: gitea.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0, timeoutMs: 5_000 });
    stores = createStores();
    stores.issue.setState({ number: 42, editMode: 'content-version' });
    const target = await loadKubeTarget({ env: { KUBECONFIG: kube.kubeconfigPath, HOME: '/nonexistent' } });
    const real = new KubeHttp(target);
    // The pod list as the API server returns it, with every pod read as Pending while `pending` is set.
    const http = Object.create(real) as KubeHttp;
    http.get = (async (p: string, q?: Record<string, string>) => {
      const out = await real.get<{ items?: Array<{ status?: Record<string, unknown> }> }>(p, q);
      if (!pending || !p.endsWith('/pods') || !out.items) return out;
      return { ...out, items: out.items.map((i) => ({ ...i, status: { ...i.status, phase: 'Pending', containerStatuses: [] } })) };
    }) as KubeHttp['get'];
    ctx = { http, writer: createKubeWriter(real, { readOnly: false, dryRun: false }), pollMs: 50 };
  }, 60_000);

  afterAll(async () => {
    await client?.close();
    await kube?.stop();
    await gitea?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const log = () => gitea.world.issues.get(42)!.body.split(/^## Change Log\s*$/m)[1] ?? '';
  const journal = () => readFileSync(path.join(dir, 'journal.jsonl'), 'utf8');

  async function prepared(runner: UpgradeRunner, pr: number): Promise<QueueEntry> {
    await runner.setOrderReason(pr, 'the test takes this major first');
    await runner.prepare(pr);
    for (const q of runner.unansweredQuestions(pr)) expect(await runner.answer(pr, q.id, 'no')).toBeNull();
    return (await runner.protocolOf(pr)).entry;
  }

  it("Gate 1's wait ends on the merge loop's stop signal: cancelled, with the time left and what it saw, in the Change Log and the journal", async () => {
    const runner = runnerWith(60_000);
    const entry = await prepared(runner, 47);
    pending = true;
    const stop = new AbortController();
    const after = runner.afterMerge(entry, 'a1b2c3d4e5f6', { signal: stop.signal });
    const w = await waitFor(() => stores.upgrade.getState().waiting, { what: 'the Gate 1 wait in the store' });
    expect(w).toMatchObject({ pr: 47, label: 'Gate 1: component pods Running', waitMs: 60_000 });
    expect(runner.busy()).toBe('PR #47: Gate 1: component pods Running');
    stop.abort();
    const r = await after;
    expect(r).toMatchObject({ ok: false, stopped: true });
    if (r.ok) return;
    expect(r.reason).toMatch(/^gate-1: the wait for the component pods was stopped \((59|60) s of 60 were left; .*Pending/);
    const run = stores.upgrade.getState().runs[47]!;
    expect(run.steps.find((s) => s.id === 'gate-1')!.status).toBe('cancelled');
    expect(run.finished).toBe('cancelled');
    expect(stores.upgrade.getState().waiting).toBeNull();
    await waitFor(() => /Gate 1 \(basic health\).* \| CANCELLED: the wait for the component pods was stopped/.test(log()), { what: 'the cancelled row' });
    expect(journal()).toMatch(/PR #47: database protocol, validate: Gate 1 .* — CANCELLED: the wait for the component pods was stopped/);
    expect(run.notes.join('\n')).toContain('Failure recovery (6.4):');
  });

  it("the runner's own stop (the console's stop key) ends the same wait; nothing to stop afterwards", async () => {
    const runner = runnerWith(60_000);
    const entry = await prepared(runner, 47);
    pending = true;
    expect(runner.stop()).toBe(false);
    const after = runner.afterMerge(entry, 'a1b2c3d4e5f6');
    await waitFor(() => stores.upgrade.getState().waiting, { what: 'the Gate 1 wait' });
    expect(runner.stop()).toBe(true);
    expect(await after).toMatchObject({ ok: false, stopped: true });
    expect(runner.stop()).toBe(false);
    expect(runner.busy()).toBeNull();
  });

  it('bounded: with no stop, Gate 1 fails when its limit passes, saying what it saw (FAILED, not cancelled)', async () => {
    const runner = runnerWith(1_500);
    const entry = await prepared(runner, 47);
    pending = true;
    const started = Date.now();
    const r = await runner.afterMerge(entry, 'a1b2c3d4e5f6');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r).toMatchObject({ ok: false });
    expect(r).not.toHaveProperty('stopped');
    if (!r.ok) expect(r.reason).toMatch(/^gate-1: .*Pending/);
    expect(stores.upgrade.getState().runs[47]!.steps.find((s) => s.id === 'gate-1')!.status).toBe('failed');
    await waitFor(() => /Gate 1 \(basic health\).* \| FAILED: /.test(log()), { what: 'the failed row' });
  });

  it('a merge whose sync failed: the merge stage FAILED with the recovery offer, and its revert needs the data confirmation typed', async () => {
    const runner = runnerWith(30_000);
    const entry = await prepared(runner, 47);
    expect(runner.rollbackConfirmation(47)).toBeNull();
    await runner.mergeFailed(entry, 'a1b2c3d4e5f6', 'after merge a1b2c3d: postgres Synced/Degraded');
    const run = stores.upgrade.getState().runs[47]!;
    expect(run.steps.find((s) => s.id === 'merge')).toMatchObject({
      status: 'failed',
      detail: 'merged a1b2c3d, then: after merge a1b2c3d: postgres Synced/Degraded',
    });
    expect(run.finished).toBe('failed');
    expect(run.notes.join('\n')).toContain('- revert the merge: roll back PR #47');
    expect(runner.rollbackConfirmation(47)).toMatchObject({
      challenge: 'revert 47 data',
      notes: expect.arrayContaining(['no verified backup was recorded for this PR: check the data before the old version starts']),
    });
    await waitFor(() => /PR merged at the checked head.* \| FAILED: merged a1b2c3d, then: /.test(log()), { what: 'the failed merge row' });
  });

  it('Gate 3: an alert already firing when the window opens does not count; one that fires during it fails the window', async () => {
    const runner = runnerWith(30_000);
    const entry = await prepared(runner, 47);
    pending = false;
    alerts = ['Watchdog (none)'];
    const r = await runner.afterMerge(entry, 'a1b2c3d4e5f6');
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true, message: 'stabilising for 10 min' });
    expect(stores.upgrade.getState().runs[47]!.notes.join('\n')).toContain('Alerts firing as the window opens (not counted against it): Watchdog (none)');
    await runner.checkWindow();
    expect(stores.upgrade.getState().window!.findings).toEqual([]);
    alerts = ['Watchdog (none)', 'KubePodCrashLooping (warning, monitoring): a pod is crash looping'];
    await runner.checkWindow();
    expect(stores.upgrade.getState().window!.findings).toEqual(['alert KubePodCrashLooping (warning, monitoring): a pod is crash looping']);
    expect(stores.upgrade.getState().runs[47]!.steps.find((s) => s.id === 'window')!.detail).toMatch(
      /^\d+:\d\d left; 1 finding\(s\): alert KubePodCrashLooping/,
    );
    offset += 10 * 60_000 + 1_000;
    await runner.checkWindow();
    const run = stores.upgrade.getState().runs[47]!;
    expect(run.steps.find((s) => s.id === 'window')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^during the window: alert KubePodCrashLooping/),
    });
    expect(run.finished).toBe('failed');
    expect(stores.upgrade.getState().window).toBeNull();
    await waitFor(() => /Stabilisation window .* \| FAILED: during the window: alert KubePodCrashLooping/.test(log()), { what: 'the failed window row' });
  });
});
