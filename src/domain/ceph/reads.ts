import type { z } from 'zod';
import { CephCommandError, describeArgv, parseCephJson, type CephExecResult } from './output.js';
import {
  CrashListSchema,
  CrashSchema,
  DfSchema,
  HealthSchema,
  MgrStatSchema,
  MonDumpSchema,
  OsdDfSchema,
  OsdDumpSchema,
  OsdStatSchema,
  OsdTreeSchema,
  PgStatSchema,
  PoolListSchema,
  StatusSchema,
  VersionsSchema,
} from './schemas.js';

/** Every read the console sends, with the argv it sends (before `--format json`) and its model. */
export const CEPH_READS = {
  status: { args: ['status'], schema: StatusSchema },
  health: { args: ['health'], schema: HealthSchema },
  healthDetail: { args: ['health', 'detail'], schema: HealthSchema },
  osdTree: { args: ['osd', 'tree'], schema: OsdTreeSchema },
  osdDf: { args: ['osd', 'df'], schema: OsdDfSchema },
  osdDump: { args: ['osd', 'dump'], schema: OsdDumpSchema },
  osdStat: { args: ['osd', 'stat'], schema: OsdStatSchema },
  df: { args: ['df'], schema: DfSchema },
  pgStat: { args: ['pg', 'stat'], schema: PgStatSchema },
  crashLs: { args: ['crash', 'ls'], schema: CrashListSchema },
  crashLsNew: { args: ['crash', 'ls-new'], schema: CrashListSchema },
  mgrStat: { args: ['mgr', 'stat'], schema: MgrStatSchema },
  monDump: { args: ['mon', 'dump'], schema: MonDumpSchema },
  poolLsDetail: { args: ['osd', 'pool', 'ls', 'detail'], schema: PoolListSchema },
  versions: { args: ['versions'], schema: VersionsSchema },
} as const;

export type CephReadName = keyof typeof CEPH_READS;
export type CephReadValue<K extends CephReadName> = z.infer<(typeof CEPH_READS)[K]['schema']>;

/** `--format json` on every call: the CLI's plain output is for people and changes between releases. */
export function withJsonFormat(args: readonly string[]): string[] {
  return [...args, '--format', 'json'];
}

/** Validates parsed JSON against a model; a mismatch is one line naming the first bad field. */
export function validateJson<S extends z.ZodType>(schema: S, value: unknown, argv: readonly string[]): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
  throw new CephCommandError(`${describeArgv(argv)}: unexpected JSON at ${where}: ${issue?.message ?? 'invalid'}`, argv, 0);
}

/** Reads one exec result as the named command's model. */
export function parseRead<K extends CephReadName>(name: K, result: CephExecResult): CephReadValue<K> {
  const argv = ['ceph', ...withJsonFormat(CEPH_READS[name].args)];
  return validateJson(CEPH_READS[name].schema, parseCephJson(result, argv), argv) as CephReadValue<K>;
}

/** `crash info ID`. */
export function parseCrashInfo(result: CephExecResult, id: string) {
  const argv = ['ceph', 'crash', 'info', id, '--format', 'json'];
  return validateJson(CrashSchema, parseCephJson(result, argv), argv);
}
