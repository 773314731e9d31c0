/** The Ceph simulator's world: enough state to answer the console's commands like a Rook cluster. */

export interface SimOsd {
  id: number;
  host: string;
  deviceClass: string;
  /** CRUSH weight in TiB, as `osd tree` shows it. */
  crushWeight: number;
  /** 0..1; 0 means out. */
  reweight: number;
  up: boolean;
  /** A dead disk: restarting the daemon does not bring it back. */
  diskFailed: boolean;
  /** Ops blocked on this OSD (SLOW_OPS, BLUESTORE_SLOW_OP_ALERT); a restart clears them. */
  slowOps: number;
  /** Stalled reads on the DB device (DB_DEVICE_STALLED_READ_ALERT); a restart clears them. */
  stalledRead: boolean;
  /** When the oldest slow op started, ms since epoch. */
  slowSince: number | null;
}

export interface SimPool {
  id: number;
  name: string;
  pgNum: number;
  /** Logical bytes stored (before replication). */
  storedBytes: number;
  objects: number;
  size: number;
}

export interface SimCrash {
  /** The crash meta as `crash info` prints it (crash_id, timestamp, entity_name, …). */
  meta: Record<string, unknown> & { crash_id: string; timestamp: string; entity_name: string };
  /** Python str(datetime) once archived. */
  archived: string | null;
}

export interface SimMgrModuleFailure {
  module: string;
  error: string;
}

export interface SimRecovery {
  startedAt: number;
  durationMs: number;
  /** Misplaced object copies when it started. */
  misplacedTotal: number;
}

export interface SimCephState {
  fsid: string;
  /** "20.2.0" and "tentacle": the release the demo cluster runs. */
  version: string;
  versionHash: string;
  releaseName: string;
  mons: { names: string[]; quorum: string[] };
  mgr: { active: string; standbys: string[]; modules: string[]; failedModules: SimMgrModuleFailure[]; activeSince: number };
  osds: SimOsd[];
  /** Cluster-wide OSD map flags, without the always-on internal ones. */
  flags: Set<string>;
  pools: SimPool[];
  crashes: SimCrash[];
  recovery: SimRecovery | null;
  epoch: number;
  /** Client I/O the cluster reports (steady in the simulator). */
  clientIo: { readBytesSec: number; writeBytesSec: number; readOpSec: number; writeOpSec: number };
}

export const INTERNAL_FLAGS = ['sortbitwise', 'recovery_deletes', 'purged_snapdirs', 'pglog_hardlimit'] as const;

/** Flags `osd set` accepts (Pacific's list, minus the internal ones). */
export const SETTABLE_FLAGS = [
  'full',
  'pause',
  'noup',
  'nodown',
  'noout',
  'noin',
  'nobackfill',
  'norebalance',
  'norecover',
  'noscrub',
  'nodeep-scrub',
  'notieragent',
  'nosnaptrim',
] as const;

/** Flags that raise OSDMAP_FLAGS. */
export const WARNING_FLAGS = new Set([
  'full',
  'pauserd',
  'pausewr',
  'pause',
  'noup',
  'nodown',
  'noin',
  'noout',
  'nobackfill',
  'norecover',
  'norebalance',
  'noscrub',
  'nodeep-scrub',
  'notieragent',
  'nosnaptrim',
]);

export const TIB = 1024 ** 4;
export const GIB = 1024 ** 3;
