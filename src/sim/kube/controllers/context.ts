import type { Clock } from '../clock.js';
import type { ResourceRegistry, ResourceType } from '../resources.js';
import type { ObjectStore } from '../store.js';
import type { KubeObject } from '../types.js';
import type { LogBook } from './logs.js';

/** How long things take in the simulated world (milliseconds of the world's clock). */
export interface Timing {
  /** Pending → Running for a new pod. */
  podStartMs: number;
  /** How long a deleted pod stays Terminating (0 with gracePeriodSeconds=0). */
  podTerminateMs: number;
  /** A crash-looping container runs this long before it exits. */
  crashRunMs: number;
  /** First CrashLoopBackOff delay; doubles per restart up to crashBackoffMaxMs (kubelet: 10 s … 5 min). */
  crashBackoffMs: number;
  crashBackoffMaxMs: number;
  /** An automated Application syncs this long after a commit made it OutOfSync (at once on refresh). */
  autoSyncDelayMs: number;
  /** A sync operation runs this long before it succeeds. */
  syncDurationMs: number;
  /** cert-manager issues a certificate this long after its Issuing condition is set (cmctl renew). */
  certIssueMs: number;
}

export const DEFAULT_TIMING: Timing = {
  podStartMs: 1500,
  podTerminateMs: 500,
  crashRunMs: 2000,
  crashBackoffMs: 10_000,
  crashBackoffMaxMs: 300_000,
  autoSyncDelayMs: 5000,
  syncDurationMs: 1500,
  certIssueMs: 1000,
};

/** Fast enough for integration tests on real timers, still passing through every intermediate state. */
export const FAST_TIMING: Timing = {
  podStartMs: 150,
  podTerminateMs: 60,
  crashRunMs: 200,
  crashBackoffMs: 1000,
  crashBackoffMaxMs: 4000,
  autoSyncDelayMs: 400,
  syncDurationMs: 200,
  certIssueMs: 200,
};

export interface SimEvents {
  'rollout-restart': { namespace: string; kind: string; name: string };
  'pod-deleted': { namespace: string; name: string };
  'sync-started': { name: string; revision: string };
  'sync-finished': { name: string; revision: string; health: string };
  commit: { revision: string; changedPaths: string[]; outOfSync: string[] };
}

export interface WorldContext {
  store: ObjectStore;
  registry: ResourceRegistry;
  clock: Clock;
  timing: Timing;
  logs: LogBook;
  emit<K extends keyof SimEvents>(event: K, payload: SimEvents[K]): void;
  type(kind: string, group?: string): ResourceType;
  /** Records a core/v1 Event about `obj`, aggregating repeats like the event recorder does. */
  recordEvent(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, component: string): void;
}
