import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CephService, cephFingerprint } from '../../../src/services/ceph/ceph-service.js';
import { batchScript, createKubeCephExecutor } from '../../../src/services/ceph/kube-executor.js';
import { readCephSummary } from '../../../src/services/ceph/reader.js';
import { loadKubeTarget, type KubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { createLocalCephExecutor } from '../../../src/services/ceph/local-executor.js';
import { isRookCephTools, KubeSim, routeExec } from '../../../src/sim/kube/index.js';
import type { KubeSimStats } from '../../../src/sim/kube/http/introspect.js';
import { createCephStore } from '../../../src/store/ceph-store.js';

// The steady state as the API server sees it: what N polls of the Ceph pane cost in requests,
// counted by the simulated API server itself, and how many store writes (frames, re-grades) they cause.
describe('a quiet Ceph steady state through exec into rook-ceph-tools', () => {
  let kube: KubeSim;
  let target: KubeTarget;
  let clock = Date.parse('2026-12-01T20:00:00Z');
  const ceph = new CephSimulator({ state: 'degraded', now: () => clock });
  ceph.state.recovery = null; // no recovery under way: only the slow ops' age moves between polls
  let execs = 0;

  beforeAll(async () => {
    kube = await KubeSim.start({
      exec: routeExec([
        {
          match: isRookCephTools,
          handler: async (_ns, _pod, _container, argv) => {
            execs++;
            return ceph.exec(argv);
          },
        },
      ]),
    });
    target = await loadKubeTarget({ env: { KUBECONFIG: kube.kubeconfigPath, HOME: '/nonexistent' } });
  });
  afterAll(async () => {
    await kube?.stop();
  });

  const stats = async (): Promise<KubeSimStats> => (await (await fetch(`${kube.url}/_sim/stats`)).json()) as KubeSimStats;

  it('reads the whole model in one exec, resolving the toolbox pod once over many polls', async () => {
    const store = createCephStore();
    const service = new CephService({ executor: createKubeCephExecutor({ target }), store });
    const before = await stats();
    const execsBefore = execs;
    const polls = 6;
    for (let i = 0; i < polls; i++) {
      clock += 10_000;
      await service.refresh();
    }
    const after = await stats();
    const delta = (verb: string) => (after.byVerb[verb] ?? 0) - (before.byVerb[verb] ?? 0);
    // One deployment GET and one pod LIST for the resolution, then one exec upgrade per poll.
    expect(delta('exec')).toBe(polls);
    expect(execs - execsBefore).toBe(polls);
    expect(after.requests - before.requests).toBe(polls + 2);
    // The same model as ten separate reads.
    const one = await readCephSummary({ source: 'sim', run: async (args) => ceph.exec(['ceph', ...args]) });
    expect(cephFingerprint(store.getState().summary!)).toBe(cephFingerprint(one));
    expect(store.getState().summary!.readErrors).toBeUndefined();
    expect(store.getState().summary!.offenders).toEqual(['mgr.a', 'osd.3', 'osd.7', 'osd.8']);
    await service.close();
  });

  it('writes its store once while only the slow ops age, and again on a real change', async () => {
    const store = createCephStore();
    let storeWrites = 0;
    store.subscribe(() => storeWrites++);
    const service = new CephService({ executor: createKubeCephExecutor({ target }), store, now: () => clock });
    service.start();
    await service.refresh();
    const first = store.getState().summary!;
    expect(first.checks.find((c) => c.code === 'SLOW_OPS')?.summary).toMatch(/oldest one blocked for \d+ sec/);
    const writesAfterFirst = storeWrites;
    for (let i = 0; i < 5; i++) {
      clock += 10_000;
      await service.refresh();
    }
    expect(storeWrites).toBe(writesAfterFirst);
    // Liveness still reads the newest check without a write.
    const l = store.getState().liveness;
    expect(l.state === 'live' && l.checkedAt?.()).toBe(clock);
    // A real change (a flag set) is written at once.
    ceph.exec(['ceph', 'osd', 'set', 'noscrub']);
    await service.refresh();
    expect(storeWrites).toBe(writesAfterFirst + 1);
    expect(store.getState().summary!.flags).toContain('noscrub');
    ceph.exec(['ceph', 'osd', 'unset', 'noscrub']);
    await service.close();
  });

  it('re-resolves the toolbox pod only when the remembered one is gone', async () => {
    const store = createCephStore();
    const service = new CephService({ executor: createKubeCephExecutor({ target }), store });
    await service.refresh();
    const toolsType = kube.world.registry.builtin('Pod');
    const old = kube.world.store.list(toolsType, 'rook-ceph').find(({ obj }) => obj.metadata.name.startsWith('rook-ceph-tools-'))!.obj;
    // The pod is replaced (a rollout, an evicted node): the next poll finds the new one and still reads.
    kube.world.store.remove(toolsType, 'rook-ceph', old.metadata.name);
    const { uid: _uid, resourceVersion: _rv, ...meta } = old.metadata;
    kube.world.store.create(toolsType, { ...old, metadata: { ...meta, name: `${old.metadata.name}x` } });
    const before = await stats();
    const summary = await service.refresh();
    const after = await stats();
    expect(summary?.health).toBe('HEALTH_ERR');
    // The failed upgrade into the old pod, the resolution (deployment GET + pod LIST), the exec into the new pod.
    expect((after.byVerb.exec ?? 0) - (before.byVerb.exec ?? 0)).toBe(2);
    expect(after.requests - before.requests).toBe(4);
    await service.close();
  });
});

describe('batched ceph reads', () => {
  it('split one sh -c back into each call with its own exit code and stderr (the simulator runs the same script)', () => {
    const at = Date.now();
    const ceph = new CephSimulator({ state: 'degraded', now: () => at });
    const { script, split } = batchScript([
      ['status', '--format', 'json'],
      ['osd', 'reweight', '99', '0.8', '--format', 'json'],
      ['mgr', 'stat', '--format', 'json'],
    ]);
    const r = ceph.exec(['sh', '-c', script]);
    const [status, bad, mgr] = split(String(r.stdout), String(r.stderr), r.exitCode);
    expect(status).toEqual(ceph.exec(['ceph', 'status', '--format', 'json']));
    expect(bad).toEqual({ stdout: '\n', stderr: 'Error ENOENT: osd.99 does not exist\n', exitCode: 2 });
    expect(JSON.parse(String(mgr!.stdout))).toEqual(JSON.parse(String(ceph.exec(['ceph', 'mgr', 'stat', '--format', 'json']).stdout)));
  });

  it('is a transport failure when the shell stops early, and refuses words it cannot quote', () => {
    const { split } = batchScript([['status'], ['df']]);
    expect(() => split('{}\n', 'sh: ceph: not found\n', 127)).toThrow(/batched ceph reads ended after 0 of 2: sh: ceph: not found/);
    expect(() => batchScript([['osd', "it's"]])).toThrow(/cannot batch/);
  });

  it('runs in a real shell: the script is plain sh', async () => {
    // A stand-in ceph on PATH, so the real /bin/sh runs the very script sent to the toolbox.
    const dir = mkdtempSync(join(tmpdir(), 'hc-ceph-'));
    writeFileSync(join(dir, 'ceph'), '#!/bin/sh\nif [ "$1" = fail ]; then echo "Error EINVAL: no" >&2; exit 22; fi\necho "{\\"args\\": \\"$*\\"}"\n');
    chmodSync(join(dir, 'ceph'), 0o755);
    const { script, split } = batchScript([['status', '--format', 'json'], ['fail'], ['df', '--format', 'json']]);
    const r = spawnSync('sh', ['-c', script], { env: { PATH: `${dir}:/usr/bin:/bin` }, encoding: 'utf8' });
    rmSync(dir, { recursive: true, force: true });
    expect(split(r.stdout, r.stderr, r.status ?? 1)).toEqual([
      { stdout: '{"args": "status --format json"}\n', stderr: '', exitCode: 0 },
      { stdout: '', stderr: 'Error EINVAL: no\n', exitCode: 22 },
      { stdout: '{"args": "df --format json"}\n', stderr: '', exitCode: 0 },
    ]);
  });

  it('an executor without batching reads call by call, as before', async () => {
    const ceph = new CephSimulator({ state: 'degraded' });
    const local = createLocalCephExecutor({});
    expect(local.runMany).toBeUndefined();
    const s = await readCephSummary(ceph.executor());
    expect(s.offenders).toEqual(['mgr.a', 'osd.3', 'osd.7', 'osd.8']);
  });
});
