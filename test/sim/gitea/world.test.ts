import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, HumanEditor, seedDemoWorld, startDemoGitea, type GiteaSim, type MergedEvent } from '../../../src/sim/gitea/index.js';
import { SEED_PULLS } from '../../../src/sim/seed/renovate-prs.js';
import { HOMELAB_APPS, appPath } from '../../../src/sim/seed/homelab-repo.js';
import { waitFor } from '../../support/wait.js';

let sim: GiteaSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

const api = (path: string, init: RequestInit = {}) =>
  fetch(`${sim!.url}/api/v1${path}`, {
    ...init,
    headers: { authorization: `token ${DEMO_TOKENS.admin}`, 'content-type': 'application/json', ...(init.headers ?? {}) },
  });

describe('the demo Gitea world', () => {
  it('is seeded as docs/DEMO-WORLD.md says', () => {
    const w = seedDemoWorld();
    expect([...w.users.keys()]).toEqual(['admin', 'renovate']);
    expect(w.labels.map((l) => l.name)).toEqual(['maintenance', 'renovate', 'dependencies', 'bug', 'enhancement']);
    expect(w.issues.get(30)).toMatchObject({ title: 'Ceph: slow ops and stalled reads on osd.3 and osd.7', state: 'open' });
    expect(w.issues.get(31)!.title).toMatch(/^Feature request: /);
    expect(w.issues.get(4)).toMatchObject({ title: 'Dependency Dashboard', poster: 'renovate', labelIds: [] });
    expect(w.issues.get(42)).toMatchObject({ title: '[Maintenance] 2026-11-26 - Homelab', poster: 'admin' });
    expect(w.issues.get(42)!.body).toMatch(/- \[ \] \*\*A1 /);
    const prs = [...w.issues.values()].filter((i) => i.pull).map((i) => i.number);
    expect(prs).toEqual([43, 44, 45, 46, 47, 48]);
    for (const seed of SEED_PULLS) {
      const pr = w.issues.get(seed.number)!;
      expect(pr.pull!.headBranch).toMatch(/^renovate\//);
      expect(pr.body).toContain('This PR contains the following updates:');
      expect(pr.body).toMatch(/\| Package \|( Type \|)? Update \| Change \|/);
      const trailer = /<!--renovate-debug:([A-Za-z0-9+/=]+)-->/.exec(pr.body);
      expect(JSON.parse(Buffer.from(trailer![1]!, 'base64').toString())).toMatchObject({ targetBranch: 'main' });
      for (const f of w.pullFiles(pr.pull!)) expect(HOMELAB_APPS.some((a) => f.filename.startsWith(`${appPath(a)}/`))).toBe(true);
    }
    expect(SEED_PULLS.filter((p) => p.body.includes('[Age](')).length).toBeGreaterThanOrEqual(2);
    expect(w.combinedStatus(w.issues.get(48)!.pull!.headSha).state).toBe('failure');
    expect(w.combinedStatus(w.issues.get(46)!.pull!.headSha).statuses).toEqual([]);
    expect(w.issues.get(47)!.pull && SEED_PULLS.find((p) => p.number === 47)!.breaks).toBe('postgres');
  });

  it('a merge makes a commit on main and emits merged with the sha and files', async () => {
    sim = await startDemoGitea();
    const merged: MergedEvent[] = [];
    sim.world.events.on('merged', (e) => merged.push(e));
    const head = sim.world.issues.get(44)!.pull!.headSha;
    const before = sim.world.git.branches.get('main');
    expect((await api('/repos/ops/homelab/pulls/44/merge', { method: 'POST', body: JSON.stringify({ Do: 'merge', head_commit_id: head }) })).status).toBe(200);
    expect(merged).toEqual([
      {
        number: 44,
        title: sim.world.issues.get(44)!.title,
        sha: sim.world.git.branches.get('main'),
        base: 'main',
        head: 'renovate/kube-prometheus-stack-83.x',
        files: ['kubernetes/monitoring/kube-prometheus-stack/kustomization.yaml'],
      },
    ]);
    expect(sim.world.git.get(merged[0]!.sha).parents).toEqual([before, head]);
    expect(sim.world.counters).toMatchObject({ received: 1, attempted: 1, applied: 1 });
  });

  it('Gitea 1.25 / Forgejo: no content_version, keys matched case-insensitively; 1.26: exact keys', async () => {
    sim = await startDemoGitea({ flavor: 'forgejo' });
    const issue = (await (await api('/repos/ops/homelab/issues/42')).json()) as Record<string, unknown>;
    expect('content_version' in issue).toBe(false);
    const r = await api('/repos/ops/homelab/issues/42', { method: 'PATCH', body: JSON.stringify({ Body: 'from forgejo', content_version: 99 }) });
    expect(r.status).toBe(201);
    expect(sim.world.issues.get(42)!.body).toBe('from forgejo');
    await sim.stop();
    sim = await startDemoGitea();
    await api('/repos/ops/homelab/issues/42', { method: 'PATCH', body: JSON.stringify({ Body: 'ignored' }) });
    expect(sim.world.issues.get(42)!.body).not.toBe('ignored');
  });

  it('the human editor edits concurrently: on a timer, and refused when its view is stale', async () => {
    sim = await startDemoGitea();
    const human = new HumanEditor(sim.world);
    const view = human.open(42);
    let n = 0;
    const stop = human.every(5, 42, (b) => `${b}\nhuman note ${n++}`);
    await waitFor(() => human.saves.length >= 3, { what: 'three timed saves' });
    stop();
    expect(view.save(`${view.body}\nstale`)).toBeNull();
    expect(human.refused).toBe(1);
    expect(sim.world.issues.get(42)!.body).toContain('human note 2');
    expect(sim.world.issues.get(42)!.contentVersion).toBe(human.saves.length);
  });

  it('injects faults per rule and counts them', async () => {
    sim = await startDemoGitea();
    sim.faults.add({ method: 'GET', path: '/version', fault: { kind: 'status', status: 503 }, times: 1 });
    expect((await api('/version')).status).toBe(503);
    expect((await api('/version')).status).toBe(200);
    sim.faults.add({ path: /^\/user$/, fault: { kind: 'drop' }, times: 1 });
    await expect(api('/user')).rejects.toThrow();
    sim.faults.add({ path: /^\/user$/, fault: { kind: 'truncate' }, times: 1 });
    const cut = await (await api('/user')).text();
    expect(() => JSON.parse(cut)).toThrow();
    expect(sim.faults.fired).toEqual({ status: 1, drop: 1, truncate: 1 });
    sim.faults.add({ method: 'PATCH', fault: { kind: 'drop' }, times: 1 });
    await expect(api('/repos/ops/homelab/issues/42', { method: 'PATCH', body: '{}' })).rejects.toThrow();
    expect(sim.world.counters).toMatchObject({ received: 1, attempted: 0 });
  });
});
