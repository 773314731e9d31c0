import { z } from 'zod';

/*
 * zod models of `ceph … --format json`, tolerant of Ceph 16 (Pacific) through 20 (Tentacle):
 * unknown keys are dropped, most keys are optional, and the layouts that moved between releases
 * (the osdmap block of `status`, the pg_summary block of `pg stat`) are normalised here.
 */

const count = z.number();
const optNum = z.number().optional();

export const HealthCheckSchema = z.object({
  severity: z.string(),
  summary: z.object({ message: z.string(), count: optNum }),
  detail: z.array(z.object({ message: z.string() })).optional(),
  muted: z.boolean().optional(),
});
export type HealthCheckJson = z.infer<typeof HealthCheckSchema>;

/** `health`, `health detail`, and the `health` block of `status`. */
export const HealthSchema = z.preprocess(
  (v) => {
    // Luminous-era output said overall_status; keep reading it if a cluster still does.
    if (v && typeof v === 'object' && !('status' in v) && 'overall_status' in v) {
      return { ...v, status: (v as { overall_status: unknown }).overall_status };
    }
    return v;
  },
  z.object({
    status: z.string(),
    checks: z.record(z.string(), HealthCheckSchema).optional().default({}),
    mutes: z.array(z.object({ code: z.string() }).loose()).optional(),
  }),
);
export type HealthJson = z.infer<typeof HealthSchema>;

const OsdMapCounts = z.object({
  epoch: optNum,
  num_osds: count,
  num_up_osds: count,
  num_in_osds: count,
  num_remapped_pgs: optNum,
  full: z.boolean().optional(),
  nearfull: z.boolean().optional(),
});

/** Octopus and older nest the counts as osdmap.osdmap; Pacific and later flatten them. */
const OsdMapBlock = z.preprocess((v) => {
  if (v && typeof v === 'object' && 'osdmap' in v && typeof (v as { osdmap: unknown }).osdmap === 'object') {
    return (v as { osdmap: unknown }).osdmap;
  }
  return v;
}, OsdMapCounts);

const PgState = z.object({ state_name: z.string(), count });

/** Degraded/misplaced object counters: pgmap in `status` and `pg stat` report the same ones. */
const objectRecoveryCounters = {
  degraded_objects: optNum,
  degraded_total: optNum,
  degraded_ratio: optNum,
  misplaced_objects: optNum,
  misplaced_total: optNum,
  misplaced_ratio: optNum,
};

const PgMapBlock = z.object({
  pgs_by_state: z.array(PgState).optional().default([]),
  num_pgs: optNum,
  num_pools: optNum,
  num_objects: optNum,
  data_bytes: optNum,
  bytes_used: optNum,
  bytes_avail: optNum,
  bytes_total: optNum,
  read_bytes_sec: optNum,
  write_bytes_sec: optNum,
  read_op_per_sec: optNum,
  write_op_per_sec: optNum,
  recovering_objects_per_sec: optNum,
  recovering_bytes_per_sec: optNum,
  recovering_keys_per_sec: optNum,
  ...objectRecoveryCounters,
});

export const StatusSchema = z.object({
  fsid: z.string().optional(),
  health: HealthSchema,
  quorum_names: z.array(z.string()).optional().default([]),
  quorum_age: optNum,
  monmap: z
    .object({
      epoch: optNum,
      min_mon_release_name: z.string().optional(),
      num_mons: optNum,
      mons: z.array(z.object({ name: z.string() }).loose()).optional(),
    })
    .optional(),
  osdmap: OsdMapBlock.optional(),
  pgmap: PgMapBlock.optional(),
  mgrmap: z
    .object({
      available: z.boolean().optional(),
      num_standbys: optNum,
      active_name: z.string().optional(),
      standbys: z.array(z.object({ name: z.string() }).loose()).optional(),
      modules: z.array(z.string()).optional(),
    })
    .optional(),
  progress_events: z
    .record(z.string(), z.object({ message: z.string(), progress: optNum }).loose())
    .optional()
    .default({}),
});
export type StatusJson = z.infer<typeof StatusSchema>;

const TreeNode = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string(),
  type_id: optNum,
  children: z.array(z.number()).optional(),
  device_class: z.string().optional(),
  crush_weight: optNum,
  status: z.string().optional(),
  reweight: optNum,
  exists: optNum,
  primary_affinity: optNum,
});
export const OsdTreeSchema = z.object({
  nodes: z.array(TreeNode),
  stray: z.array(TreeNode.partial().loose()).optional().default([]),
});
export type OsdTreeJson = z.infer<typeof OsdTreeSchema>;

