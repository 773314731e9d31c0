/**
 * Real PostgreSQL and Redis on loopback for the database-protocol tests: each server gets a free
 * port and a temporary directory, and is stopped and removed by `stop()`. PostgreSQL refuses to run
 * as root, so as root initdb and pg_ctl run as the `postgres` user (Debian's package creates it) via
 * runuser, on a directory that user owns. `realDbMissing()` says why a server cannot be started.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** The newest Debian PostgreSQL server binaries (/usr/lib/postgresql/N/bin), or null. */
export function pgBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(base, versions[0], 'bin') : null;
}

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(':').some((d) => d && existsSync(path.join(d, bin)));
}

const isRoot = () => process.getuid?.() === 0;

function postgresUser(): boolean {
  try {
    return os.userInfo().username === 'postgres' || existsSync('/usr/sbin/runuser') || existsSync('/sbin/runuser');
  } catch {
    return false;
  }
}

export function postgresMissing(): string | null {
  const bin = pgBinDir();
  if (!bin) return 'PostgreSQL server binaries missing (/usr/lib/postgresql/N/bin/initdb); install Debian postgresql';
  if (!onPath('psql') || !onPath('pg_dumpall')) return 'psql/pg_dumpall not on PATH; install Debian postgresql-client';
  if (isRoot() && !postgresUser()) return 'running as root without runuser to start PostgreSQL as the postgres user';
  return null;
}

export function redisMissing(): string | null {
  if (!onPath('redis-server') || !onPath('redis-cli')) return 'redis-server/redis-cli missing; install Debian redis-server';
  return null;
}

export interface RealPostgres {
  port: number;
  /** Env for libpq tools (psql, pg_dumpall) to reach this server. */
  env: Record<string, string>;
  version: string;
  psql(sql: string, db?: string): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a throwaway PostgreSQL cluster (trust auth, fsync off, loopback only) in about 2 s. */
export async function startPostgres(): Promise<RealPostgres> {
  const bin = pgBinDir()!;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asPg = (cmd: string, args: string[]) =>
    isRoot() ? run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args]) : run(path.join(bin, cmd), args);
  if (isRoot()) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await asPg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync', '--locale=C']);
  await asPg('pg_ctl', [
    '-D',
    data,
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-t',
    '60',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off`,
    'start',
  ]);
  const env = { PGHOST: '127.0.0.1', PGPORT: String(port), PGUSER: 'postgres', PGDATABASE: 'postgres', PGCONNECT_TIMEOUT: '5' };
  const psql = async (sql: string, db = 'postgres') =>
    (await run('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c', sql], { env: { ...process.env, ...env } })).stdout;
  const version = (await psql('SHOW server_version')).trim();
  return {
    port,
    env,
    version,
    psql,
    async stop() {
      await asPg('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface RealRedis {
  port: number;
  dir: string;
  version: string;
  cli(...args: string[]): Promise<string>;
  stop(): Promise<void>;
}

/** Starts a throwaway redis-server on a free loopback port (no persistence unless asked). */
export async function startRedis(): Promise<RealRedis> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'hc-redis-'));
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--protected-mode', 'no'],
    { stdio: 'ignore' },
  );
  const cli = async (...args: string[]) => (await run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args])).stdout;
  const deadline = Date.now() + 20_000;
  for (;;) {
    const pong = await cli('PING').catch(() => '');
    if (pong.trim() === 'PONG') break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`redis-server did not start on ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const version = /redis_version:(\S+)/.exec(await cli('INFO', 'server'))?.[1] ?? '?';
  return {
    port,
    dir,
    version,
    cli,
    async stop() {
      await cli('SHUTDOWN', 'NOSAVE').catch(() => undefined);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
