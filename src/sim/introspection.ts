import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * Test-only introspection shared by the simulators, outside their API paths: `GET /_sim/stats`
 * answers counters, so an end-to-end test can assert that a read-only console sent no write while
 * the console runs the simulators in its own process. Reads only, no token, loopback clients only
 * (a simulator may listen on another address).
 */
export const INTROSPECTION_PREFIX = '/_sim/';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Answers a `/_sim/` request with `stats()` and returns true; anything else is left to the API (false). */
export function serveSimStats(req: IncomingMessage, res: ServerResponse, stats: () => unknown): boolean {
  const path = new URL(req.url ?? '/', 'http://sim').pathname;
  if (!path.startsWith(INTROSPECTION_PREFIX)) return false;
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) send(res, 403, { message: 'simulator introspection answers loopback clients only' });
  else if (req.method !== 'GET' && req.method !== 'HEAD') send(res, 405, { message: 'simulator introspection is read-only' }, { allow: 'GET, HEAD' });
  else if (path !== `${INTROSPECTION_PREFIX}stats`) send(res, 404, { message: 'not found' });
  else send(res, 200, stats());
  return true;
}
