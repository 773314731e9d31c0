import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readSync, renameSync, rmSync, statSync, truncateSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { asRecord, type RawObject } from '../../domain/health/raw.js';
import { engineOfImage, engineSpec, formatBytes, parseVersion, verifyBackupSample, type BackupVerdict, type DbEngine } from '../../domain/upgrade/database.js';
import { errorLine } from '../../domain/redact.js';
import type { ActionContext } from '../kube/actions/context.js';
import { execInPod } from '../kube/actions/exec.js';
import { namespaceName, objectName } from '../kube/validate.js';
import { execToFile } from './exec-stream.js';

/** The database pod the protocol backs up: its engine, container, image and running version. */
export interface DatabaseTarget {
  namespace: string;
  pod: string;
  container: string;
  image: string;
  engine: DbEngine;
  version: string | null;
  /** The `--version` line as printed. */
  versionLine: string | null;
  /** The superuser the image's env names (POSTGRES_USER …), for the dump command. */
  user?: string;
}

/** Where a restore check can load the backup: a scratch PostgreSQL, or a local redis-server. */
export type ScratchConfig = { engine: 'postgresql'; host: string; port: number; user: string; password?: string } | { engine: 'redis'; server?: string };

export interface RowCounts {
  /** `db.schema.table` (PostgreSQL) or `db0` (Redis) → rows/keys. */
  counts: Record<string, number>;
  total: number;
}

export interface BackupReport {
  ok: boolean;
  target: DatabaseTarget | null;
  /** The verified backup, or the rejected file (`….rejected`) kept for inspection. */
  file: string | null;
  size: number;
  verdict: BackupVerdict | null;
  restore: { source: RowCounts; restored: RowCounts; mismatches: string[] } | null;
  /** Why the backup is refused (empty when ok). */
  problems: string[];
  /** What was done and checked, for the issue, the journal and the screen. */
  lines: string[];
  durationMs: number;
}

export interface BackupOptions {
  namespace: string;
  pod: string;
  container?: string;
  /** The file to write; default `<dir>/<ns>_<pod>_<engine>_<YYYYmmdd_HHMMSS>.<ext>`. */
  out?: string;
  dir: string;
  timeoutMs?: number;
  onProgress?: (bytes: number) => void;
  scratch?: ScratchConfig | null;
  now?: () => Date;
}

const stamp = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace('T', '_').slice(0, 15);

/** 6.1 step 1: which container runs which database, and at what version (`kubectl exec … -- psql --version`). */
export async function identifyDatabase(ctx: ActionContext, namespace: string, pod: string, container?: string): Promise<DatabaseTarget> {
  const raw = await ctx.http.get<RawObject>(`/api/v1/namespaces/${namespaceName(namespace)}/pods/${objectName(pod, 'pod')}`);
  const containers = (
    (asRecord(raw.spec).containers as Array<{ name?: string; image?: string; env?: Array<{ name?: string; value?: string }> }> | undefined) ?? []
  ).filter((c) => c.name && c.image);
  const chosen = container ? containers.find((c) => c.name === container) : containers.find((c) => engineOfImage(c.image!) !== null);
  if (!chosen) {
    const images = containers.map((c) => `${c.name}=${c.image}`).join(', ');
    throw new Error(
      container
        ? `pod ${namespace}/${pod} has no container ${container}`
        : `no database container in ${namespace}/${pod} (${images || 'no containers'}): PostgreSQL, MariaDB, MongoDB, Redis/Valkey images are recognised`,
    );
  }
  const engine = engineOfImage(chosen.image!);
  if (!engine) throw new Error(`container ${chosen.name} runs ${chosen.image}, not a database this console backs up`);
  const env = new Map((chosen.env ?? []).map((e) => [e.name ?? '', e.value ?? '']));
  const user = engine === 'postgresql' ? env.get('POSTGRES_USER') || undefined : undefined;
  const spec = engineSpec(engine);
  let versionLine: string | null = null;
  let version: string | null = null;
  for (const cmd of spec.versionCommands) {
    const r = await execInPod(ctx, { namespace, target: pod, container: chosen.name, command: cmd, timeoutMs: 20_000 }).catch(() => null);
    if (r && r.exitCode === 0) {
      versionLine = r.stdout.trim().split('\n')[0] ?? null;
      version = parseVersion(engine, r.stdout);
      if (version) break;
    }
  }
  return { namespace, pod, container: chosen.name!, image: chosen.image!, engine, version, versionLine, ...(user ? { user } : {}) };
}

