import { blobSha } from './git.js';
import { renderBranch, renderCommit, renderContents, renderDirEntry, renderProtection, renderRepository, renderUser } from './render.js';
import { apiError, paginate, route, type Route, type RouteContext } from './router.js';
import { FLAVOR_VERSION } from './world.js';

const repoPath = (ctx: RouteContext) => `/repos/${ctx.world.repo.owner}/${ctx.world.repo.name}`;

function listing(ctx: RouteContext, dir: string) {
  const ref = ctx.query.get('ref') || ctx.world.repo.defaultBranch;
  const commit = ctx.world.git.resolve(ref);
  if (!commit) return apiError(ctx.root, 404, `object does not exist [id: ${ref}, rel_path: ${dir}]`);
  const prefix = dir ? `${dir}/` : '';
  const entries = new Map<string, 'file' | 'dir'>();
  for (const p of commit.tree.keys()) {
    if (!p.startsWith(prefix)) continue;
    const rest = p.slice(prefix.length).split('/');
    entries.set(prefix + rest[0]!, rest.length > 1 ? 'dir' : 'file');
  }
  if (dir && entries.size === 0) return apiError(ctx.root, 404, `object does not exist [id: ${ref}, rel_path: ${dir}]`);
  return {
    status: 200,
    json: [...entries.entries()]
      .sort()
      .map(([p, t]) => (t === 'file' ? renderContents(ctx.root, ctx.world, commit, p) : renderDirEntry(ctx.root, ctx.world, commit, p))),
  };
}

interface FileOp {
  operation: string;
  path: string;
  content?: string;
  sha?: string;
}

