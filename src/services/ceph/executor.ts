import type { CephExecResult } from '../../domain/ceph/output.js';

export type { CephExecResult };

export interface CephRunOptions {
  /** Kill the call after this long; a ceph CLI waiting for a dead mgr never returns on its own. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * Runs one `ceph` call. `args` are ceph's words as an argv array (never a shell string), without
 * the leading "ceph": `['osd', 'reweight', '5', '1', '--format', 'json']`. Transport failures (no
 * tools pod, timeout, ssh down) reject with a one-line Error; ceph's own failures resolve with its
 * exit code and stderr, for the domain to read.
 */
export interface CephExecutor {
  /** Where ceph runs, for the pane and messages: "exec rook-ceph/deploy/rook-ceph-tools". */
  readonly source: string;
  run(args: readonly string[], options?: CephRunOptions): Promise<CephExecResult>;
  /**
   * Several calls in one round trip, in order, each with its own result (an executor whose calls
   * each cost a request, like exec into the toolbox pod). A rejection is a transport failure of
   * the whole batch; the caller then runs the calls one by one.
   */
  runMany?(argvs: ReadonlyArray<readonly string[]>, options?: CephRunOptions): Promise<CephExecResult[]>;
  close?(): Promise<void> | void;
}

export const DEFAULT_CEPH_TIMEOUT_MS = 15_000;

/** A transport failure, already one line. */
export class CephTransportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CephTransportError';
  }
}
