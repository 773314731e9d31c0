import { rootCertificates } from 'node:tls';
import { Agent, request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import { redactSecrets } from '../../domain/redact.js';
import { logRequest, logServiceError } from '../log/debug-log.js';
import { GiteaError, type GiteaErrorKind } from './errors.js';
import { Reachability } from './reachability.js';

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
export type QueryValue = string | number | boolean | undefined | string[];

export interface HttpRequest {
  method: HttpMethod;
  /** Path under `/api/v1`, already URL-encoded per segment. */
  path: string;
  query?: Record<string, QueryValue>;
  body?: unknown;
  /** Human words for errors: `GET issue #42`. */
  operation: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

export interface HttpOptions {
  /** Instance URL, with or without a trailing `/api/v1`. */
  baseUrl: string;
  token: string;
  /** Whole-request deadline. */
  timeoutMs?: number;
  /** Extra attempts for idempotent reads (GET) after a transient failure. Writes are never retried here. */
  retries?: number;
  /** First backoff; doubles per attempt, with jitter. */
  backoffMs?: number;
  /** Receives one redacted line per request. */
  log?: (line: string) => void;
  dispatcher?: Dispatcher;
  /** How to trust the server when no dispatcher is given: skip verification, or extra CAs (PEM). */
  tls?: { insecure?: boolean; ca?: string };
}

export function normaliseBaseUrl(url: string): string {
  const trimmed = url.trim().replace(/\/+$/, '');
  return trimmed.replace(/\/api\/v1$/, '');
}

/** Per request: a slow Gitea costs the operator 10 s, not 45. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The transport under the Gitea client: auth header, deadline, typed errors, retries for reads. */
export class GiteaHttp {
  readonly baseUrl: string;
  private readonly token: string;
  readonly timeoutMs: number;
  private readonly retries: number;
  readonly backoffMs: number;
  private readonly log: (line: string) => void;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  /** Whether Gitea answers, from every request sent here. */
  readonly reachability = new Reachability();

  constructor(options: HttpOptions) {
    this.baseUrl = normaliseBaseUrl(options.baseUrl);
    this.token = options.token;
    this.timeoutMs = options.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    this.retries = options.retries ?? 2;
    this.backoffMs = options.backoffMs ?? 250;
    this.log = options.log ?? (() => {});
    this.ownsDispatcher = !options.dispatcher;
    const tls = options.tls;
    // Extra CAs are added to Node's own (as NODE_EXTRA_CA_CERTS does), not put in their place.
    const connect = tls?.insecure ? { rejectUnauthorized: false } : tls?.ca ? { ca: [...rootCertificates, tls.ca] } : undefined;
    this.dispatcher = options.dispatcher ?? new Agent({ connectTimeout: this.timeoutMs, keepAliveTimeout: 4_000, ...(connect ? { connect } : {}) });
  }

  url(path: string, query?: Record<string, QueryValue>): string {
    const url = new URL(`${this.baseUrl}/api/v1${path}`);
    for (const [key, value] of Object.entries(query ?? {})) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) url.searchParams.append(key, v);
      else url.searchParams.set(key, String(value));
    }
    return url.toString();
  }

  /** Sends once (writes) or with bounded retries (GET); throws GiteaError for any non-2xx. */
  send(req: HttpRequest): Promise<HttpResponse> {
    return this.withRetries(req, (res) => res);
  }

  /** `send` then validate the JSON with `schema`; a body that is not the expected shape is `bad-response`. */
  json<S extends z.ZodType>(req: HttpRequest, schema: S): Promise<{ data: z.output<S>; res: HttpResponse }> {
    return this.withRetries(req, (res) => ({ data: parseJson(req, res.text, schema), res }));
  }

  private async withRetries<T>(req: HttpRequest, read: (res: HttpResponse) => T): Promise<T> {
    const attempts = req.method === 'GET' ? this.retries + 1 : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.once(req);
        if (res.status < 200 || res.status >= 300) throw statusError(req, res);
        this.reachability.answered();
        return read(res);
      } catch (err) {
        const error = err instanceof GiteaError ? err : transportError(req, err);
        this.reachability.failed(error);
        if (!(err instanceof GiteaError)) logServiceError('gitea', `${req.method} ${req.path}`, error);
        // Only reads are retried: a write whose answer was lost may still have happened. A read that
        // timed out is not either: a server that slow would make every command wait a multiple.
        if (!error.transient || error.kind === 'timeout' || attempt >= attempts) throw error;
        const delay = this.backoffMs * 2 ** (attempt - 1);
        await sleep(delay / 2 + Math.random() * delay);
      }
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  private async once(req: HttpRequest): Promise<HttpResponse> {
    const started = Date.now();
    const url = this.url(req.path, req.query);
    const headers: Record<string, string> = {
      authorization: `token ${this.token}`,
      accept: 'application/json',
    };
    let body: string | undefined;
    if (req.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(req.body);
    }
    const res = await request(url, {
      method: req.method,
      headers,
      body,
      dispatcher: this.dispatcher,
      signal: AbortSignal.timeout(this.timeoutMs),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    });
    const text = await res.body.text();
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(res.headers)) {
      if (value !== undefined) flat[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    }
    this.log(redactSecrets(`${req.method} ${req.path} ${res.statusCode} ${Date.now() - started}ms`));
    logRequest('gitea', req.method, req.path, res.statusCode, Date.now() - started);
    return { status: res.statusCode, headers: flat, text };
  }
}

