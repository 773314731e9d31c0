import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FaultPlan } from './faults.js';
import { serveIntrospection } from './introspect.js';
import { apiError, match, type Reply, type Route, type RouteContext } from './router.js';
import { issueRoutes } from './routes-issues.js';
import { pullRoutes } from './routes-pulls.js';
import { repoRoutes } from './routes-repo.js';
import { GiteaWorld } from './world.js';

export const ROUTES: Route[] = [...repoRoutes, ...issueRoutes, ...pullRoutes];

/** One request and its answer, kept for tests that check both against the swagger spec. */
export interface RecordedExchange {
  method: string;
  /** Swagger path template, or null when no route matched. */
  template: string | null;
  path: string;
  query: Record<string, string | string[]>;
  requestBody: unknown;
  status: number;
  responseBody: unknown;
  headers: Record<string, string>;
  viewer: string | null;
}

export interface RequestInfo {
  method: string;
  path: string;
  template: string;
  body: unknown;
  viewer: string;
}

/** Runs before a matched request is handled: lets a test land a human save at an exact point. */
export type RequestHook = (info: RequestInfo, world: GiteaWorld) => void | Promise<void>;

export interface GiteaSimOptions {
  world?: GiteaWorld;
  /** Keep every exchange in `recorded` (tests); off by default so the demo does not grow. */
  record?: boolean;
  /** ROOT_URL used in links and Link headers; defaults to the listening address. */
  rootUrl?: string;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function caseInsensitiveField(body: unknown, name: string): unknown {
  if (!body || typeof body !== 'object') return undefined;
  const obj = body as Record<string, unknown>;
  if (name in obj) return obj[name];
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : obj[key];
}

/**
 * The simulated Gitea: a node:http server on 127.0.0.1 (port 0 unless given) that serves the
 * endpoints the console uses, as Gitea 1.26 (or 1.25 / Forgejo) answers them.
 */
export class GiteaSim {
  readonly world: GiteaWorld;
  readonly faults = new FaultPlan();
  readonly recorded: RecordedExchange[] = [];
  record: boolean;
  private server: Server | null = null;
  private hooks = new Set<RequestHook>();
  private rootUrl: string | undefined;
  /** `http://127.0.0.1:PORT` once started. */
  url = '';

  constructor(options: GiteaSimOptions = {}) {
    this.world = options.world ?? new GiteaWorld();
    this.record = options.record ?? false;
    this.rootUrl = options.rootUrl;
  }

  get root(): string {
    return this.rootUrl ?? `${this.url}/`;
  }

  onRequest(hook: RequestHook): () => void {
    this.hooks.add(hook);
    return () => this.hooks.delete(hook);
  }

