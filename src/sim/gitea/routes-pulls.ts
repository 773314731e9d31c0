import { pullMergeable, renderChangedFiles, renderPull, renderStatus, renderRepository } from './render.js';
import { apiError, paginate, route, type Route, type RouteContext } from './router.js';
import type { SimIssue } from './world.js';

const repoPath = (ctx: RouteContext) => `/repos/${ctx.world.repo.owner}/${ctx.world.repo.name}`;

function pullOr404(ctx: RouteContext): SimIssue | null {
  const issue = ctx.world.issues.get(Number(ctx.params.index));
  return issue?.pull ? issue : null;
}

const SORTS: Record<string, (a: SimIssue, b: SimIssue) => number> = {
  oldest: (a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id,
  recentupdate: (a, b) => b.updatedAt.localeCompare(a.updatedAt) || b.id - a.id,
  leastupdate: (a, b) => a.updatedAt.localeCompare(b.updatedAt) || a.id - b.id,
};
const newest = (a: SimIssue, b: SimIssue) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id;

export const pullRoutes: Route[] = [
  route('GET', '/repos/{owner}/{repo}/pulls', (ctx) => {
    const { world } = ctx;
    const state = ctx.query.get('state') ?? 'open';
    let list = [...world.issues.values()].filter((i) => i.pull && (state === 'all' || i.state === state));
    const poster = ctx.query.get('poster');
    if (poster) {
      if (!world.users.has(poster)) return apiError(ctx.root, 400, `user does not exist [name: ${poster}]`);
      list = list.filter((i) => i.poster === poster);
    }
    const base = ctx.query.get('base_branch');
    if (base) list = list.filter((i) => i.pull!.baseBranch === base);
    const labelIds = ctx.query.getAll('labels').map(Number).filter(Number.isFinite);
    if (labelIds.length) list = list.filter((i) => labelIds.every((id) => i.labelIds.includes(id)));
    list.sort(SORTS[ctx.query.get('sort') ?? ''] ?? newest);
    const { page, headers } = paginate(ctx, list, `${repoPath(ctx)}/pulls`);
    return { status: 200, json: page.map((i) => renderPull(ctx.root, world, i)), headers };
  }),

  route('POST', '/repos/{owner}/{repo}/pulls', (ctx) => {
    const { world } = ctx;
    const head = ctx.field('head');
    const base = (ctx.field('base') as string | undefined) || world.repo.defaultBranch;
    const title = ctx.field('title');
    if (typeof head !== 'string' || typeof title !== 'string' || !title.trim()) return apiError(ctx.root, 422, 'head and title are required');
    const headCommit = world.git.resolve(head);
    const baseCommit = world.git.resolve(base);
    if (!headCommit || !world.git.branches.has(head)) return apiError(ctx.root, 404, `branch does not exist [name: ${head}]`);
    if (!baseCommit || !world.git.branches.has(base)) return apiError(ctx.root, 404, `branch does not exist [name: ${base}]`);
    if (head === base) return apiError(ctx.root, 422, 'head and base must differ');
    const dup = [...world.issues.values()].find((i) => i.pull && i.state === 'open' && i.pull.headBranch === head && i.pull.baseBranch === base);
    if (dup)
      return apiError(
        ctx.root,
        409,
        `pull request already exists for these targets [id: ${dup.id}, issue_id: ${dup.number}, head_branch: ${head}, base_branch: ${base}]`,
      );
    // Merge base: walk the head's first-parent chain to a commit the base branch contains.
    const onBase = new Set<string>();
    for (let c: string | undefined = baseCommit.sha; c; c = world.git.get(c).parents[0]) onBase.add(c);
    let mergeBase = headCommit.sha;
    while (!onBase.has(mergeBase) && world.git.get(mergeBase).parents[0]) mergeBase = world.git.get(mergeBase).parents[0]!;
    const body = ctx.field('body');
    const issue = world.addIssue({
      title,
      body: typeof body === 'string' ? body : '',
      poster: ctx.viewer.login,
      pull: {
        headBranch: head,
        baseBranch: base,
        headSha: headCommit.sha,
        mergeBase,
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
        checking: false,
        conflicted: false,
      },
    });
    return { status: 201, json: renderPull(ctx.root, world, issue) };
  }),

  route('GET', '/repos/{owner}/{repo}/pulls/{index}', (ctx) => {
    const pr = pullOr404(ctx);
    if (!pr) return apiError(ctx.root, 404, 'pull request does not exist');
    return { status: 200, json: renderPull(ctx.root, ctx.world, pr) };
  }),

  route('PATCH', '/repos/{owner}/{repo}/pulls/{index}', (ctx) => {
    const { world } = ctx;
    const pr = pullOr404(ctx);
    if (!pr) return apiError(ctx.root, 404, 'pull request does not exist');
    const version = ctx.field('content_version');
    if (world.hasContentVersion && typeof version === 'number' && version !== pr.contentVersion) return apiError(ctx.root, 409, 'issue already changed');
    const state = ctx.field('state');
    if (state !== undefined && state !== pr.state && pr.pull!.merged)
      return apiError(ctx.root, 412, 'cannot change state of this pull request, it was already merged');
    const title = ctx.field('title');
    if (typeof title === 'string' && title.trim()) pr.title = title;
    const body = ctx.field('body');
    if (typeof body === 'string') world.saveBody(pr.number, body, ctx.viewer.login, pr.contentVersion);
    if ((state === 'open' || state === 'closed') && state !== pr.state) {
      pr.state = state;
      pr.closedAt = state === 'closed' ? world.now() : null;
      if (state === 'closed') world.events.emit('pr-closed', { number: pr.number });
    }
    pr.updatedAt = world.now();
    return { status: 201, json: renderPull(ctx.root, world, pr) };
  }),

  route('GET', '/repos/{owner}/{repo}/pulls/{index}/files', (ctx) => {
    const pr = pullOr404(ctx);
    if (!pr) return apiError(ctx.root, 404, 'pull request does not exist');
    const { page, headers } = paginate(ctx, renderChangedFiles(ctx.root, ctx.world, pr), `${repoPath(ctx)}/pulls/${pr.number}/files`);
    return { status: 200, json: page, headers };
  }),

  route('GET', '/repos/{owner}/{repo}/pulls/{index}/merge', (ctx) => {
    const pr = pullOr404(ctx);
    return { status: pr?.pull!.merged ? 204 : 404 };
  }),

  route('POST', '/repos/{owner}/{repo}/pulls/{index}/merge', (ctx) => {
    const { world } = ctx;
    const pr = pullOr404(ctx);
    const body = (ctx.body ?? {}) as Record<string, unknown>;
    // The merge form accepts `do` and `Do` on every flavor.
    const style = body.do ?? body.Do ?? ctx.field('do');
    if (!pr || (pr.state === 'closed' && !pr.pull!.merged)) return apiError(ctx.root, 404, 'pull request does not exist or is closed');
    if (typeof style !== 'string' || !['merge', 'rebase', 'rebase-merge', 'squash', 'fast-forward-only', 'manually-merged'].includes(style)) {
      return apiError(ctx.root, 422, '[Do]: Required');
    }
    const pull = pr.pull!;
    if (world.repo.archived) return apiError(ctx.root, 423, 'repo is archived');
    if (pull.merged) return apiError(ctx.root, 405, 'The PR is already merged');
    if (/^(WIP:|\[WIP\])/i.test(pr.title)) return apiError(ctx.root, 405, 'Work in progress PRs cannot be merged');
    // Gitea's ErrIsChecking is not mapped: a 500 with an empty message for non-admins.
    if (pull.checking) return apiError(ctx.root, 500, ctx.viewer.isAdmin ? 'cannot merge while conflict checking is in progress' : '');
    if (!pullMergeable(pr)) return apiError(ctx.root, 405, 'Please try again later');
    const rule = world.protectionFor(pull.baseBranch);
    if (rule?.enableStatusCheck) {
      const { statuses } = world.combinedStatus(pull.headSha);
      const ok = rule.statusCheckContexts.every((c) => statuses.some((s) => s.context === c && (s.state === 'success' || s.state === 'skipped')));
      if (!ok && !(body.force_merge === true && ctx.viewer.isAdmin)) return apiError(ctx.root, 405, 'Not all required status checks successful');
    }
    const expected = body.head_commit_id ?? ctx.field('head_commit_id');
    if (typeof expected === 'string' && expected && expected !== pull.headSha) return apiError(ctx.root, 409, 'head out of date');
    const title =
      typeof body.merge_title_field === 'string' && body.merge_title_field
        ? body.merge_title_field
        : `Merge pull request '${pr.title}' (#${pr.number}) from ${pull.headBranch} into ${pull.baseBranch}`;
    const message = typeof body.merge_message_field === 'string' && body.merge_message_field ? `${title}\n\n${body.merge_message_field}` : title;
    world.merge(pr, ctx.viewer.login, message, body.delete_branch_after_merge === true);
    return { status: 200 };
  }),

  route('GET', '/repos/{owner}/{repo}/commits/{ref}/status', (ctx) => {
    const { world } = ctx;
    const ref = ctx.params.ref!;
    const commit = world.git.resolve(ref);
    if (!commit && !/^[0-9a-f]{40}$/.test(ref)) return apiError(ctx.root, 404, `ref does not exist [name: ${ref}]`);
    const sha = commit?.sha ?? ref;
    const { state, statuses } = world.combinedStatus(sha);
    return {
      status: 200,
      json: {
        state,
        sha,
        total_count: statuses.length,
        statuses: statuses.map((s) => renderStatus(ctx.root, world, s)),
        repository: renderRepository(ctx.root, world),
        commit_url: `${ctx.root}api/v1${repoPath(ctx)}/commits/${sha}`,
        url: `${ctx.root}api/v1${repoPath(ctx)}/commits/${sha}/status`,
      },
    };
  }),
];
