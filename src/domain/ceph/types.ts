export type CephHealth = 'HEALTH_OK' | 'HEALTH_WARN' | 'HEALTH_ERR' | 'UNKNOWN';

export interface CephCheck {
  code: string;
  severity: string; // HEALTH_WARN | HEALTH_ERR
  summary: string;
  details: string[];
  muted: boolean;
}

export interface CephOsd {
  id: number;
  host: string | null;
  up: boolean;
  in: boolean;
  weight: number | null; // CRUSH weight
  reweight: number | null;
  utilization: number | null; // percent
  pgs: number | null;
  deviceClass: string | null;
}

export interface CephCrash {
  id: string;
  entity: string;
  timestamp: string;
  archived: boolean;
  /** The mgr module that crashed (Quincy+ report these as RECENT_MGR_MODULE_CRASH). */
  mgrModule?: string | null;
  host?: string | null;
}

export interface CephIo {
  readBytesPerSec: number;
  writeBytesPerSec: number;
  readOpsPerSec: number;
  writeOpsPerSec: number;
  recoveringBytesPerSec: number;
  recoveringObjectsPerSec: number;
}

export interface CephPool {
  id: number;
  name: string;
  storedBytes: number | null;
  usedBytes: number | null;
  objects: number | null;
  percentUsed: number | null; // percent
  maxAvailBytes: number | null;
}

export interface CephProgressEvent {
  message: string;
  /** 0..1, or null when ceph did not say. */
  progress: number | null;
}

/** The `ceph --json` contract and the Ceph pane's data. */
export interface CephSummary {
  health: CephHealth;
  checks: CephCheck[];
  osds: { total: number; up: number; in: number; list: CephOsd[] };
  flags: string[];
  usage: { totalBytes: number | null; usedBytes: number | null; availBytes: number | null; usedPercent: number | null };
  pgs: {
    total: number | null;
    states: Array<{ name: string; count: number }>;
    /** 0..1 of object copies degraded / misplaced, when ceph reports them. */
    degradedRatio?: number | null;
    misplacedRatio?: number | null;
  };
  crashes: { new: number; total: number; recent: CephCrash[] };
  mons: { quorum: string[]; total: number | null };
  mgr: { active: string | null; standbys: number | null };
  /** Daemons named by failing checks (osd.3, mon.g, mgr.a). */
  offenders: string[];
  version: string | null;
  error?: string;
  /* Additive (issue 5): the rest of the pane's data. */
  fsid?: string | null;
  io?: CephIo | null;
  /** Progress events of the mgr's progress module (recovery, rebalancing). */
  progress?: CephProgressEvent[];
  pools?: CephPool[];
  /** Reads that failed while the rest succeeded (a mgr command timing out, say), one line each. */
  readErrors?: string[];
}
