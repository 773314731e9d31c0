import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { ConsoleSession } from '../../../src/services/engine/console-session.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { createSessionSteps } from '../../../src/services/steps/session-steps.js';
import { DemoWorld } from '../../../src/sim/demo/world.js';
import { createStores } from '../../../src/store/index.js';
import type { RunMode } from '../../../src/store/session-store.js';
import { DEFAULT_THRESHOLDS } from '../../../src/domain/health/types.js';
import { waitFor } from '../../support/wait.js';

const open: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of open.splice(0).reverse()) await c();
});

async function demoSession(mode: RunMode) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'session-steps-'));
  const world = await DemoWorld.start();
  const client = new GiteaClient({ baseUrl: world.giteaUrl, token: world.token, repo: { owner: 'ops', name: 'homelab' } });
  const stores = createStores();
  stores.session.setState({ mode });
  const session = new ConsoleSession({
    stores,
    mode,
    gitea: { client, label: 'maintenance', issue: null, pollMs: 60_000, rules: [] },
    kube: null,
    ceph: { executor: () => world.ceph.executor(), intervalMs: 60_000 },
    thresholds: DEFAULT_THRESHOLDS,
    steps: (s) => createSessionSteps(s, { journalFile: path.join(dir, 'journal.jsonl') }),
  });
  open.push(async () => {
    await session.close();
    await world.close();
    rmSync(dir, { recursive: true, force: true });
  });
  await session.start();
  await waitFor(() => stores.issue.getState().document && stores.ceph.getState().summary, { what: 'issue and ceph live' });
  return { world, session, stores };
}

describe('steps wired into a console session on the demo world', () => {
  test('B1 through the facade: the Ceph simulator archives its crashes, the gate is shown, the Gitea body is ticked', async () => {
    const { world, session, stores } = await demoSession('WRITE');
    expect(session.capabilities.steps).toBe(true);
    const crashesBefore = world.ceph.state.crashes.filter((c) => c.archived === null).length;
    expect(crashesBefore).toBeGreaterThan(0);
    const plan = await session.planStep({ id: 'B1', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    const ran = await session.runStep(plan.request, '');
    expect(ran).toMatchObject({ ok: true });
    expect(world.ceph.state.crashes.filter((c) => c.archived === null)).toHaveLength(0);
    expect(stores.health.getState().gate).not.toBeNull();
    expect((await session.judgeStep('pass')).ok).toBe(true);
    const body = world.gitea.world.issues.get(42)!.body;
    expect(body).toMatch(/- \[x\] \*\*B1 P0 Storage\*\*: Archive Ceph crash reports[^\n]*via homelab-console/);
  });

  test('read-only: the purge is refused and neither simulator sees a write', async () => {
    const { world, session } = await demoSession('READ-ONLY');
    const before = world.gitea.world.counters.attempted;
    const plan = await session.planStep({ id: 'C1', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    expect((await session.runStep(plan.request, 'osd.8')).ok).toBe(false);
    expect(world.ceph.state.osds.some((o) => o.id === 8)).toBe(true);
    expect(world.gitea.world.counters.attempted).toBe(before);
  });
});