  async start(port = 0): Promise<string> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) {
          res.writeHead(500, { 'content-type': 'application/json;charset=utf-8' });
          res.end(JSON.stringify({ message: '', url: `${this.root}api/swagger` }));
        } else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve());
    });
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this.url;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (serveIntrospection(this.world, req, res)) return;
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://sim');
    const raw = await readBody(req);
    const apiPath = url.pathname.startsWith('/api/v1/') ? url.pathname.slice('/api/v1'.length) : null;
    const record: RecordedExchange = {
      method,
      template: null,
      path: apiPath ?? url.pathname,
      query: Object.fromEntries(
        [...new Set(url.searchParams.keys())].map((k) => {
          const all = url.searchParams.getAll(k);
          return [k, all.length > 1 ? all : all[0]!];
        }),
      ),
      requestBody: undefined,
      status: 0,
      responseBody: undefined,
      headers: {},
      viewer: null,
    };

    if (method !== 'GET' && method !== 'HEAD') this.world.counters.received++;
    const routed = apiPath ? match(ROUTES, method, apiPath) : null;
    if (routed && 'route' in routed) this.world.countRequest(`${method} ${routed.route.template}`);
    const faults = apiPath ? this.faults.take(method, apiPath, Math.random, raw) : [];
    for (const f of faults) if (f.kind === 'latency') await sleep(f.ms);
    if (faults.some((f) => f.kind === 'drop')) {
      req.socket.destroy();
      return;
    }
    const page = faults.find((f) => f.kind === 'html');
    if (page && page.kind === 'html') {
      res.writeHead(page.status, { 'content-type': 'text/html', 'content-length': String(Buffer.byteLength(page.html)) });
      res.end(page.html);
      return;
    }
    const injected = faults.find((f) => f.kind === 'status');
    const truncate = faults.some((f) => f.kind === 'truncate');

    let reply: Reply;
    if (injected && injected.kind === 'status') {
      reply = apiError(this.root, injected.status, injected.message ?? '');
    } else {
      reply = await this.dispatch(method, apiPath, url.searchParams, raw, req, record);
    }

    const text = reply.json === undefined ? '' : JSON.stringify(reply.json);
    const headers: Record<string, string> = { ...reply.headers };
    if (text) headers['content-type'] = 'application/json;charset=utf-8';
    headers['content-length'] = String(Buffer.byteLength(text));
    record.status = reply.status;
    record.responseBody = reply.json;
    record.headers = headers;
    if (this.record) this.recorded.push(record);
    this.world.events.emit('request', { method, path: record.path, status: reply.status });
    for (const f of faults) if (f.kind === 'stall-answer') await sleep(f.ms);
    if (res.destroyed) return;

    if (truncate && text) {
      // A proxy that cut the answer short: a well-formed HTTP response carrying half a JSON document.
      const half = text.slice(0, Math.floor(text.length / 2));
      res.writeHead(reply.status, { ...headers, 'content-length': String(Buffer.byteLength(half)) });
      res.end(half);
      return;
    }
    res.writeHead(reply.status, headers);
    res.end(text);
  }

  private async dispatch(
    method: string,
    apiPath: string | null,
    query: URLSearchParams,
    raw: string,
    req: IncomingMessage,
    record: RecordedExchange,
  ): Promise<Reply> {
    const root = this.root;
    const world = this.world;
    if (!apiPath) return { status: 404, json: { message: 'not found', url: `${root}api/swagger` } };
    const found = match(ROUTES, method, apiPath);
    if (!found) return apiError(root, 404, 'not found');
    if ('allowed' in found) return { status: 405, headers: { allow: found.allowed.join(', ') } };
    const { route, params } = found;
    record.template = route.template;

    const auth = /^(?:token|bearer)\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const login = auth ? world.tokens.get(auth[1]!) : undefined;
    if (!route.public) {
      if (!auth) return apiError(root, 401, 'token is required');
      if (!login) return apiError(root, 401, 'user does not exist');
    }
    const viewer = login ? world.user(login) : world.user([...world.users.keys()][0]!);
    record.viewer = login ?? null;

    if (params.owner !== undefined && (params.owner !== world.repo.owner || params.repo !== world.repo.name)) {
      return apiError(root, 404, 'GetRepositoryByName');
    }

    let body: unknown;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return apiError(root, 422, 'invalid JSON body');
      }
    }
    record.requestBody = body;

    for (const hook of this.hooks) await hook({ method, path: apiPath, template: route.template, body, viewer: viewer.login }, world);

    const ctx: RouteContext = {
      world,
      root,
      viewer,
      params,
      query,
      body,
      // Gitea 1.26 decodes with encoding/json v2 (exact keys); older Gitea and Forgejo ignore case.
      field: (name) =>
        world.flavor === 'gitea-1.26'
          ? body && typeof body === 'object'
            ? (body as Record<string, unknown>)[name]
            : undefined
          : caseInsensitiveField(body, name),
    };
    let reply: Reply;
    try {
      reply = route.handler(ctx);
    } catch {
      reply = apiError(root, 500, '');
    }
    if (route.write) world.countWrite(`${method} ${route.template}`, reply.status < 300);
    return reply;
  }
}
