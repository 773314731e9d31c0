import { registerAuthorization } from '../../domain/redact.js';
import type { KubeTarget } from './kubeconfig.js';
import { KubeApiError, KubeUnreachableError, describeError } from './errors.js';
import { ListSplitter } from './list-stream.js';
import { loadClientNode } from './load-client.js';
import { logRequest, logServiceError } from '../log/debug-log.js';

export type Query = Record<string, string | number | boolean | undefined>;

interface Dispatcherish {
  request(opts: {
    origin: string;
    path: string;
    method: string;
    headers: Record<string, string>;
    body?: string;
    signal?: AbortSignal;
  }): Promise<{ statusCode: number; body: AsyncIterable<Uint8Array> & { text(): Promise<string> } }>;
}

/** What a list says besides its items. */
export interface ListMeta {
  metadata?: { resourceVersion?: string; continue?: string };
}

interface Response {
  status: number;
  body: AsyncIterable<Uint8Array>;
  text(): Promise<string>;
}

export interface RawResponse {
  status: number;
  text: string;
}

/**
 * Plain JSON requests authenticated by the client library's KubeConfig (tokens, client certs, exec
 * plugins, proxies) but without its model (de)serialisation, which costs seconds on 10 000 pods.
 * Reads are public; writes go through `send`, which only the writer (writer.ts) calls.
 */
export class KubeHttp {
  constructor(
    readonly target: KubeTarget,
    private readonly timeoutMs = 30_000,
  ) {}

  get server(): string {
    return this.target.server;
  }

  async get<T = unknown>(path: string, query: Query = {}): Promise<T> {
    const res = await this.raw('GET', path, query);
    return JSON.parse(res.text) as T;
  }

  /**
   * A list, item by item: each item is parsed and handed to `onItem` as its bytes arrive (see
   * list-stream.ts), so a 2,000-pod page never exists whole in memory. Returns the rest of the list.
   */
  async list(path: string, query: Query, onItem: (item: unknown) => void): Promise<ListMeta> {
    const url = this.url(path, query);
    const res = await this.request('GET', url);
    if (res.status >= 400) throw apiError('GET', path, res.status, await res.text());
    const splitter = new ListSplitter(onItem);
    const chunks = res.body[Symbol.asyncIterator]();
    try {
      for (;;) {
        let next: IteratorResult<Uint8Array>;
        try {
          next = await chunks.next();
        } catch (err) {
          throw new KubeUnreachableError(`cannot reach the Kubernetes API at ${url.origin}: ${describeError(err)}`);
        }
        if (next.done) break;
        // Malformed JSON and projection errors propagate as they are.
        splitter.push(next.value);
      }
    } finally {
      await chunks.return?.();
    }
    return splitter.end();
  }

  async getText(path: string, query: Query = {}): Promise<string> {
    return (await this.raw('GET', path, query)).text;
  }

  /**
   * A SelfSubjectAccessReview (what `kubectl auth can-i` asks): may this user do `attrs`? A POST,
   * but it creates nothing and changes nothing, so it is a read here (allowed in read-only mode).
   */
  async canI(attrs: { verb: string; group: string; resource: string; subresource?: string; namespace?: string }): Promise<boolean> {
    const body = JSON.stringify({ apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: attrs } });
    const res = await this.raw('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {}, body, 'application/json');
    const allowed = (JSON.parse(res.text) as { status?: { allowed?: unknown } }).status?.allowed;
    if (typeof allowed !== 'boolean') throw new Error('the SelfSubjectAccessReview came back without status.allowed');
    return allowed;
  }

  /** For writer.ts only: every PATCH/POST/DELETE passes the read-only and dry-run guard there. */
  async send(method: 'PATCH' | 'POST' | 'PUT' | 'DELETE', path: string, body: unknown, contentType: string): Promise<unknown> {
    const res = await this.raw(method, path, {}, body === undefined ? undefined : JSON.stringify(body), contentType);
    return res.text ? JSON.parse(res.text) : null;
  }

  url(path: string, query: Query = {}): URL {
    const url = new URL(this.target.server.replace(/\/+$/, '') + path);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  private async raw(method: string, path: string, query: Query, body?: string, contentType?: string): Promise<RawResponse> {
    const url = this.url(path, query);
    const res = await this.request(method, url, body, contentType);
    let text: string;
    try {
      text = await res.text();
    } catch (err) {
      throw new KubeUnreachableError(`cannot reach the Kubernetes API at ${url.origin}: ${describeError(err)}`);
    }
    if (res.status >= 400) throw apiError(method, path, res.status, text);
    return { status: res.status, text };
  }

  private async request(method: string, url: URL, body?: string, contentType?: string): Promise<Response> {
    const { RequestContext, HttpMethod } = await loadClientNode();
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    await this.target.kc.applySecurityAuthentication(ctx);
    const headers: Record<string, string> = { ...ctx.getHeaders(), accept: 'application/json' };
    // Exec plugins and OIDC hand out tokens at run time that no file holds: mask them too.
    registerAuthorization(headers.Authorization ?? headers.authorization);
    if (contentType) headers['content-type'] = contentType;
    const dispatcher = ctx.getDispatcher() as unknown as Dispatcherish | undefined;
    const signal = AbortSignal.timeout(this.timeoutMs);
    const started = Date.now();
    try {
      if (dispatcher) {
        const res = await dispatcher.request({ origin: url.origin, path: url.pathname + url.search, method, headers, body, signal });
        logRequest('kube', method, url.pathname, res.statusCode, Date.now() - started);
        return { status: res.statusCode, body: res.body, text: () => res.body.text() };
      }
      const res = await fetch(url, { method, headers, body, signal });
      logRequest('kube', method, url.pathname, res.status, Date.now() - started);
      const stream = res.body ?? (async function* () {})();
      return { status: res.status, body: stream as AsyncIterable<Uint8Array>, text: () => res.text() };
    } catch (err) {
      const error = new KubeUnreachableError(`cannot reach the Kubernetes API at ${url.origin}: ${describeError(err)}`);
      logServiceError('kube', `${method} ${url.pathname}`, error);
      throw error;
    }
  }
}

function apiError(method: string, path: string, status: number, text: string): KubeApiError {
  let message = text.slice(0, 200);
  let reason: string | null = null;
  try {
    const s = JSON.parse(text) as { message?: string; reason?: string };
    message = s.message ?? message;
    reason = s.reason ?? null;
  } catch {
    // not a Status body
  }
  return new KubeApiError(`${method} ${path}: ${status}${reason ? ` ${reason}` : ''}: ${message}`, status, reason);
}
