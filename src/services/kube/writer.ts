import type { KubeHttp } from './http.js';
import { ReadOnlyError } from './errors.js';

export interface WriteMode {
  /** Writes are refused with ReadOnlyError (not skipped silently). */
  readOnly: boolean;
  /** Writes are not sent; the caller gets back exactly what would have been sent. */
  dryRun: boolean;
}

export interface WriteRequest {
  method: 'PATCH' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  body?: unknown;
  contentType?: string;
  /** Human words for errors and the journal: "restart deployment paperless/paperless-ngx". */
  what: string;
}

export type WriteOutcome = { sent: true; response: unknown } | { sent: false; dryRun: true; request: WriteRequest };

export const MERGE_PATCH = 'application/merge-patch+json';

/** The single place a write to the cluster leaves the process. */
export interface KubeWriter {
  readonly mode: WriteMode;
  write(req: WriteRequest): Promise<WriteOutcome>;
  /** Throws ReadOnlyError in read-only mode; for writes that are not HTTP (exec of a mutating command). */
  assertWritable(what: string): void;
}

export function createKubeWriter(http: KubeHttp, mode: WriteMode): KubeWriter {
  return {
    mode,
    assertWritable(what) {
      if (mode.readOnly) throw new ReadOnlyError(what);
    },
    async write(req) {
      if (mode.readOnly) throw new ReadOnlyError(req.what);
      if (mode.dryRun) return { sent: false, dryRun: true, request: req };
      const response = await http.send(req.method, req.path, req.body, req.contentType ?? MERGE_PATCH);
      return { sent: true, response };
    },
  };
}
