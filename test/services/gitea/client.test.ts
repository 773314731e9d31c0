import { afterEach, describe, expect, it } from 'vitest';
import { GiteaError } from '../../../src/services/gitea/errors.js';
import { editModeForVersion } from '../../../src/services/gitea/edit-mode.js';
import type { MergedEvent } from '../../../src/sim/gitea/index.js';
import { hasShared, SHARED_ABSENT } from '../../support/shared.js';
import { SwaggerValidator } from '../../sim/gitea/swagger.js';
import { startWorld } from './harness.js';

type World = Awaited<ReturnType<typeof startWorld>>;
let w: World | undefined;
afterEach(async () => {
  await w?.stop();
  w = undefined;
});

/** 409 on an issue PATCH is in the operation's description, not its responses (see notes §3.3). */
const UNDOCUMENTED = new Set(['PATCH /repos/{owner}/{repo}/issues/{index} 409', 'POST /repos/{owner}/{repo}/pulls/{index}/merge 500', '* * 401']);

function expectSwaggerClean(world: World) {
  if (!hasShared) return;
  const v = new SwaggerValidator();
  const problems = world.sim.recorded.flatMap((x) => [...v.checkRequest(x), ...v.checkResponse(x, UNDOCUMENTED)]);
  expect(problems).toEqual([]);
  expect(world.sim.recorded.length).toBeGreaterThan(0);
}

async function rejection(p: Promise<unknown>): Promise<GiteaError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GiteaError);
  return err as GiteaError;
}

