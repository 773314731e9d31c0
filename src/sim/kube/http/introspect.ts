import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveSimStats } from '../../introspection.js';
import type { SimBackend } from './backend.js';
import type { WriteRecord } from './faults.js';

export { INTROSPECTION_PREFIX } from '../../introspection.js';

const WRITE_LOG_SHOWN = 100;

export interface KubeSimStats {
  requests: number;
  writes: number;
  watches: number;
  execs: number;
  byVerb: Record<string, number>;
  /** Requests by "verb path" (at most 2,000 distinct; the rest under "(other routes)"). */
  byRoute: Record<string, number>;
  /** The newest writes (method, path, time). */
  writeLog: WriteRecord[];
}

/** `GET /_sim/stats`: the API server's request counters, not counting itself (see src/sim/introspection.ts). */
export function serveIntrospection(b: SimBackend, req: IncomingMessage, res: ServerResponse): boolean {
  return serveSimStats(req, res, (): KubeSimStats => {
    const c = b.counters;
    return {
      requests: c.requests,
      writes: c.writes,
      watches: c.watches,
      execs: c.execs,
      byVerb: { ...c.byVerb },
      byRoute: { ...c.byRoute },
      writeLog: c.writeLog.slice(-WRITE_LOG_SHOWN),
    };
  });
}
