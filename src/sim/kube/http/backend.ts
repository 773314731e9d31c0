import type { Clock } from '../clock.js';
import type { ResourceRegistry, ResourceType } from '../resources.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject, Pod } from '../types.js';
import type { AccessPolicy } from './access.js';
import type { Counters, Faults } from './faults.js';
import type { WatchHub } from './watch-hub.js';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: string;
  dryRun: boolean;
}

export interface LogLine {
  at: number;
  text: string;
}

export interface ExecResult {
  stdout: string | Buffer;
  stderr: string | Buffer;
  exitCode: number;
}

/** Runs a command "in" a container: the demo routes rook-ceph-tools to the Ceph simulator. */
export type ExecHandler = (namespace: string, pod: string, container: string, argv: string[], stdin: string | null) => Promise<ExecResult>;

/** What the HTTP layer needs from the simulated world beyond the store. */
export interface SimBackend {
  readonly store: ObjectStore;
  readonly registry: ResourceRegistry;
  readonly clock: Clock;
  readonly hub: WatchHub;
  readonly faults: Faults;
  /** Which verbs the user may do (deny rules); answers SelfSubjectAccessReviews and refuses the requests themselves. */
  readonly access: AccessPolicy;
  readonly counters: Counters;
  readonly token: string | null;
  /** Reject requests without the token (by default only a wrong token is rejected). */
  readonly requireAuth: boolean;
  readonly bookmarkIntervalMs: number;
  exec: ExecHandler;
  /** Exec subprotocols the server accepts, in preference order (default v5 then v4). */
  execProtocols?: string[];
  deleteObject(t: ResourceType, namespace: string | undefined, name: string, opts: DeleteOptions): KubeObject;
  /** Throws a 422 ApiError when the new state is invalid. */
  validate(t: ResourceType, next: KubeObject, old: KubeObject | undefined): void;
  virtualList(t: ResourceType, namespace?: string): KubeObject[];
  podLog(pod: Pod, container: string, previous: boolean): LogLine[] | null;
  onLog(fn: (podUid: string, container: string, line: LogLine) => void): () => void;
  /** Service proxy upstreams (`ns/name:port` → base URL); see service-proxy.ts. */
  readonly serviceUpstreams?: Map<string, string>;
}
