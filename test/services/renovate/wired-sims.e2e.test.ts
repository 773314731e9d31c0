import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GiteaClient } from '../../../src/services/gitea/client.js';
import { startHealthGrader } from '../../../src/services/health/grader.js';
import { startClusterWatcher, type ClusterWatcher } from '../../../src/services/kube/cluster-watcher.js';
import { KubeHttp } from '../../../src/services/kube/http.js';
import { loadKubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { createKubeWriter } from '../../../src/services/kube/writer.js';
import { healthStoreGate, kubeAppControl, storeAppControl } from '../../../src/services/renovate/adapters.js';
import { MergeLoop } from '../../../src/services/renovate/merge-loop.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import { FAST_TIMING, KubeSim } from '../../../src/sim/kube/index.js';
import { SEED_PULLS } from '../../../src/sim/seed/renovate-prs.js';
import { createStores, type Stores } from '../../../src/store/index.js';
import { waitFor } from '../../support/wait.js';

// End to end: the simulated Gitea and the simulated API server wired as in the demo (a commit on
// main → ArgoCD's repoCommit; a PR marked `breaks` breaks its app on the next sync), the real Gitea
// client, the real cluster watcher feeding the cluster store, the real health grader, and the loop.
// Ceph is not part of these flows: its input to the System layer is a steady HEALTH_OK.

let gitea: GiteaSim;
let kube: KubeSim;
let client: GiteaClient;
let watcher: ClusterWatcher;
let grader: { stop(): void };
let stores: Stores;
let loop: MergeLoop;

beforeEach(async () => {
  gitea = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: '# m\n' }) });
  await gitea.start();
  const main = gitea.world.git.resolve('main')!.sha;
  kube = await KubeSim.start({ seed: 'healthy', timing: FAST_TIMING, revision: main, repoURL: `${gitea.url}/ops/homelab.git` });
  gitea.world.events.on('merged', (e) => {
    const broken = SEED_PULLS.find((p) => p.number === e.number)?.breaks;
    if (broken) kube.world.setBreaksOnNextSync(broken);
  });
  gitea.world.events.on('branch-changed', (e) => {
    if (e.branch !== 'main') return;
    // A revert commit restoring postgres's files heals what the broken image did.
    if (e.cause === 'commit' && e.files.some((f) => f.startsWith('kubernetes/database/postgres/')))
      kube.world.healWorkload('StatefulSet', 'databases', 'postgres');
    kube.world.repoCommit(e.sha, e.files);
  });
  client = new GiteaClient({ baseUrl: gitea.url, token: DEMO_TOKENS.admin, repo: { owner: 'ops', name: 'homelab' }, retries: 0, timeoutMs: 5_000 });
  stores = createStores();
  const target = await loadKubeTarget({ env: { KUBECONFIG: kube.kubeconfigPath, HOME: '/nonexistent' } });
  watcher = await startClusterWatcher({ target, store: stores.cluster, flushMs: 100 });
  grader = startHealthGrader({
    cluster: stores.cluster,
    ceph: stores.ceph,
    health: stores.health,
    cephInput: () => ({ health: 'HEALTH_OK', checks: [] }),
    tickMs: 200,
  });
  const http = new KubeHttp(target);
  const ctx = { http, writer: createKubeWriter(http, { readOnly: false, dryRun: false }), pollMs: 50 };
  loop = new MergeLoop({
    gitea: client,
    apps: storeAppControl(stores.cluster, (app) => kubeAppControl(ctx).refresh(app)),
    gate: healthStoreGate(stores.health, { settleMs: 1_000 }),
    queue: stores.queue,
    pollMs: 100,
    refreshAfterMs: 2_000,
    syncTimeoutMs: 20_000,
    degradedGraceMs: 2_000,
  });
  await waitFor(() => stores.health.getState().gate?.overall === 'GREEN', { what: 'a GREEN gate on the healthy cluster', timeoutMs: 20_000 });
}, 60_000);

afterEach(async () => {
  grader?.stop();
  watcher?.stop();
  await client?.close();
  await kube?.stop();
  await gitea?.stop();
});

const app = (name: string) => stores.cluster.getState().applications.find((a) => a.name === name)!;

async function planAndRun(pr: number) {
  const plan = await loop.planMerge(pr);
  if (!plan.ok) throw new Error(plan.reason);
  return loop.runMerge(plan.request, String(pr));
}

