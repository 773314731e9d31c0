import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError, notFound } from '../errors.js';
import type { SimBackend } from './backend.js';
import { sendError } from './respond.js';

/** Where a Service's port forwards to: the simulator's stand-in for the Service's endpoints. */
export type ServiceUpstreams = Map<string, string>;

const key = (namespace: string, name: string, port: string) => `${namespace}/${name}:${port}`;

const PROXY = /^\/api\/v1\/namespaces\/([^/]+)\/services\/([^/]+)\/proxy(\/.*)?$/;

export function isServiceProxyPath(pathname: string): boolean {
  return PROXY.test(pathname);
}

interface ServicePort {
  name?: string;
  port?: number;
}

/** `[scheme:]name[:port]` as the API server reads the proxy segment. */
function parseTarget(segment: string): { name: string; port: string | null } {
  const parts = decodeURIComponent(segment).split(':');
  if (parts.length === 3) return { name: parts[1]!, port: parts[2]! };
  if (parts.length === 2) return parts[0] === 'http' || parts[0] === 'https' ? { name: parts[1]!, port: null } : { name: parts[0]!, port: parts[1]! };
  return { name: parts[0]!, port: null };
}

/**
 * `/api/v1/namespaces/NS/services/NAME:PORT/proxy/...` as the API server serves it: 404 when the
 * Service does not exist or has no such port, 503 when it has no endpoints (no upstream
 * registered), otherwise the request is forwarded with its method, query, body and answer intact.
 */
export async function serveServiceProxy(b: SimBackend, upstreams: ServiceUpstreams, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  try {
    const m = PROXY.exec(url.pathname)!;
    const namespace = decodeURIComponent(m[1]!);
    const { name, port } = parseTarget(m[2]!);
    const t = b.registry.find('v1', 'services');
    const svc = t ? b.store.get(t, namespace, name) : undefined;
    if (!svc) throw notFound('services', '', name);
    const ports = ((svc as { spec?: { ports?: ServicePort[] } }).spec?.ports ?? []) as ServicePort[];
    const matched = port === null ? ports[0] : ports.find((p) => p.name === port || String(p.port) === port);
    if (!matched) throw new ApiError(404, 'NotFound', `no service port "${port ?? ''}" found for service "${name}"`);
    const upstream =
      upstreams.get(key(namespace, name, String(matched.port))) ?? (matched.name ? upstreams.get(key(namespace, name, matched.name)) : undefined);
    if (!upstream) throw new ApiError(503, 'ServiceUnavailable', `no endpoints available for service "${name}"`);
    const target = new URL((m[3] ?? '/') + url.search, upstream);
    await new Promise<void>((resolve) => {
      const headers = { ...req.headers, host: target.host };
      delete headers.authorization;
      const out = http.request(target, { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
        up.on('end', resolve);
        up.on('error', () => {
          res.destroy();
          resolve();
        });
      });
      out.on('error', (err) => {
        sendError(res, new ApiError(503, 'ServiceUnavailable', `error trying to reach service: ${err.message}`));
        resolve();
      });
      req.pipe(out);
    });
  } catch (err) {
    sendError(res, err);
  }
}

export function upstreamKey(namespace: string, name: string, port: string | number): string {
  return key(namespace, name, String(port));
}
