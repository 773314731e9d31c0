import type { KubeHttp } from '../http.js';
import type { KubeWriter } from '../writer.js';

/** What every action needs: reads through http, writes only through the writer. */
export interface ActionContext {
  http: KubeHttp;
  writer: KubeWriter;
  /** Poll interval for waits (tests shorten it). */
  pollMs?: number;
  /** Workload exec targets (deploy/NAME) already resolved to a pod and container; exec.ts keeps it. */
  execTargets?: Map<string, { pod: string; container: string }>;
}

/** Result of an action that writes: what was sent (or would be, in dry-run). */
export interface WriteResult {
  dryRun: boolean;
  /** The request as sent or as it would be sent. */
  request: { method: string; path: string; body?: unknown };
}