export const repoRoutes: Route[] = [
  route('GET', '/version', (ctx) => ({ status: 200, json: { version: FLAVOR_VERSION[ctx.world.flavor] } }), { public: true }),

  route('GET', '/user', (ctx) => ({ status: 200, json: renderUser(ctx.root, ctx.viewer) })),

  route('GET', '/repos/{owner}/{repo}', (ctx) => ({ status: 200, json: renderRepository(ctx.root, ctx.world) })),

  route('GET', '/repos/{owner}/{repo}/contents', (ctx) => listing(ctx, '')),

  route('GET', '/repos/{owner}/{repo}/contents/{filepath}', (ctx) => {
    const path = ctx.params.filepath!.replace(/\/+$/, '');
    const ref = ctx.query.get('ref') || ctx.world.repo.defaultBranch;
    const commit = ctx.world.git.resolve(ref);
    if (!commit) return apiError(ctx.root, 404, `object does not exist [id: ${ref}, rel_path: ${path}]`);
    if (commit.tree.has(path)) return { status: 200, json: renderContents(ctx.root, ctx.world, commit, path) };
    return listing(ctx, path);
  }),

  route('POST', '/repos/{owner}/{repo}/contents', (ctx) => {
    const { world } = ctx;
    const files = ctx.field('files');
    if (!Array.isArray(files) || files.length === 0) return apiError(ctx.root, 422, 'files: required');
    const branch = (ctx.field('branch') as string | undefined) || world.repo.defaultBranch;
    const newBranch = ctx.field('new_branch') as string | undefined;
    const from = world.git.resolve(branch);
    if (!from || !world.git.branches.has(branch)) return apiError(ctx.root, 404, `branch does not exist [name: ${branch}]`);
    if (newBranch && world.git.branches.has(newBranch)) return apiError(ctx.root, 422, `branch already exists [name: ${newBranch}]`);
    const target = newBranch || branch;
    const rule = world.protectionFor(target);
    if (rule && !rule.enablePush) return apiError(ctx.root, 403, `branch ${target} is protected from changes`);
    const changes: Record<string, string | null> = {};
    for (const raw of files as FileOp[]) {
      const current = from.tree.get(raw.path);
      const content = raw.content !== undefined ? Buffer.from(raw.content, 'base64').toString('utf8') : '';
      switch (raw.operation) {
        case 'create':
          if (current !== undefined) return apiError(ctx.root, 422, `repository file already exists [path: ${raw.path}]`);
          changes[raw.path] = content;
          break;
        case 'update':
        case 'delete':
          if (current === undefined) return apiError(ctx.root, 404, `repository file does not exist [path: ${raw.path}]`);
          if (!raw.sha) return apiError(ctx.root, 422, `sha: required for ${raw.operation} [path: ${raw.path}]`);
          if (raw.sha !== blobSha(current)) return apiError(ctx.root, 422, `sha does not match [given: ${raw.sha}, expected: ${blobSha(current)}]`);
          changes[raw.path] = raw.operation === 'delete' ? null : content;
          break;
        case 'upload':
          changes[raw.path] = content;
          break;
        default:
          return apiError(ctx.root, 422, `operation: unsupported '${raw.operation}'`);
      }
    }
    const message = (ctx.field('message') as string | undefined) || `Update ${Object.keys(changes).join(', ')}`;
    const commit = world.git.commit({ parents: [from.sha], changes, message, author: ctx.viewer.login, date: world.now() });
    world.git.branches.set(target, commit.sha);
    world.events.emit('branch-changed', { branch: target, sha: commit.sha, files: commit.changed.map((f) => f.filename), cause: 'commit' });
    const rendered = renderCommit(ctx.root, world, commit, { files: false });
    return {
      status: 201,
      json: {
        files: Object.entries(changes).map(([p, c]) => (c === null ? null : renderContents(ctx.root, world, commit, p))),
        commit: {
          url: rendered.url,
          html_url: rendered.html_url,
          sha: commit.sha,
          created: commit.date,
          author: (rendered.commit as Record<string, unknown>).author,
          committer: (rendered.commit as Record<string, unknown>).committer,
          parents: rendered.parents,
          message: commit.message,
          tree: (rendered.commit as Record<string, unknown>).tree,
        },
        verification: { verified: false, reason: 'gpg.error.not_signed_commit', signature: '', signer: null, payload: '' },
      },
    };
  }),

  route('GET', '/repos/{owner}/{repo}/git/commits/{sha}', (ctx) => {
    const sha = ctx.params.sha!;
    if (!/^[0-9a-f]{4,40}$/.test(sha)) return apiError(ctx.root, 422, `invalid sha: ${sha}`);
    const commit = ctx.world.git.resolve(sha);
    if (!commit) return apiError(ctx.root, 404, `object does not exist [id: ${sha}]`);
    return { status: 200, json: renderCommit(ctx.root, ctx.world, commit, { files: ctx.query.get('files') !== 'false' }) };
  }),

  route('GET', '/repos/{owner}/{repo}/branches', (ctx) => {
    const names = [...ctx.world.git.branches.keys()].sort();
    const { page, headers } = paginate(ctx, names, `${repoPath(ctx)}/branches`);
    return { status: 200, json: page.map((n) => renderBranch(ctx.root, ctx.world, n, ctx.viewer.login)), headers };
  }),

  route('POST', '/repos/{owner}/{repo}/branches', (ctx) => {
    const { world } = ctx;
    const name = ctx.field('new_branch_name');
    const from = (ctx.field('old_ref_name') as string | undefined) || (ctx.field('old_branch_name') as string | undefined) || world.repo.defaultBranch;
    if (typeof name !== 'string' || !name) return apiError(ctx.root, 422, 'new_branch_name: required');
    if (world.git.branches.has(name)) return apiError(ctx.root, 409, `The branch already exists.`);
    const commit = world.git.resolve(from);
    if (!commit) return apiError(ctx.root, 404, `The old branch does not exist`);
    world.git.branches.set(name, commit.sha);
    return { status: 201, json: renderBranch(ctx.root, world, name, ctx.viewer.login) };
  }),

  route('GET', '/repos/{owner}/{repo}/branches/{branch}', (ctx) => {
    const name = ctx.params.branch!;
    if (!ctx.world.git.branches.has(name)) return apiError(ctx.root, 404, `branch does not exist [name: ${name}]`);
    return { status: 200, json: renderBranch(ctx.root, ctx.world, name, ctx.viewer.login) };
  }),

  route('GET', '/repos/{owner}/{repo}/branch_protections', (ctx) => ({ status: 200, json: ctx.world.protections.map(renderProtection) })),
];
