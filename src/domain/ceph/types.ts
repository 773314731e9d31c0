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
}

/** The `ceph --json` contract and the Ceph pane's data. */
export interface CephSummary {
  health: CephHealth;
  checks: CephCheck[];
  osds: { total: number; up: number; in: number; list: CephOsd[] };
  flags: string[];
  usage: { totalBytes: number | null; usedBytes: number | null; availBytes: number | null; usedPercent: number | null };
  pgs: { total: number | null; states: Array<{ name: string; count: number }> };
  crashes: { new: number; total: number; recent: CephCrash[] };
  mons: { quorum: string[]; total: number | null };
  mgr: { active: string | null; standbys: number | null };
  /** Daemons named by failing checks (osd.3, mon.g, mgr.a). */
  offenders: string[];
  version: string | null;
  error?: string;
}
