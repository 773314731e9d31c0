import { renderIssue, renderLabel } from './render.js';
import { apiError, paginate, route, type Route, type RouteContext } from './router.js';
import { updatedWindow } from './since.js';
import type { SimIssue } from './world.js';

const repoPath = (ctx: RouteContext) => `/repos/${ctx.world.repo.owner}/${ctx.world.repo.name}`;

function issueOr404(ctx: RouteContext): SimIssue | null {
  const n = Number(ctx.params.index);
  return Number.isInteger(n) ? (ctx.world.issues.get(n) ?? null) : null;
}

export const issueRoutes: Route[] = [
  route('GET', '/repos/{owner}/{repo}/issues', (ctx) => {
    const { world } = ctx;
    // Gitea ≥ 1.12 and Forgejo: `since`/`before` filter on updated (seconds, inclusive); an old
    // server that predates them (world.listSince false) ignores both, as any unknown param.
    const window = world.listSince ? updatedWindow(ctx.query) : { ok: true as const, test: () => true };
    if (!window.ok) return apiError(ctx.root, 422, window.message);
    const state = ctx.query.get('state') ?? 'open';
    const type = ctx.query.get('type');
    let list = [...world.issues.values()].filter((i) => (state === 'all' || i.state === state) && window.test(i.updatedAt));
    if (type === 'issues') list = list.filter((i) => !i.pull);
    if (type === 'pulls') list = list.filter((i) => i.pull);
    // Gitea's quirk: names that match no repo label are dropped; if none is left, no filter at all.
    const names = (ctx.query.get('labels') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const ids = names.map((n) => world.labelByName(n)?.id).filter((id): id is number => id !== undefined);
    if (ids.length) list = list.filter((i) => ids.every((id) => i.labelIds.includes(id)));
    const createdBy = ctx.query.get('created_by');
    if (createdBy) list = list.filter((i) => i.poster === createdBy);
    const q = ctx.query.get('q');
    if (q) list = list.filter((i) => `${i.title}\n${i.body}`.toLowerCase().includes(q.toLowerCase()));
    list.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id - a.id);
    const { page, headers } = paginate(ctx, list, `${repoPath(ctx)}/issues`);
    return { status: 200, json: page.map((i) => renderIssue(ctx.root, world, i)), headers };
  }),

  route('GET', '/repos/{owner}/{repo}/issues/{index}', (ctx) => {
    const issue = issueOr404(ctx);
    if (!issue) return apiError(ctx.root, 404, 'issue does not exist');
    return { status: 200, json: renderIssue(ctx.root, ctx.world, issue) };
  }),

  route('PATCH', '/repos/{owner}/{repo}/issues/{index}', (ctx) => {
    const { world } = ctx;
    const issue = issueOr404(ctx);
    if (!issue) return apiError(ctx.root, 404, 'issue does not exist');
    const version = ctx.field('content_version');
    // Gitea ≥ 1.26 checks the version before changing anything; older servers ignore the key.
    if (world.hasContentVersion && typeof version === 'number' && version !== issue.contentVersion) {
      return apiError(ctx.root, 409, 'issue already changed');
    }
    const state = ctx.field('state');
    if (state !== undefined && state !== 'open' && state !== 'closed') return apiError(ctx.root, 412, `unknown state: ${String(state)}`);
    if (state !== undefined && state !== issue.state && issue.pull?.merged)
      return apiError(ctx.root, 412, 'cannot change state of this pull request, it was already merged');
    const title = ctx.field('title');
    if (typeof title === 'string' && title.trim() && title !== issue.title) {
      issue.title = title;
      issue.updatedAt = world.now();
      world.events.emit('issue-edited', { number: issue.number, by: ctx.viewer.login, contentVersion: issue.contentVersion, what: 'title' });
    }
    const body = ctx.field('body');
    if (typeof body === 'string') world.saveBody(issue.number, body, ctx.viewer.login, issue.contentVersion);
    if ((state === 'open' || state === 'closed') && state !== issue.state) {
      issue.state = state;
      issue.closedAt = state === 'closed' ? world.now() : null;
      issue.updatedAt = world.now();
      world.events.emit('issue-edited', { number: issue.number, by: ctx.viewer.login, contentVersion: issue.contentVersion, what: 'state' });
      if (state === 'closed' && issue.pull) world.events.emit('pr-closed', { number: issue.number });
    }
    return { status: 201, json: renderIssue(ctx.root, world, issue) };
  }),

  route('GET', '/repos/{owner}/{repo}/issues/{index}/labels', (ctx) => {
    const issue = issueOr404(ctx);
    if (!issue) return apiError(ctx.root, 404, 'issue does not exist');
    return { status: 200, json: renderIssue(ctx.root, ctx.world, issue).labels };
  }),

  route('POST', '/repos/{owner}/{repo}/issues/{index}/labels', (ctx) => {
    const { world } = ctx;
    const issue = issueOr404(ctx);
    if (!issue) return apiError(ctx.root, 404, 'issue does not exist');
    const given = ctx.field('labels');
    if (!Array.isArray(given)) return apiError(ctx.root, 422, 'labels: required');
    const allNumbers = given.every((v) => typeof v === 'number');
    const allStrings = given.every((v) => typeof v === 'string');
    if (!allNumbers && !allStrings) return apiError(ctx.root, 400, 'labels must be all IDs or all names');
    // Unknown names or IDs are silently ignored, and the answer is still 200.
    const ids = given
      .map((v) => (typeof v === 'number' ? world.labels.find((l) => l.id === v)?.id : world.labelByName(v as string)?.id))
      .filter((id): id is number => id !== undefined);
    const added = ids.filter((id) => !issue.labelIds.includes(id));
    issue.labelIds.push(...added);
    if (added.length) {
      issue.updatedAt = world.now();
      world.events.emit('issue-edited', { number: issue.number, by: ctx.viewer.login, contentVersion: issue.contentVersion, what: 'labels' });
    }
    return { status: 200, json: renderIssue(ctx.root, world, issue).labels };
  }),

  route('DELETE', '/repos/{owner}/{repo}/issues/{index}/labels/{id}', (ctx) => {
    const issue = issueOr404(ctx);
    if (!issue) return apiError(ctx.root, 404, 'issue does not exist');
    const id = Number(ctx.params.id);
    if (!ctx.world.labels.some((l) => l.id === id)) return apiError(ctx.root, 422, `label does not exist [id: ${ctx.params.id}]`);
    issue.labelIds = issue.labelIds.filter((l) => l !== id);
    issue.updatedAt = ctx.world.now();
    return { status: 204 };
  }),

  route('GET', '/repos/{owner}/{repo}/labels', (ctx) => {
    const { page, headers } = paginate(ctx, ctx.world.labels, `${repoPath(ctx)}/labels`);
    return { status: 200, json: page.map((l) => renderLabel(ctx.root, ctx.world, l)), headers };
  }),

  route('POST', '/repos/{owner}/{repo}/labels', (ctx) => {
    const name = ctx.field('name');
    const color = ctx.field('color');
    if (typeof name !== 'string' || !name.trim()) return apiError(ctx.root, 422, 'name: required');
    if (typeof color !== 'string' || !/^#?[0-9a-fA-F]{6}$/.test(color)) return apiError(ctx.root, 422, 'color: invalid color');
    const description = ctx.field('description');
    const label = ctx.world.addLabel(name, color, typeof description === 'string' ? description : '');
    return { status: 201, json: renderLabel(ctx.root, ctx.world, label) };
  }),
];
