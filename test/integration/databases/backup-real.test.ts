/**
import { ensureBundle } from '../../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);
 * The database backup against real servers: the simulated API server's exec into the database pods
 * runs the real client tools (pg_dumpall, psql, redis-cli) against a real PostgreSQL and a real
 * redis-server on loopback, started here (free ports, temp dirs, removed after). Skips, saying why,
 * when the servers are not installed — unless HOMELAB_REQUIRE_REAL=1 (CI), then fails.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtinExec, FAST_TIMING, KubeSim, localDatabaseExec, routeExec } from '../../../src/sim/kube/index.js';
import { loadKubeTarget } from '../../../src/services/kube/kubeconfig.js';
import { KubeHttp } from '../../../src/services/kube/http.js';
import { createKubeWriter } from '../../../src/services/kube/writer.js';
import type { ActionContext } from '../../../src/services/kube/actions/context.js';
import { backupDatabase, identifyDatabase } from '../../../src/services/upgrade/backup.js';
import { repoRoot, requireRealServers } from '../../support/shared.js';
import { postgresMissing, redisMissing, startPostgres, startRedis, type RealPostgres, type RealRedis } from '../../support/real-db.js';

const why = [postgresMissing(), redisMissing()].filter(Boolean).join('; ') || null;

if (why && requireRealServers) {
  describe('real PostgreSQL and Redis (required by HOMELAB_REQUIRE_REAL=1)', () => {
    it('has what it needs to start them', () => expect.fail(why));
  });
}

describe.skipIf(why !== null)(`database backup against real PostgreSQL and Redis${why ? ` (skipped: ${why})` : ''}`, { timeout: 120_000 }, () => {
  let pg: RealPostgres;
  let scratchPg: RealPostgres;
  let redis: RealRedis;
  let sim: KubeSim;
  let ctx: ActionContext;
  let dir: string;
  /** The simulated pod's exec answers may be swapped to a corrupting one per test. */
  let corrupt: ((out: Buffer) => Buffer) | null = null;

  beforeAll(async () => {
    [pg, scratchPg, redis] = await Promise.all([startPostgres(), startPostgres(), startRedis()]);
    dir = mkdtempSync(path.join(os.tmpdir(), 'hc-backups-'));
    const pgExec = localDatabaseExec({ engine: 'postgresql', port: pg.port }, builtinExec);
    sim = await KubeSim.start({
      seed: 'healthy',
      timing: FAST_TIMING,
      bookmarkIntervalMs: 0,
      exec: routeExec([
        {
          match: (ns, pod) => ns === 'databases' && pod === 'postgres-0',
          handler: async (...a) => {
            const r = await pgExec(...a);
            return corrupt && a[3][0] === 'pg_dumpall' ? { ...r, stdout: corrupt(Buffer.from(r.stdout)) } : r;
          },
        },
        { match: (ns, pod) => ns === 'databases' && pod === 'redis-0', handler: localDatabaseExec({ engine: 'redis', port: redis.port }, builtinExec) },
      ]),
    });
    const target = await loadKubeTarget({ env: { KUBECONFIG: sim.kubeconfigPath, HOME: '/nonexistent' } });
    const http = new KubeHttp(target);
    ctx = { http, writer: createKubeWriter(http, { readOnly: false, dryRun: false }), pollMs: 20 };

    // Real rows in two databases, real keys in two keyspaces.
    await pg.psql('create table notes (id serial primary key, body text); insert into notes (body) select md5(g::text) from generate_series(1, 2500) g;');
    await pg.psql('create database paperless');
    await pg.psql(
      "create schema docs; create table docs.documents (id int, title text); insert into docs.documents select g, 'doc ' || g from generate_series(1, 777) g; create table tags (t text); insert into tags values ('a'), ('b'), ('c');",
      'paperless',
    );
    for (let i = 0; i < 120; i++) await redis.cli('SET', `session:${i}`, `v${i}`);
    await redis.cli('-n', '2', 'HSET', 'cache:h', 'a', '1', 'b', '2');
    await redis.cli('-n', '2', 'RPUSH', 'queue', 'x', 'y');
  }, 120_000);

  afterAll(async () => {
    await sim?.stop();
    await Promise.allSettled([pg?.stop(), scratchPg?.stop(), redis?.stop()]);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('identifies the database pods and their versions through exec (psql --version, redis-server --version)', async () => {
    const p = await identifyDatabase(ctx, 'databases', 'postgres-0');
    expect(p).toMatchObject({ engine: 'postgresql', container: 'postgres', image: 'docker.io/library/postgres:17.7' });
    // The version is what the real client tool prints (the local PostgreSQL's), not the image tag.
    expect(p.version).toBe(pg.version.split(' ')[0]);
    const r = await identifyDatabase(ctx, 'databases', 'redis-0');
    expect(r).toMatchObject({ engine: 'redis', version: redis.version });
  });

  it('PostgreSQL: pg_dumpall streamed through exec, verified, restored into a scratch instance with equal row counts', async () => {
    const progress: number[] = [];
    const out = path.join(dir, 'pg-full.sql');
    const report = await backupDatabase(ctx, {
      namespace: 'databases',
      pod: 'postgres-0',
      dir,
      out,
      onProgress: (b) => progress.push(b),
      scratch: { engine: 'postgresql', host: '127.0.0.1', port: scratchPg.port, user: 'postgres' },
    });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.file).toBe(out);
    const text = readFileSync(out, 'utf8');
    expect(report.size).toBe(Buffer.byteLength(text));
    expect(text).toMatch(/^--\n-- PostgreSQL database cluster dump\n/);
    expect(text).toContain('COPY public.notes (id, body) FROM stdin;');
    expect(text).toContain('CREATE DATABASE paperless');
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(report.size);
    expect(report.restore!.source.counts).toMatchObject({ 'postgres.public.notes': 2500, 'paperless.docs.documents': 777, 'paperless.public.tags': 3 });
    expect(report.restore!.restored.counts).toEqual(report.restore!.source.counts);
    // The scratch server really holds the rows now.
    expect((await scratchPg.psql('select count(*) from docs.documents', 'paperless')).trim()).toBe('777');
    expect(report.lines.some((l) => /^restore check: 3 tables, 3280 rows in the database, 3280 after the restore into scratch$/.test(l))).toBe(true);
  });

  it('Redis: redis-cli --rdb streamed through exec (binary intact), verified, loaded by a scratch redis-server with equal key counts', async () => {
    const report = await backupDatabase(ctx, { namespace: 'databases', pod: 'redis-0', dir, scratch: { engine: 'redis' } });
    expect(report.problems).toEqual([]);
    expect(report.ok).toBe(true);
    expect(path.basename(report.file!)).toMatch(/^databases_redis-0_redis_\d{8}_\d{6}\.rdb$/);
    const rdb = readFileSync(report.file!);
    expect(rdb.subarray(0, 5).toString()).toBe('REDIS');
    expect(rdb[rdb.length - 9]).toBe(0xff);
    expect(report.restore!.source.counts).toEqual({ db0: 120, db2: 2 });
    expect(report.restore!.restored.counts).toEqual({ db0: 120, db2: 2 });
  });

  it('a dump cut short by the stream is refused with the reason, kept as .rejected, and not reported verified', async () => {
    corrupt = (b) => b.subarray(0, Math.floor(b.length * 0.6));
    try {
      const out = path.join(dir, 'pg-cut.sql');
      const report = await backupDatabase(ctx, {
        namespace: 'databases',
        pod: 'postgres-0',
        dir,
        out,
        scratch: { engine: 'postgresql', host: '127.0.0.1', port: scratchPg.port, user: 'postgres' },
      });
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual(['does not end with "-- PostgreSQL database cluster dump complete": the dump is cut short or not a full dump']);
      expect(existsSync(out)).toBe(false);
      expect(report.file).toBe(`${out}.rejected`);
      expect(report.lines.at(-1)).toMatch(/^REFUSED: /);
    } finally {
      corrupt = null;
    }
  });

  it('an empty dump is refused', async () => {
    corrupt = () => Buffer.alloc(0);
    try {
      const report = await backupDatabase(ctx, { namespace: 'databases', pod: 'postgres-0', dir });
      expect(report).toMatchObject({ ok: false, size: 0, problems: ['the backup is empty (0 bytes)'] });
    } finally {
      corrupt = null;
    }
  });

  it('a dump whose rows do not restore to the same counts is refused (a table lost in the middle)', async () => {
    corrupt = (b) => {
      const s = b.toString('utf8');
      // Drop the COPY data of notes but keep the dump's framing intact: only the restore check can tell.
      return Buffer.from(s.replace(/(COPY public\.notes \(id, body\) FROM stdin;\n)[\s\S]*?\n\\\.\n/, '$1\\.\n'));
    };
    try {
      const report = await backupDatabase(ctx, {
        namespace: 'databases',
        pod: 'postgres-0',
        dir,
        scratch: { engine: 'postgresql', host: '127.0.0.1', port: scratchPg.port, user: 'postgres' },
      });
      expect(report.ok).toBe(false);
      expect(report.problems).toEqual(['restore check: postgres.public.notes: 2500 in the database, 0 after the restore']);
    } finally {
      corrupt = null;
    }
  });

  it('a pod that is not a database is refused with what it runs', async () => {
    const report = await backupDatabase(ctx, {
      namespace: 'jellyfin',
      pod: (await ctx.http.get<{ items: Array<{ metadata: { name: string } }> }>('/api/v1/namespaces/jellyfin/pods')).items[0]!.metadata.name,
      dir,
    });
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatch(/^no database container in jellyfin\/jellyfin-.*ghcr\.io\/jellyfin\/jellyfin:10\.11\.3/);
  });

  const cli = async (...args: string[]) => {
    const env = {
      ...process.env,
      KUBECONFIG: sim.kubeconfigPath,
      HOME: dir,
      XDG_STATE_HOME: path.join(dir, 'state'),
      HOMELAB_CONSOLE_CONFIG: '/nonexistent/homelab-console.yaml',
    };
    try {
      const r = await promisify(execFile)(path.join(repoRoot, 'bin', 'homelab-console'), ['backup', ...args], { env });
      return { code: 0, ...r };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('headless: `backup --namespace --pod --out` exits 0 only when verified, and 1 with the reason when refused', async () => {
    const out = path.join(dir, 'cli.sql');
    const ok = await cli('--namespace', 'databases', '--pod', 'postgres-0', '--out', out, '--scratch-postgres', `127.0.0.1:${scratchPg.port}`);
    expect(ok.code).toBe(0);
    // Progress goes to stderr (one line a second when not a terminal); the report to stdout.
    expect(ok.stderr).toMatch(/^(backup: received \d+(\.\d)? (B|KiB|MiB)\n)+$/);
    expect(ok.stdout).toMatch(/^database: PostgreSQL \d+\.\d+ in databases\/postgres-0 container postgres/);
    expect(ok.stdout).toContain(`verified: ${out} (`);
    expect(ok.stdout).toMatch(/restore check: 3 tables, 3280 rows in the database, 3280 after the restore into scratch/);
    expect(readFileSync(out, 'utf8')).toContain('PostgreSQL database cluster dump complete');

    const def = await cli('--namespace', 'databases', '--pod', 'redis-0', '--json');
    expect(def.code).toBe(0);
    const j = JSON.parse(def.stdout) as { ok: boolean; file: string; engine: string };
    expect(j).toMatchObject({ ok: true, engine: 'redis' });
    expect(j.file.startsWith(path.join(dir, 'state', 'homelab-console', 'backups', 'databases_redis-0_redis_'))).toBe(true);

    corrupt = () => Buffer.from('pg_dumpall: error: connection to server failed\n');
    try {
      const bad = await cli('--namespace', 'databases', '--pod', 'postgres-0', '--out', path.join(dir, 'cli-bad.sql'));
      expect(bad.code).toBe(1);
      const errors = bad.stderr
        .trim()
        .split('\n')
        .filter((l) => !l.startsWith('backup: received '));
      expect(errors).toHaveLength(1);
      expect(bad.stderr).toMatch(/^homelab-console: backup: refused: does not begin as a pg_dumpall does .*\(kept as .*cli-bad\.sql\.rejected\)$/m);
    } finally {
      corrupt = null;
    }
  });

  it('writes the backup readable by its owner only (a dump holds password hashes)', async () => {
    const report = await backupDatabase(ctx, { namespace: 'databases', pod: 'postgres-0', dir });
    expect(report.ok).toBe(true);
    expect(statSync(report.file!).mode & 0o777).toBe(0o600);
    expect(readFileSync(report.file!, 'utf8')).toMatch(/CREATE ROLE postgres;/);
  });
});
