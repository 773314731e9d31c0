import type { GiteaWorld, SimUser } from './world.js';

export interface RouteContext {
  world: GiteaWorld;
  /** The instance root URL with a trailing slash (Gitea's ROOT_URL). */
  root: string;
  viewer: SimUser;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  /** Reads a JSON body field the way this flavor does (Gitea 1.26: exact keys; older: any case). */
  field(name: string): unknown;
}

export interface Reply {
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: RouteContext) => Reply;

export interface Route {
  method: string;
  /** The swagger path template, e.g. `/repos/{owner}/{repo}/issues/{index}`. */
  template: string;
  /** Writes are counted; reads are not. */
  write: boolean;
  /** Served without a token (like Gitea's /version). */
  public?: boolean;
  handler: Handler;
  regex: RegExp;
  names: string[];
}

/** Path parameters that may contain slashes. */
const GREEDY = new Set(['filepath', 'branch']);

export function route(method: string, template: string, handler: Handler, options: { public?: boolean } = {}): Route {
  const names: string[] = [];
  const pattern = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, (_m, name: string) => {
    names.push(name);
    return GREEDY.has(name) ? '(.+)' : '([^/]+)';
  });
  return { method, template, write: method !== 'GET', public: options.public, handler, regex: new RegExp(`^${pattern}$`), names };
}

export function match(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
  const allowed: string[] = [];
  for (const r of routes) {
    const m = r.regex.exec(path);
    if (!m) continue;
    if (r.method !== method) {
      allowed.push(r.method);
      continue;
    }
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => {
      params[n] = decodeURIComponent(m[i + 1]!);
    });
    return { route: r, params };
  }
  return allowed.length ? { allowed } : null;
}

export const apiError = (root: string, status: number, message: string): Reply => ({
  status,
  json: { message, url: `${root}api/swagger` },
});

/** Gitea's page/limit rules: page < 1 → 1; limit ≤ 0 → 30; limit > 50 → 50. Adds X-Total-Count and Link. */
export function paginate<T>(ctx: RouteContext, items: T[], path: string): { page: T[]; headers: Record<string, string> } {
  const page = Math.max(1, Number.parseInt(ctx.query.get('page') ?? '1', 10) || 1);
  const asked = Number.parseInt(ctx.query.get('limit') ?? '0', 10) || 0;
  const limit = asked <= 0 ? 30 : Math.min(asked, 50);
  const last = Math.max(1, Math.ceil(items.length / limit));
  const link = (p: number, rel: string) => {
    const q = new URLSearchParams(ctx.query);
    q.set('page', String(p));
    q.set('limit', String(limit));
    return `<${ctx.root}api/v1${path}?${q.toString()}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
  if (page > 1) links.push(link(1, 'first'), link(page - 1, 'prev'));
  const headers: Record<string, string> = {
    'x-total-count': String(items.length),
    'access-control-expose-headers': 'X-Total-Count, Link',
  };
  if (links.length) headers.link = links.join(',');
  return { page: items.slice((page - 1) * limit, page * limit), headers };
}
