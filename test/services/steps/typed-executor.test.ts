import { afterEach, describe, expect, test } from 'vitest';
import { CephService } from '../../../src/services/ceph/ceph-service.js';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { createActionExecutor } from '../../../src/services/steps/typed-executor.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../../../src/sim/gitea/index.js';
import { createCephStore } from '../../../src/store/ceph-store.js';

const ctx = () => ({ signal: new AbortController().signal, log: () => {} });
const cleanup: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0)) await c();
});

function ceph(opts: { readOnly?: boolean; dryRun?: boolean } = {}) {
  const sim = new CephSimulator({ state: 'degraded', recoveryMs: 60_000 });
  const service = new CephService({ executor: sim.executor(), store: createCephStore(), verifyIntervalMs: 5, verifyTimeoutMs: 2000, ...opts });
  cleanup.push(() => service.close());
  return { sim, service };
}

describe('typed actions through the real services and the simulators', () => {
  test('Ceph actions change the Ceph simulator (noout, reweight, purge of osd.8)', async () => {
    const { sim, service } = ceph();
    const run = createActionExecutor({ ceph: service });
    expect(sim.state.flags.has('noout')).toBe(true);
    expect(await run({ kind: 'ceph-unset-noout' }, ctx())).toMatchObject({ ok: true });
    expect(sim.state.flags.has('noout')).toBe(false);
    expect((await run({ kind: 'ceph-osd-reweight', osd: 5, weight: 1 }, ctx())).ok).toBe(true);
    expect(sim.state.osds.find((o) => o.id === 5)?.reweight).toBe(1);
    expect((await run({ kind: 'ceph-osd-purge', osd: 8 }, ctx())).ok).toBe(true);
    expect(sim.state.osds.some((o) => o.id === 8)).toBe(false);
  });

  test('read-only and dry-run Ceph services refuse, and the step is not reported done', async () => {
    for (const opts of [{ readOnly: true }, { dryRun: true }]) {
      const { sim, service } = ceph(opts);
      const r = await createActionExecutor({ ceph: service })({ kind: 'ceph-unset-noout' }, ctx());
      expect(r.ok).toBe(false);
      expect(sim.state.flags.has('noout')).toBe(true);
    }
  });

  test('PR merge merges exactly the head it read, on the Gitea simulator', async () => {
    const sim: GiteaSim = await startDemoGitea();
    const client = new GiteaClient({ baseUrl: sim.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' } });
    cleanup.push(async () => {
      await client.close();
      await sim.stop();
    });
    const run = createActionExecutor({ gitea: client });
    expect(await run({ kind: 'pr-merge', number: 43 }, ctx())).toEqual({ ok: true, message: 'PR #43 merged' });
    expect(await client.isMerged(43)).toBe(true);
    expect((await run({ kind: 'pr-merge', number: 999 }, ctx())).ok).toBe(false);
  });

  test('a missing service is a clear failure, not a crash', async () => {
    expect(await createActionExecutor({})({ kind: 'rollout-restart', namespace: 'p', workload: 'deployment', name: 'x', wait: true }, ctx())).toEqual({
      ok: false,
      message: 'Kubernetes is not connected in this session',
    });
  });
});