export function parseJson<S extends z.ZodType>(req: HttpRequest, text: string, schema: S): z.output<S> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new GiteaError('bad-response', `response is not complete JSON (${text.length} bytes)`, { operation: req.operation });
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join('.') : '(root)';
    throw new GiteaError('bad-response', `unexpected response shape at ${where}: ${issue?.message ?? 'invalid'}`, { operation: req.operation });
  }
  return parsed.data;
}

/** The server's own words, if it sent any: `{message}` or a short text excerpt. */
export function serverMessage(text: string): string {
  try {
    const body = JSON.parse(text) as { message?: unknown };
    if (body && typeof body.message === 'string') {
      // Gitea's 500s carry a blank message for anyone but a site admin: the status says it all
      // (the rest of that JSON is the swagger URL, not words for the operator).
      return body.message.trim();
    }
  } catch {
    // not JSON
  }
  // A proxy's HTML page (502 from nginx) or plain text: its first line that says something.
  const head = text.slice(0, 4096);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(head)?.[1]?.trim();
  if (title) return title.slice(0, 160);
  const first = head
    .replace(/<[^>]*>/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return (first ?? '').slice(0, 160);
}

const kindByStatus: Record<number, GiteaErrorKind> = {
  400: 'validation',
  401: 'auth',
  403: 'forbidden',
  404: 'not-found',
  405: 'not-mergeable',
  409: 'conflict',
  412: 'precondition',
  422: 'validation',
  423: 'archived',
};

export function statusError(req: HttpRequest, res: HttpResponse): GiteaError {
  const kind = kindByStatus[res.status] ?? (res.status >= 500 ? 'server' : 'bad-response');
  const said = serverMessage(res.text);
  const words = said ? `${res.status} ${said}` : `${res.status}`;
  return new GiteaError(kind, kind === 'auth' ? `${words} (check the token)` : words, { status: res.status, operation: req.operation });
}

/** OpenSSL's words for "I do not trust this certificate" (Node passes them through as err.code). */
const TLS_TRUST_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'CERT_UNTRUSTED',
]);

function transportError(req: HttpRequest, err: unknown): GiteaError {
  const e = err as { name?: string; code?: string; message?: string };
  const timeout =
    e?.name === 'TimeoutError' ||
    e?.name === 'AbortError' ||
    e?.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e?.code === 'UND_ERR_BODY_TIMEOUT' ||
    e?.code === 'UND_ERR_CONNECT_TIMEOUT';
  if (timeout) return new GiteaError('timeout', 'no answer in time', { operation: req.operation });
  const tlsCode = [e?.code, (e as { cause?: { code?: string } })?.cause?.code].find((c) => c && TLS_TRUST_CODES.has(c));
  if (tlsCode)
    return new GiteaError('network', `${tlsCode}: the server's certificate is not trusted; set gitea.caFile to its CA (PEM), or NODE_EXTRA_CA_CERTS`, {
      operation: req.operation,
    });
  const code = e?.code ? `${e.code}: ` : '';
  return new GiteaError('network', `${code}${e?.message ?? String(err)}`, { operation: req.operation });
}
