import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimBackend } from './backend.js';
import type { WriteRecord } from './faults.js';

/**
 * Test-only introspection, outside the Kubernetes API paths: `GET /_sim/stats` answers the request
 * counters, so an end-to-end test can assert that a read-only console sent no write while the
 * console runs the simulator in its own process. Not counted itself; reads only, no token,
 * loopback clients only (the simulator may listen on another address).
 */
export const INTROSPECTION_PREFIX = '/_sim/';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
const WRITE_LOG_SHOWN = 100;

export interface KubeSimStats {
  requests: number;
  writes: number;
  watches: number;
  execs: number;
  byVerb: Record<string, number>;
  /** The newest writes (method, path, time). */
  writeLog: WriteRecord[];
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Answers a `/_sim/` request and returns true; anything else is left to the API server (false). */
export function serveIntrospection(b: SimBackend, req: IncomingMessage, res: ServerResponse): boolean {
  const path = new URL(req.url ?? '/', 'http://sim').pathname;
  if (!path.startsWith(INTROSPECTION_PREFIX)) return false;
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) send(res, 403, { message: 'simulator introspection answers loopback clients only' });
  else if (req.method !== 'GET' && req.method !== 'HEAD') send(res, 405, { message: 'simulator introspection is read-only' }, { allow: 'GET, HEAD' });
  else if (path !== `${INTROSPECTION_PREFIX}stats`) send(res, 404, { message: 'not found' });
  else {
    const c = b.counters;
    const stats: KubeSimStats = {
      requests: c.requests,
      writes: c.writes,
      watches: c.watches,
      execs: c.execs,
      byVerb: { ...c.byVerb },
      writeLog: c.writeLog.slice(-WRITE_LOG_SHOWN),
    };
    send(res, 200, stats);
  }
  return true;
}