function sampleOf(file: string): { size: number; head: Buffer; tail: Buffer } {
  const size = statSync(file).size;
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(4096, size));
    readSync(fd, head, 0, head.length, 0);
    const tail = Buffer.alloc(Math.min(4096, size));
    readSync(fd, tail, 0, tail.length, Math.max(0, size - tail.length));
    return { size, head, tail };
  } finally {
    closeSync(fd);
  }
}

/**
 * redis-cli ≤ 7.2 writing `--rdb -` during a diskless sync copies the 40-byte `$EOF:` marker after
 * the RDB (it strips it only when writing to a named file). A marker after an RDB's EOF opcode and
 * checksum is trimmed; anything else is left for verification to judge.
 */
function trimRdbEofMarker(file: string): boolean {
  const { size, tail } = sampleOf(file);
  if (size < 49) return false;
  const marker = tail.subarray(tail.length - 40).toString('latin1');
  if (!/^[0-9a-f]{40}$/.test(marker) || tail[tail.length - 49] !== 0xff) return false;
  truncateSync(file, size - 40);
  return true;
}

/** The SQL that counts every user table's rows exactly (one `schema.table|n` line each). */
export const PG_COUNT_SQL =
  "select table_schema || '.' || table_name || '|' || (xpath('/row/c/text()', query_to_xml(format('select count(*) as c from %I.%I', table_schema, table_name), false, true, '')))[1]::text " +
  "from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1";
const PG_DBS_SQL = 'select datname from pg_database where datallowconn and not datistemplate order by 1';

