import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GiteaWorld } from './world.js';

/**
 * Test-only introspection, outside the Gitea API (`/api/v1/…`): `GET /_sim/stats` answers the
 * write counters, so an end-to-end test can assert that a read-only console sent nothing while
 * the console runs the simulator in its own process. Reads only, no token, loopback clients only.
 */
export const INTROSPECTION_PREFIX = '/_sim/';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

export interface GiteaSimStats {
  writes: { received: number; attempted: number; applied: number; byOperation: Record<string, number> };
}

function send(res: ServerResponse, status: number, json: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(json);
  res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', 'content-length': String(Buffer.byteLength(text)), ...headers });
  res.end(text);
}

/** Answers a `/_sim/` request and returns true; anything else is left to the API (false). */
export function serveIntrospection(world: GiteaWorld, req: IncomingMessage, res: ServerResponse): boolean {
  const path = new URL(req.url ?? '/', 'http://sim').pathname;
  if (!path.startsWith(INTROSPECTION_PREFIX)) return false;
  if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) send(res, 403, { message: 'simulator introspection answers loopback clients only' });
  else if (req.method !== 'GET' && req.method !== 'HEAD') send(res, 405, { message: 'simulator introspection is read-only' }, { allow: 'GET, HEAD' });
  else if (path !== `${INTROSPECTION_PREFIX}stats`) send(res, 404, { message: 'not found' });
  else {
    const c = world.counters;
    const stats: GiteaSimStats = { writes: { received: c.received, attempted: c.attempted, applied: c.applied, byOperation: { ...c.byOperation } } };
    send(res, 200, stats);
  }
  return true;
}
