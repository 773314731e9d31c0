import type { EngineActions } from '../domain/console-engine.js';
import { createClosureStore, type ClosureStore } from './closure-store.js';
import { createCephStore, type CephStore } from './ceph-store.js';
import { createClusterStore, type ClusterStore } from './cluster-store.js';
import { createHealthStore, type HealthStore } from './health-store.js';
import { createIssueStore, type IssueStore } from './issue-store.js';
import { createRelatedStore, type RelatedStore } from './related-store.js';
import { createReconStore, type ReconStore } from './recon-store.js';
import { createQueueStore, type QueueStore } from './queue-store.js';
import { createSessionStore, type SessionStore } from './session-store.js';
import { createStepStore, type StepStore } from './step-store.js';
import { createUpgradeStore, type UpgradeStore } from './upgrade-store.js';

/** Every store of one console session. Services write them; the UI reads them through selectors. */
export interface Stores {
  issue: IssueStore;
  cluster: ClusterStore;
  health: HealthStore;
  ceph: CephStore;
  queue: QueueStore;
  step: StepStore;
  session: SessionStore;
  /** The upgrade protocols' checklists and the stabilisation window (src/services/upgrade). */
  upgrade: UpgradeStore;
  /** The console's full recon and its proposed items (src/services/recon/console-recon.ts). */
  recon: ReconStore;
  /** The console's closure preview and writes (src/services/closure/console-closure.ts). */
  closure: ClosureStore;
  /** Related issues and PRs and what was done to them (src/services/closure/console-related.ts). */
  related: RelatedStore;
}

export function createStores(): Stores {
  return {
    issue: createIssueStore(),
    cluster: createClusterStore(),
    health: createHealthStore(),
    ceph: createCephStore(),
    queue: createQueueStore(),
    step: createStepStore(),
    session: createSessionStore(),
    upgrade: createUpgradeStore(),
    recon: createReconStore(),
    closure: createClosureStore(),
    related: createRelatedStore(),
  };
}

/** The engine as the UI holds it: the contract's actions (src/domain/console-engine.ts) and the stores it writes. */
export interface ConsoleEngine extends EngineActions {
  readonly stores: Stores;
}