describe('GiteaClient against the simulator', () => {
  it('reads who, which version and the edit mode', async () => {
    w = await startWorld();
    expect((await w.client.currentUser()).login).toBe('admin');
    expect(editModeForVersion(await w.client.serverVersion())).toBe('content-version');
    expectSwaggerClean(w);
  });

  it('finds the latest maintenance issue, skipping PRs and checking labels', async () => {
    w = await startWorld();
    // A newer issue without the label, and a PR carrying the label: neither may be chosen.
    w.world.addIssue({ title: 'Unrelated', body: 'x', poster: 'admin', createdAt: '2026-11-27T00:00:00Z' });
    w.world.issues.get(48)!.labelIds.push(w.world.labelByName('maintenance')!.id);
    const issue = await w.client.latestIssueWithLabel('maintenance');
    expect(issue?.number).toBe(42);
    expect(issue?.content_version).toBe(0);
    expectSwaggerClean(w);
  });

  it('does not trust the label filter when the label does not exist (Gitea then returns every issue)', async () => {
    w = await startWorld();
    const raw = await fetch(`${w.sim.url}/api/v1/repos/ops/homelab/issues?labels=no-such-label&type=issues`, {
      headers: { authorization: 'token demo-admin-token-4f1c9e2a7b' },
    });
    expect(((await raw.json()) as unknown[]).length).toBeGreaterThan(1);
    expect(await w.client.latestIssueWithLabel('no-such-label')).toBeNull();
  });

  it('lists open PRs across pages with the 50 cap, oldest first', async () => {
    w = await startWorld();
    const main = w.world.git.resolve('main')!;
    for (let i = 0; i < 55; i++) {
      const head = w.world.git.commit({
        parents: [main.sha],
        changes: { [`extra/${i}.txt`]: `${i}\n` },
        message: `extra ${i}`,
        author: 'renovate',
        date: '2026-11-25T10:00:00Z',
      });
      w.world.git.branches.set(`renovate/extra-${i}`, head.sha);
      w.world.addIssue({
        title: `chore(deps): extra ${i}`,
        body: '',
        poster: 'renovate',
        createdAt: `2026-11-25T1${Math.floor(i / 10)}:${String(i % 10).padStart(2, '0')}:00Z`,
        pull: {
          headBranch: `renovate/extra-${i}`,
          baseBranch: 'main',
          headSha: head.sha,
          mergeBase: main.sha,
          merged: false,
          mergedAt: null,
          mergeCommitSha: null,
          mergedBy: null,
          checking: false,
          conflicted: false,
        },
      });
    }
    const prs = await w.client.openPulls({ poster: 'renovate' });
    expect(prs).toHaveLength(61);
    expect(prs.slice(0, 6).map((p) => p.number)).toEqual([43, 44, 45, 46, 47, 48]);
    const lists = w.sim.recorded.filter((x) => x.template === '/repos/{owner}/{repo}/pulls');
    expect(lists).toHaveLength(2);
    expect(lists[0]!.headers['x-total-count']).toBe('61');
    expect(lists[0]!.headers.link).toContain('rel="next"');
    expectSwaggerClean(w);
  });

  it('reads PR detail, files and CI (total_count 0 is "no CI", not pending)', async () => {
    w = await startWorld();
    const pr = await w.client.getPull(46);
    expect(pr.head.label).toBe('renovate/ghcr.io-bjw-s-labs-app-template-4.x');
    const files = await w.client.pullFiles(46);
    expect(files.map((f) => f.filename)).toEqual([
      'kubernetes/apps/home-assistant/kustomization.yaml',
      'kubernetes/apps/jellyfin/kustomization.yaml',
      'kubernetes/apps/paperless/kustomization.yaml',
    ]);
    const none = await w.client.combinedStatus(pr.head.sha);
    expect(none).toMatchObject({ state: 'pending', total_count: 0, hasCi: false });
    const failing = await w.client.combinedStatus((await w.client.getPull(48)).head.sha);
    expect(failing).toMatchObject({ state: 'failure', hasCi: true });
    expectSwaggerClean(w);
  });

  it('merges the evaluated head and emits merged with the changed files', async () => {
    w = await startWorld();
    const events: MergedEvent[] = [];
    w.world.events.on('merged', (e) => events.push(e));
    const pr = await w.client.getPull(45);
    await w.client.mergePull(45, { headSha: pr.head.sha });
    expect(await w.client.isMerged(45)).toBe(true);
    expect(await w.client.isMerged(44)).toBe(false);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ number: 45, files: ['kubernetes/core/cert-manager/kustomization.yaml'] });
    const tip = await w.client.getCommit(events[0]!.sha);
    expect(tip.parents.map((p) => p.sha)).toEqual([w.world.git.get(events[0]!.sha).parents[0], pr.head.sha]);
    const file = await w.client.fileAt('kubernetes/core/cert-manager/kustomization.yaml', 'main');
    expect(file?.content).toContain('version: v1.19.2');
    expect(w.world.git.branches.has(pr.head.label)).toBe(false);
    expectSwaggerClean(w);
  });

  it('maps every merge refusal to a typed error and never retries a merge', async () => {
    w = await startWorld();
    const head44 = (await w.client.getPull(44)).head.sha;
    expect((await rejection(w.client.mergePull(44, { headSha: 'f'.repeat(40) }))).kind).toBe('head-moved');

    w.world.issues.get(44)!.pull!.checking = true;
    const checking = await rejection(w.client.mergePull(44, { headSha: head44 }));
    expect(checking.kind).toBe('checking');
    w.world.issues.get(44)!.pull!.checking = false;

    w.world.issues.get(44)!.title = 'WIP: chore(deps): update helm release kube-prometheus-stack to v83';
    expect((await rejection(w.client.mergePull(44, { headSha: head44 }))).kind).toBe('not-mergeable');

    w.world.repo.archived = true;
    expect((await rejection(w.client.mergePull(43, { headSha: (await w.client.getPull(43)).head.sha }))).kind).toBe('archived');
    w.world.repo.archived = false;

    await w.client.closePull(43);
    expect((await rejection(w.client.mergePull(43, { headSha: 'x' }))).kind).toBe('not-found');

    const merges = w.sim.recorded.filter((x) => x.template?.endsWith('/merge') && x.method === 'POST');
    expect(merges).toHaveLength(5);
    expect(w.world.counters.byOperation['POST /repos/{owner}/{repo}/pulls/{index}/merge']).toBe(5);
    expectSwaggerClean(w);
  });

  it('creates needs-human on first use and verifies the label landed', async () => {
    w = await startWorld();
    expect(w.world.labelByName('needs-human')).toBeUndefined();
    const labels = await w.client.markNeedsHuman(42);
    expect(labels.map((l) => l.name).sort()).toEqual(['maintenance', 'needs-human']);
    await w.client.markNeedsHuman(42);
    expect(w.world.labels.filter((l) => l.name === 'needs-human')).toHaveLength(1);
    await w.client.removeIssueLabel(42, 'needs-human');
    expect((await w.client.getIssue(42)).labels.map((l) => l.name)).toEqual(['maintenance']);
    expectSwaggerClean(w);
  });

  it('edits body with content_version (409 when stale), and title/state separately', async () => {
    w = await startWorld();
    const issue = await w.client.getIssue(42);
    const edited = await w.client.editIssueBody(42, `${issue.body}\nmore`, issue.content_version);
    expect(edited.content_version).toBe(1);
    expect((await rejection(w.client.editIssueBody(42, 'stale', issue.content_version))).kind).toBe('conflict');
    const closed = await w.client.editIssueMeta(42, { title: '[RESOLVED] [Maintenance] 2026-11-26 - Homelab', state: 'closed' });
    expect(closed).toMatchObject({ state: 'closed', content_version: 1 });
    expect((await w.client.closeIssue(4)).state).toBe('closed');
    const patches = w.sim.recorded.filter((x) => x.method === 'PATCH');
    expect(patches.map((p) => Object.keys(p.requestBody as object).sort())).toEqual([
      ['body', 'content_version'],
      ['body', 'content_version'],
      ['state', 'title'],
      ['state'],
    ]);
    expectSwaggerClean(w);
  });

  it('does what a Renovate rollback needs: contents at a ref, one multi-file commit, branch, PR, protection', async () => {
    w = await startWorld();
    const events: string[] = [];
    w.world.events.on('branch-changed', (e) => events.push(`${e.branch}:${e.cause}`));
    const pr = await w.client.getPull(43);
    await w.client.mergePull(43, { headSha: pr.head.sha });
    const merge = await w.client.getCommit((await w.client.getBranch('main')).commit.id);
    expect(merge.parents).toHaveLength(2);
    const before = merge.parents[0]!.sha;
    const files = merge.files.map((f) => f.filename);
    expect(files).toHaveLength(3);
    const changes = [];
    for (const f of files) {
      const old = await w.client.fileAt(f, before);
      const now = await w.client.fileAt(f, 'main');
      changes.push({ operation: 'update' as const, path: f, content: old!.content, sha: now!.sha });
    }
    expect(await w.client.fileAt('does/not/exist.yaml', 'main')).toBeNull();
    const protection = await w.client.branchProtection('main');
    expect(protection).toMatchObject({ protected: true, rule: 'main', userCanPush: true, requiredChecks: [] });
    await w.client.createBranch('revert/pr-43', 'main');
    const commit = await w.client.changeFiles({ branch: 'revert/pr-43', message: 'Revert PR #43', files: changes });
    expect(commit.parents).toEqual([merge.sha]);
    const revertPr = await w.client.createPull({ head: 'revert/pr-43', base: 'main', title: 'Revert #43', body: 'rollback' });
    expect((await w.client.pullFiles(revertPr.number)).map((f) => f.filename).sort()).toEqual([...files].sort());
    // A stale blob sha is refused, not applied over.
    const stale = await rejection(w.client.changeFiles({ branch: 'main', message: 'x', files: [{ ...changes[0]!, sha: before }] }));
    expect(stale.kind).toBe('validation');
    expect((await w.client.branchProtections()).map((p) => p.rule_name)).toEqual(['main']);
    expect(events).toEqual(['main:merge', 'revert/pr-43:commit']);
    expectSwaggerClean(w);
  });

  it('switches to Gitea 1.25 / Forgejo behaviour: no content_version, stale versions ignored', async () => {
    for (const flavor of ['gitea-1.25', 'forgejo'] as const) {
      w = await startWorld({ flavor });
      expect(editModeForVersion(await w.client.serverVersion())).toBe('last-writer-wins');
      const issue = await w.client.getIssue(42);
      expect(issue.content_version).toBeUndefined();
      await w.client.editIssueBody(42, 'one', 0);
      const again = await w.client.editIssueBody(42, 'two', 0);
      expect(again.body).toBe('two');
      await w.stop();
      w = undefined;
    }
  });

  it.skipIf(!hasShared)('(swagger needs ../shared) ' + (hasShared ? '' : SHARED_ABSENT), () => {
    expect(new SwaggerValidator().operation('GET', '/version')).toBeDefined();
  });
});

describe('editModeForVersion', () => {
  it.each([
    ['1.26.4', 'content-version'],
    ['1.26.0', 'content-version'],
    ['v1.27.1', 'content-version'],
    ['1.25.3', 'last-writer-wins'],
    ['1.22.6', 'last-writer-wins'],
    ['16.0.1+gitea-1.22.0', 'last-writer-wins'],
    ['garbage', 'last-writer-wins'],
  ])('%s → %s', (version, mode) => {
    expect(editModeForVersion(version)).toBe(mode);
  });
});