function parseCounts(lines: Array<[string, string]>): RowCounts {
  const counts: Record<string, number> = {};
  for (const [db, out] of lines) {
    for (const l of out.split('\n')) {
      const m = l.trim().match(/^(.+)\|(\d+)$/);
      if (m) counts[`${db}.${m[1]}`] = Number(m[2]);
    }
  }
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

/** `db0:keys=3,expires=0,avg_ttl=0` lines of INFO keyspace. */
export function parseKeyspace(info: string): RowCounts {
  const counts: Record<string, number> = {};
  for (const m of info.matchAll(/^(db\d+):keys=(\d+)/gm)) counts[m[1]!] = Number(m[2]);
  return { counts, total: Object.values(counts).reduce((a, b) => a + b, 0) };
}

/** Rows (PostgreSQL) or keys (Redis) in the live database, read through exec. */
async function sourceCounts(ctx: ActionContext, t: DatabaseTarget): Promise<RowCounts> {
  const ex = async (command: string[]) => {
    const r = await execInPod(ctx, { namespace: t.namespace, target: t.pod, container: t.container, command, timeoutMs: 60_000 });
    if (r.exitCode !== 0) throw new Error(`${command.join(' ')} exited ${r.exitCode}: ${errorLine(r.stderr || r.stdout)}`);
    return r.stdout;
  };
  if (t.engine === 'postgresql') {
    const user = t.user ?? 'postgres';
    const dbs = (await ex(['psql', '-U', user, '-X', '-At', '-d', 'postgres', '-c', PG_DBS_SQL]))
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    const per: Array<[string, string]> = [];
    for (const db of dbs) per.push([db, await ex(['psql', '-U', user, '-X', '-At', '-d', db, '-c', PG_COUNT_SQL])]);
    return parseCounts(per);
  }
  if (t.engine === 'redis') return parseKeyspace(await ex(['redis-cli', 'INFO', 'keyspace']));
  throw new Error(`row counts for ${engineSpec(t.engine).label} are not implemented; restore check skipped`);
}

function runLocal(argv: string[], env: NodeJS.ProcessEnv = {}, timeoutMs = 300_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString('utf8')).slice(-8192)));
    child.on('error', (e) => {
      clearTimeout(timer);
      resolve({ code: 127, stdout: '', stderr: e.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Restores the backup into the scratch instance and counts what arrived. PostgreSQL: the dumped
 * databases are dropped on the scratch server first (it is scratch), then the dump is replayed with
 * psql. Redis: a throwaway redis-server loads the RDB on a free loopback port.
 */
async function restoreIntoScratch(file: string, t: DatabaseTarget, source: RowCounts, scratch: ScratchConfig): Promise<RowCounts> {
  if (scratch.engine === 'postgresql' && t.engine === 'postgresql') {
    const env: NodeJS.ProcessEnv = { PGHOST: scratch.host, PGPORT: String(scratch.port), PGUSER: scratch.user, PGCONNECT_TIMEOUT: '10' };
    if (scratch.password) env.PGPASSWORD = scratch.password;
    const dbs = [...new Set(Object.keys(source.counts).map((k) => k.split('.')[0]!))];
    for (const db of dbs) {
      const sql =
        db === 'postgres' ? 'drop schema if exists public cascade; create schema public' : `drop database if exists "${db.replace(/"/g, '""')}" with (force)`;
      const r = await runLocal(['psql', '-X', '-q', '-d', 'postgres', '-c', sql], env);
      if (r.code !== 0) throw new Error(`scratch ${scratch.host}:${scratch.port}: ${errorLine(r.stderr)}`);
    }
    const r = await runLocal(['psql', '-X', '-q', '-d', 'postgres', '-f', file], env);
    if (r.code !== 0) throw new Error(`restoring into scratch ${scratch.host}:${scratch.port} failed: ${errorLine(r.stderr)}`);
    const per: Array<[string, string]> = [];
    for (const db of dbs) {
      const c = await runLocal(['psql', '-X', '-At', '-d', db, '-c', PG_COUNT_SQL], env);
      if (c.code !== 0) throw new Error(`counting rows of ${db} in scratch: ${errorLine(c.stderr)}`);
      per.push([db, c.stdout]);
    }
    return parseCounts(per);
  }
  if (scratch.engine === 'redis' && t.engine === 'redis') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-scratch-redis-'));
    const port = await freePort();
    copyFileSync(file, path.join(dir, 'dump.rdb'));
    const server = spawn(
      scratch.server ?? 'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--dbfilename', 'dump.rdb', '--save', '', '--appendonly', 'no', '--protected-mode', 'no'],
      { stdio: 'ignore' },
    );
    const cli = (...args: string[]) => runLocal(['redis-cli', '-h', '127.0.0.1', '-p', String(port), ...args], {}, 10_000);
    try {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const r = await cli('PING');
        if (r.stdout.trim() === 'PONG') break;
        if (server.exitCode !== null) throw new Error(`scratch redis-server refused the RDB (exit ${server.exitCode})`);
        if (Date.now() > deadline) throw new Error('scratch redis-server did not start within 30 s');
        await new Promise((res) => setTimeout(res, 100));
      }
      return parseKeyspace((await cli('INFO', 'keyspace')).stdout);
    } finally {
      await cli('SHUTDOWN', 'NOSAVE');
      if (server.exitCode === null) server.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw new Error(`the scratch instance is ${scratch.engine}, the backup is ${t.engine}`);
}

function compareCounts(source: RowCounts, restored: RowCounts): string[] {
  const out: string[] = [];
  for (const [k, n] of Object.entries(source.counts)) {
    const m = restored.counts[k];
    if (m === undefined) out.push(`${k}: ${n} in the database, missing after the restore`);
    else if (m !== n) out.push(`${k}: ${n} in the database, ${m} after the restore`);
  }
  return out;
}

/**
 * 6.1 steps 1–3: identify the database, stream a full backup off the pod to a local file, verify
 * it (not empty, complete dump, and — with a scratch instance — restored with equal row/key
 * counts). Only a verified backup has `ok`; a refused one is renamed `….rejected` and says why.
 */
export async function backupDatabase(ctx: ActionContext, o: BackupOptions): Promise<BackupReport> {
  const started = Date.now();
  const now = o.now ?? (() => new Date());
  const lines: string[] = [];
  const refuse = (
    target: DatabaseTarget | null,
    file: string | null,
    size: number,
    verdict: BackupVerdict | null,
    problems: string[],
    restore: BackupReport['restore'] = null,
  ): BackupReport => ({
    ok: false,
    target,
    file,
    size,
    verdict,
    restore,
    problems,
    lines: [...lines, ...problems.map((p) => `REFUSED: ${p}`)],
    durationMs: Date.now() - started,
  });
  let target: DatabaseTarget;
  try {
    target = await identifyDatabase(ctx, o.namespace, o.pod, o.container);
  } catch (err) {
    return refuse(null, null, 0, null, [errorLine(err)]);
  }
  const spec = engineSpec(target.engine);
  lines.push(
    `database: ${spec.label} ${target.version ?? '(version unknown)'} in ${target.namespace}/${target.pod} container ${target.container} (${target.image})${target.versionLine ? ` — ${target.versionLine}` : ''}`,
  );
  const file = path.resolve(o.out ?? path.join(o.dir, `${target.namespace}_${target.pod}_${target.engine}_${stamp(now())}.${spec.extension}`));
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  const command = spec.backupCommand({ user: target.user });
  lines.push(`backup: kubectl exec -n ${target.namespace} ${target.pod} -c ${target.container} -- ${command.join(' ')} > ${file}`);
  let streamed;
  try {
    streamed = await execToFile(ctx, {
      namespace: target.namespace,
      pod: target.pod,
      container: target.container,
      command,
      file: partial,
      timeoutMs: o.timeoutMs ?? 30 * 60_000,
      onProgress: o.onProgress,
    });
  } catch (err) {
    rmSync(partial, { force: true });
    return refuse(target, null, 0, null, [`the backup stream failed: ${errorLine(err)}`]);
  }
  if (streamed.exitCode !== 0) {
    const rejected = `${file}.rejected`;
    renameSync(partial, rejected);
    return refuse(target, rejected, streamed.bytes, null, [`${command[0]} exited ${streamed.exitCode}: ${errorLine(streamed.stderr) || 'no error output'}`]);
  }
  if (target.engine === 'redis' && trimRdbEofMarker(partial)) lines.push('trimmed the 40-byte diskless-sync EOF marker redis-cli wrote after the RDB');
  const sample = sampleOf(partial);
  const verdict = verifyBackupSample(target.engine, sample);
  lines.push(`received ${formatBytes(sample.size)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  lines.push(...verdict.checks.map((c) => `check: ${c}`));
  if (!verdict.ok) {
    const rejected = `${file}.rejected`;
    renameSync(partial, rejected);
    return refuse(target, rejected, sample.size, verdict, verdict.problems);
  }
  let restore: BackupReport['restore'] = null;
  if (o.scratch) {
    try {
      const source = await sourceCounts(ctx, target);
      const restored = await restoreIntoScratch(partial, target, source, o.scratch);
      const mismatches = compareCounts(source, restored);
      restore = { source, restored, mismatches };
      const unit = target.engine === 'redis' ? 'keys' : 'rows';
      lines.push(
        `restore check: ${Object.keys(source.counts).length} ${target.engine === 'redis' ? 'keyspaces' : 'tables'}, ${source.total} ${unit} in the database, ${restored.total} after the restore into scratch`,
      );
      if (mismatches.length) {
        const rejected = `${file}.rejected`;
        renameSync(partial, rejected);
        return refuse(
          target,
          rejected,
          sample.size,
          verdict,
          mismatches.map((m) => `restore check: ${m}`),
          restore,
        );
      }
    } catch (err) {
      const rejected = `${file}.rejected`;
      renameSync(partial, rejected);
      return refuse(target, rejected, sample.size, verdict, [`restore check failed: ${errorLine(err)}`], restore);
    }
  } else lines.push('restore check: no scratch instance configured (upgrade.scratch); verified by its ends only');
  renameSync(partial, file);
  lines.push(`verified: ${file} (${formatBytes(sample.size)})`);
  return { ok: true, target, file, size: sample.size, verdict, restore, problems: [], lines, durationMs: Date.now() - started };
}
