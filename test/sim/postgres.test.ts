/**
 * The demo's postgres pod: the upgrade protocol's exec reads answered from the simulated cluster's
 * seeded rows. Its pg_dumpall passes the console's verifier because it is complete (and fails it
 * when cut short), and — against a real PostgreSQL when one is installed — restores with every row,
 * so the console's own restore check (source counts through exec, the dump replayed into a
 * scratch server) finds equal counts.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyBackupSample } from '../../src/domain/upgrade/database.js';
import { KubeHttp } from '../../src/services/kube/http.js';
import { loadKubeTarget } from '../../src/services/kube/kubeconfig.js';
import { createKubeWriter } from '../../src/services/kube/writer.js';
import { backupDatabase, PG_COUNT_SQL } from '../../src/services/upgrade/backup.js';
import { DemoWorld } from '../../src/sim/demo/world.js';
import { builtinExec, FAST_TIMING } from '../../src/sim/kube/index.js';
import { pgDumpall, seedPgCluster } from '../../src/sim/postgres/cluster.js';
import { simulatedPostgresExec } from '../../src/sim/postgres/exec.js';
import { postgresMissing, startPostgres } from '../support/real-db.js';
import { requireRealServers } from '../support/shared.js';

const sample = (text: string) => {
  const b = Buffer.from(text);
  return { size: b.length, head: b.subarray(0, 4096), tail: b.subarray(Math.max(0, b.length - 4096)) };
};
const text = (r: { stdout: string | Buffer }) => r.stdout.toString();

describe('the demo postgres pod answers the protocol from its rows', () => {
  const cluster = seedPgCluster();
  let image = 'docker.io/library/postgres:17.7';
  const exec = simulatedPostgresExec({ cluster, imageOf: () => image }, builtinExec);
  const run = (...argv: string[]) => exec('databases', 'postgres-0', 'postgres', argv, null);

  it('names the version its image runs, before and after the upgrade', async () => {
    expect(text(await run('psql', '--version'))).toBe('psql (PostgreSQL) 17.7\n');
    image = 'docker.io/library/postgres:18.1-bookworm';
    expect(text(await run('postgres', '--version'))).toBe('postgres (PostgreSQL) 18.1\n');
    image = 'docker.io/library/postgres:17.7';
  });

  it('dumps every row between the banner and the footer; the verifier accepts it whole and refuses it cut short', async () => {
    const dump = text(await run('pg_dumpall', '-U', 'postgres'));
    expect(dump).toBe(pgDumpall(cluster, '17.7'));
    for (const db of cluster.databases)
      for (const t of db.tables) {
        const copy = dump.split(`COPY public.${t.name} (`)[1]!.split('\n\\.\n')[0]!.split('\n').slice(1);
        expect(copy).toHaveLength(t.rows.length);
      }
    expect(verifyBackupSample('postgresql', sample(dump))).toMatchObject({ ok: true, problems: [] });
    const cut = dump.slice(0, Math.floor(dump.length / 2));
    expect(verifyBackupSample('postgresql', sample(cut)).problems.join('; ')).toMatch(/cut short/);
  });

  it('refuses a role the cluster does not have, as the server would', async () => {
    const r = await run('pg_dumpall', '-U', 'nobody');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/role "nobody" does not exist/);
  });

  it('answers the catalog reads of the restore check with its tables and row counts', async () => {
    const dbs = await run('psql', '-U', 'postgres', '-X', '-At', '-d', 'postgres', '-c', 'select datname from pg_database where datallowconn');
    expect(text(dbs).trim().split('\n')).toEqual(['nextcloud', 'paperless', 'postgres']);
    const counts = await run('psql', '-U', 'postgres', '-X', '-At', '-d', 'paperless', '-c', PG_COUNT_SQL);
    const docs = cluster.databases.find((d) => d.name === 'paperless')!.tables.find((t) => t.name === 'documents_document')!.rows.length;
    expect(text(counts)).toContain(`public.documents_document|${docs}\n`);
    expect((await run('psql', '-d', 'nowhere', '-c', PG_COUNT_SQL)).stderr).toMatch(/database "nowhere" does not exist/);
  });
});

const why = postgresMissing();
if (why && requireRealServers) {
  describe('the demo dump restored into real PostgreSQL (required by HOMELAB_REQUIRE_REAL=1)', () => {
    it('has PostgreSQL', () => expect.fail(why));
  });
}

describe.skipIf(why !== null)(`the demo's backup through the console, restored into real PostgreSQL${why ? ` (skipped: ${why})` : ''}`, () => {
  let world: DemoWorld;
  let dir: string;
  beforeAll(async () => {
    world = await DemoWorld.start({ cephState: 'healthy', kubeState: 'healthy', latent: false, timing: FAST_TIMING });
    dir = mkdtempSync(path.join(os.tmpdir(), 'hc-simpg-'));
  }, 60_000);
  afterAll(async () => {
    await world?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('backupDatabase on databases/postgres-0: verified, and restored into a scratch server with every row', async () => {
    const scratch = await startPostgres();
    try {
      const target = await loadKubeTarget({ env: { KUBECONFIG: world.kubeconfigPath!, HOME: '/nonexistent' } });
      const http = new KubeHttp(target);
      const ctx = { http, writer: createKubeWriter(http, { readOnly: true, dryRun: false }), pollMs: 50 };
      const report = await backupDatabase(ctx, {
        namespace: 'databases',
        pod: 'postgres-0',
        dir,
        scratch: { engine: 'postgresql', host: '127.0.0.1', port: scratch.port, user: 'postgres' },
      });
      expect(report.problems).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.target).toMatchObject({ engine: 'postgresql', version: '17.7' });
      const total = seedPgCluster()
        .databases.flatMap((d) => d.tables)
        .reduce((n, t) => n + t.rows.length, 0);
      expect(report.restore).toMatchObject({ source: { total }, restored: { total }, mismatches: [] });
      expect((await scratch.psql('select count(*) from public.oc_filecache', 'nextcloud')).trim()).toBe('240');
    } finally {
      await scratch.stop();
    }
  }, 120_000);
});
