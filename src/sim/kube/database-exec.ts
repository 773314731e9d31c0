import { spawn } from 'node:child_process';
import type { ExecHandler } from './http/backend.js';

/**
 * Exec into a simulated database pod, served by the real client tools against a real server on
 * loopback: `pg_dumpall`, `psql`, `pg_isready` get libpq env (PGHOST/PGPORT/PGUSER) pointing at a
 * PostgreSQL the test started; `redis-cli` gets `-h/-p` of a real redis-server (redis-cli reads no
 * host env). `psql --version` / `redis-server --version` run the local binaries. Output is bytes,
 * as a container's would be (an RDB is binary).
 */
export type LocalDatabase =
  { engine: 'postgresql'; host?: string; port: number; user?: string; password?: string } | { engine: 'redis'; host?: string; port: number };

const POSTGRES_TOOLS = new Set(['psql', 'pg_dumpall', 'pg_dump', 'pg_isready', 'pg_restore', 'postgres']);

function run(argv: string[], env: NodeJS.ProcessEnv, stdin: string | null) {
  return new Promise<{ stdout: Buffer; stderr: Buffer; exitCode: number }>((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) =>
      resolve({ stdout: Buffer.alloc(0), stderr: Buffer.from(`OCI runtime exec failed: exec: "${argv[0]}": ${e.message}\n`), exitCode: 127 }),
    );
    child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code ?? 1 }));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin ?? '');
  });
}

/** An ExecHandler for one database pod; anything that is not the engine's tool goes to `fallback`. */
export function localDatabaseExec(db: LocalDatabase, fallback: ExecHandler): ExecHandler {
  return async (namespace, pod, container, argv, stdin) => {
    const [cmd] = argv;
    if (!cmd) return fallback(namespace, pod, container, argv, stdin);
    if (db.engine === 'postgresql' && POSTGRES_TOOLS.has(cmd)) {
      const env: NodeJS.ProcessEnv = { PGHOST: db.host ?? '127.0.0.1', PGPORT: String(db.port), PGUSER: db.user ?? 'postgres', PGCONNECT_TIMEOUT: '5' };
      if (db.password) env.PGPASSWORD = db.password;
      return run(argv, env, stdin);
    }
    if (db.engine === 'redis' && (cmd === 'redis-cli' || cmd === 'valkey-cli')) {
      const args = argv.slice(1).filter((a, i, all) => !(['-h', '-p'].includes(a) || ['-h', '-p'].includes(all[i - 1] ?? '')));
      return run(['redis-cli', '-h', db.host ?? '127.0.0.1', '-p', String(db.port), ...args], {}, stdin);
    }
    if (db.engine === 'redis' && (cmd === 'redis-server' || cmd === 'valkey-server') && argv[1] === '--version')
      return run(['redis-server', '--version'], {}, stdin);
    return fallback(namespace, pod, container, argv, stdin);
  };
}
