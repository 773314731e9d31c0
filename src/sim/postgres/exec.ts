import type { ExecHandler, ExecResult } from '../kube/http/backend.js';
import { pgDumpall, rowCountLines, type SimPgCluster } from './cluster.js';

/**
 * Exec into the demo's postgres pod: the client tools the upgrade protocol runs, answered from the
 * simulated cluster's data — `psql --version` / `postgres --version` name the version the pod's
 * image runs (17.7 before PR #47, 18.1 after), `pg_dumpall` writes every role, database and row,
 * `psql -c` answers the catalog reads the backup's row count makes, `pg_isready` says it accepts
 * connections. Anything else goes to `fallback`, as a command missing from the image would.
 */
export interface SimPostgresOptions {
  cluster: SimPgCluster;
  /** The image the pod runs now (read from the API server at each exec), e.g. docker.io/library/postgres:18.1-bookworm. */
  imageOf: (namespace: string, pod: string) => string | null;
}

const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string, exitCode = 1): ExecResult => ({ stdout: '', stderr: `${stderr}\n`, exitCode });

/** `…/postgres:18.1-bookworm` → `18.1`; an image without a numeric tag → null. */
export function postgresVersionOf(image: string | null): string | null {
  const tag = image?.split('@')[0]?.split(':').pop() ?? '';
  return /^(\d+(?:\.\d+)?)/.exec(tag)?.[1] ?? null;
}

/** The value of `-U user` / `--username=user` / `-d db` style options. */
function option(argv: string[], short: string, long: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === short || a === `--${long}`) return argv[i + 1];
    if (a.startsWith(`--${long}=`)) return a.slice(long.length + 3);
    if (a.startsWith(short) && a.length > short.length) return a.slice(short.length);
  }
  return undefined;
}

export function simulatedPostgresExec(o: SimPostgresOptions, fallback: ExecHandler): ExecHandler {
  return async (namespace, pod, container, argv, stdin) => {
    const [cmd, ...args] = argv;
    const version = postgresVersionOf(o.imageOf(namespace, pod));
    const socket = '/var/run/postgresql/.s.PGSQL.5432';
    const role = (a: string[]) => option(a, '-U', 'username') ?? 'postgres';
    const noRole = (r: string) =>
      fail(`${cmd}: error: connection to server on socket "${socket}" failed: FATAL:  role "${r}" does not exist`, cmd === 'psql' ? 2 : 1);
    switch (cmd) {
      case 'psql':
      case 'postgres':
        if (args[0] === '--version' || args[0] === '-V') return version ? ok(`${cmd} (PostgreSQL) ${version}\n`) : fail(`${cmd}: unknown version`);
        if (cmd === 'postgres') break;
        return psql(o.cluster, args, role(args), noRole);
      case 'pg_dumpall': {
        const r = role(args);
        if (!o.cluster.roles.includes(r)) return noRole(r);
        return ok(pgDumpall(o.cluster, version ?? 'unknown'));
      }
      case 'pg_isready':
        return ok(`${socket.replace(/\/\.s\.PGSQL\.5432$/, '')}:5432 - accepting connections\n`);
    }
    return fallback(namespace, pod, container, argv, stdin);
  };
}

/** The reads the protocol makes with `psql -c`: the databases that allow connections, and each table's exact row count. */
function psql(cluster: SimPgCluster, args: string[], role: string, noRole: (r: string) => ExecResult): ExecResult {
  if (!cluster.roles.includes(role)) return noRole(role);
  const sql = option(args, '-c', 'command');
  const db = option(args, '-d', 'dbname') ?? role;
  if (sql === undefined) return fail('psql: the simulated server takes one -c command (there is no terminal in this exec)');
  if (db !== 'postgres' && !cluster.databases.some((d) => d.name === db)) return fail(`psql: error: FATAL:  database "${db}" does not exist`, 2);
  if (/\bfrom pg_database\b/i.test(sql)) return ok(`${['postgres', ...cluster.databases.map((d) => d.name)].sort().join('\n')}\n`);
  if (/\binformation_schema\.tables\b/i.test(sql) && /count\(\*\)/i.test(sql)) {
    const lines = rowCountLines(cluster, db) ?? [];
    return ok(lines.length ? `${lines.join('\n')}\n` : '');
  }
  return fail(`ERROR:  the demo's simulated PostgreSQL answers the console's catalog reads only, not: ${sql.slice(0, 80)}`);
}
