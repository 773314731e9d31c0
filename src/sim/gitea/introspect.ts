import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveSimStats } from '../introspection.js';
import type { GiteaWorld } from './world.js';

export { INTROSPECTION_PREFIX } from '../introspection.js';

export interface GiteaSimStats {
  writes: { received: number; attempted: number; applied: number; byOperation: Record<string, number> };
  /** Every request that arrived, reads too, by `METHOD /swagger/template`. */
  requests: Record<string, number>;
}

/** `GET /_sim/stats`: the Gitea simulator's write counters (see src/sim/introspection.ts). */
export function serveIntrospection(world: GiteaWorld, req: IncomingMessage, res: ServerResponse): boolean {
  return serveSimStats(req, res, (): GiteaSimStats => {
    const c = world.counters;
    return {
      writes: { received: c.received, attempted: c.attempted, applied: c.applied, byOperation: { ...c.byOperation } },
      requests: { ...world.requests },
    };
  });
}