describe('merge loop, Gitea and API server simulators wired together', () => {
  it('merge → apps OutOfSync → Synced at the revision → gate → next', async () => {
    await loop.refreshQueue();
    expect(stores.queue.getState().prs.find((e) => e.number === 45)!.affectedApps).toEqual(['cert-manager']);
    const seen = new Set<string>();
    const unsub = stores.cluster.subscribe((s) => {
      const cm = s.applications.find((a) => a.name === 'cert-manager');
      if (cm) seen.add(cm.syncStatus);
    });
    const first = await planAndRun(45);
    unsub();
    expect(first, JSON.stringify(stores.queue.getState().loop)).toMatchObject({ ok: true });
    const sha = gitea.world.issues.get(45)!.pull!.mergeCommitSha!;
    expect(seen.has('OutOfSync')).toBe(true);
    expect(app('cert-manager')).toMatchObject({ revision: sha, syncStatus: 'Synced', healthStatus: 'Healthy' });
    expect(stores.queue.getState().loop).toMatchObject({ pr: 45, phase: 'done' });
    // Next: the monitoring major needs its checklist first, then merges the same way.
    loop.acknowledgeChecklist(44, gitea.world.issues.get(44)!.pull!.headSha);
    expect(await planAndRun(44)).toMatchObject({ ok: true });
    expect(app('kube-prometheus-stack')).toMatchObject({
      revision: gitea.world.issues.get(44)!.pull!.mergeCommitSha,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    });
  }, 60_000);

  it('a PR whose sync leaves postgres Degraded stops the loop; nothing else is merged', async () => {
    loop.acknowledgeChecklist(47, gitea.world.issues.get(47)!.pull!.headSha);
    const r = await planAndRun(47);
    expect(r.ok).toBe(false);
    expect(stores.queue.getState().loop).toMatchObject({ pr: 47, phase: 'stopped' });
    expect(stores.queue.getState().loop!.message).toMatch(/postgres|apps is|platform is/);
    expect(await loop.planMerge(45)).toMatchObject({ ok: false, reason: expect.stringMatching(/stopped after PR #47/) });
    expect([...gitea.world.issues.values()].filter((i) => i.pull?.merged).map((i) => i.number)).toEqual([47]);
  }, 60_000);

  it('head moved between check and merge: 409, nothing merged, the operator told', async () => {
    const plan = await loop.planMerge(45);
    if (!plan.ok) throw new Error(plan.reason);
    gitea.onRequest((info, world) => {
      if (info.method !== 'POST' || !/\/pulls\/45\/merge$/.test(info.path ?? '')) return;
      const pull = world.issues.get(45)!.pull!;
      if (pull.headSha !== plan.request.binding.version) return;
      const c = world.git.commit({
        parents: [pull.headSha],
        changes: { 'kubernetes/core/cert-manager/values.yaml': 'x: 1\n' },
        message: 'rebase',
        author: 'renovate',
        date: world.now(),
      });
      world.git.branches.set(pull.headBranch, c.sha);
      pull.headSha = c.sha;
    });
    const r = await loop.runMerge(plan.request, '45');
    expect(r).toMatchObject({ ok: false, reason: expect.stringMatching(/409 head out of date\); nothing merged/) });
    expect(gitea.world.issues.get(45)!.pull!.merged).toBe(false);
    expect(app('cert-manager').syncStatus).toBe('Synced');
  }, 60_000);

  it('rollback restores the files and the apps sync back', async () => {
    loop.acknowledgeChecklist(47, gitea.world.issues.get(47)!.pull!.headSha);
    const path = 'kubernetes/database/postgres/values.yaml';
    const before = (await client.fileAt(path, 'main'))!.content;
    await planAndRun(47);
    expect((await client.fileAt(path, 'main'))!.content).not.toBe(before);
    const plan = await loop.planRollback(47);
    if (!plan.ok) throw new Error(plan.reason);
    const rb = await loop.runRollback(plan.request, '47');
    expect(rb, JSON.stringify(stores.queue.getState().loop)).toMatchObject({ ok: true });
    expect((await client.fileAt(path, 'main'))!.content).toBe(before);
    const revert = gitea.world.git.resolve('main')!.sha;
    expect(app('postgres')).toMatchObject({ revision: revert, syncStatus: 'Synced', healthStatus: 'Healthy' });
    expect(stores.health.getState().gate?.overall).toBe('GREEN');
  }, 60_000);
});