const DfNode = z.object({
  id: z.number(),
  name: z.string(),
  type: z.string().optional(),
  device_class: z.string().optional(),
  crush_weight: optNum,
  reweight: optNum,
  kb: optNum,
  kb_used: optNum,
  kb_avail: optNum,
  utilization: optNum,
  var: optNum,
  pgs: optNum,
  status: z.string().optional(),
});
export const OsdDfSchema = z.object({
  nodes: z.array(DfNode),
  stray: z.array(z.unknown()).optional(),
  summary: z.object({ total_kb: optNum, total_kb_used: optNum, total_kb_avail: optNum, average_utilization: optNum }).optional(),
});
export type OsdDfJson = z.infer<typeof OsdDfSchema>;

export const DfSchema = z.object({
  stats: z.object({
    total_bytes: count,
    total_avail_bytes: count,
    total_used_bytes: optNum,
    total_used_raw_bytes: optNum,
    total_used_raw_ratio: optNum,
    num_osds: optNum,
  }),
  pools: z
    .array(
      z.object({
        name: z.string(),
        id: z.number(),
        stats: z.object({
          stored: optNum,
          objects: optNum,
          kb_used: optNum,
          bytes_used: optNum,
          percent_used: optNum,
          max_avail: optNum,
        }),
      }),
    )
    .optional()
    .default([]),
});
export type DfJson = z.infer<typeof DfSchema>;

const PgSummary = z.object({
  num_pg_by_state: z
    .array(z.object({ name: z.string(), num: count }))
    .optional()
    .default([]),
  num_pgs: optNum,
  num_bytes: optNum,
  total_bytes: optNum,
  total_avail_bytes: optNum,
  total_used_bytes: optNum,
  total_used_raw_bytes: optNum,
  ...objectRecoveryCounters,
});
/** Pacific+ wrap the summary in pg_summary (with pg_ready beside it); older releases do not. */
export const PgStatSchema = z.preprocess((v) => {
  if (v && typeof v === 'object' && 'pg_summary' in v) return (v as { pg_summary: unknown }).pg_summary;
  return v;
}, PgSummary);
export type PgStatJson = z.infer<typeof PgStatSchema>;

/** One crash report: `crash info ID`, or one entry of `crash ls` / `crash ls-new`. */
export const CrashSchema = z.object({
  crash_id: z.string(),
  timestamp: z.string(),
  entity_name: z.string(),
  /** Python str(datetime) "YYYY-MM-DD HH:MM:SS.ffffff", present once archived. */
  archived: z.string().optional(),
  process_name: z.string().optional(),
  ceph_version: z.string().optional(),
  utsname_hostname: z.string().optional(),
  mgr_module: z.string().optional(),
  mgr_python_exception: z.string().optional(),
  assert_msg: z.string().optional(),
  assert_condition: z.string().optional(),
  backtrace: z.array(z.string()).optional(),
  stack_sig: z.string().optional(),
});
export type CrashJson = z.infer<typeof CrashSchema>;
export const CrashListSchema = z.array(CrashSchema);

export const OsdDumpSchema = z.object({
  epoch: optNum,
  flags: z.string().optional().default(''),
  /** Quincy+ (and late Pacific) also list the flags as an array. */
  flags_set: z.array(z.string()).optional(),
  osds: z
    .array(
      z.object({
        osd: z.number(),
        up: z.number(),
        in: z.number(),
        weight: optNum,
        primary_affinity: optNum,
        state: z.array(z.string()).optional(),
      }),
    )
    .optional()
    .default([]),
  require_osd_release: z.string().optional(),
});
export type OsdDumpJson = z.infer<typeof OsdDumpSchema>;

export const OsdStatSchema = OsdMapBlock;
export type OsdStatJson = z.infer<typeof OsdStatSchema>;

export const MgrStatSchema = z.object({
  epoch: optNum,
  available: z.boolean().optional(),
  active_name: z.string().optional(),
  num_standby: optNum,
});
export type MgrStatJson = z.infer<typeof MgrStatSchema>;

/** `versions`: daemon type → "ceph version X (sha) name (stable)" → count. */
export const VersionsSchema = z.record(z.string(), z.record(z.string(), z.number()));
export type VersionsJson = z.infer<typeof VersionsSchema>;

/** `mon dump`; two keys really end in ": " (Pacific through Reef). */
export const MonDumpSchema = z.object({
  epoch: optNum,
  fsid: z.string().optional(),
  min_mon_release_name: z.string().optional(),
  mons: z.array(z.object({ rank: optNum, name: z.string(), public_addr: z.string().optional() }).loose()),
  quorum: z.array(z.number()).optional(),
});
export type MonDumpJson = z.infer<typeof MonDumpSchema>;

/** `osd pool ls detail`. */
export const PoolListSchema = z.array(
  z.object({
    pool_id: optNum,
    pool: optNum,
    pool_name: z.string(),
    size: optNum,
    min_size: optNum,
    pg_num: optNum,
    pg_autoscale_mode: z.string().optional(),
  }),
);
