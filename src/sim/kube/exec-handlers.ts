import { spawn } from 'node:child_process';
import type { ExecHandler, ExecResult } from './http/backend.js';

const ok = (stdout: string): ExecResult => ({ stdout, stderr: '', exitCode: 0 });

/** A handful of commands every simulated container answers; anything else is "not found" (exit 127). */
export const builtinExec: ExecHandler = async (_namespace, pod, _container, argv, stdin) => {
  const [cmd, ...args] = argv;
  switch (cmd) {
    case 'echo':
      return ok(`${args.join(' ')}\n`);
    case 'cat':
      return args.length === 0 ? ok(stdin ?? '') : { stdout: '', stderr: `cat: ${args[0]}: No such file or directory\n`, exitCode: 1 };
    case 'true':
      return ok('');
    case 'false':
      return { stdout: '', stderr: '', exitCode: 1 };
    case 'hostname':
      return ok(`${pod}\n`);
    case 'sh':
    case 'bash':
      if (args[0] === '-c' && args[1] !== undefined) {
        const exit = args[1].match(/^exit (\d+)$/);
        if (exit) return { stdout: '', stderr: '', exitCode: Number(exit[1]) };
        return builtinExec(_namespace, pod, _container, args[1].split(/\s+/).filter(Boolean), stdin);
      }
      return ok('');
    case 'pg_dumpall':
      return ok('--\n-- PostgreSQL database cluster dump\n--\n\nSET default_transaction_read_only = off;\n\n-- PostgreSQL database cluster dump complete\n\n');
    case 'pg_isready':
      return ok('/var/run/postgresql:5432 - accepting connections\n');
    case 'redis-cli':
      return ok(args[0]?.toUpperCase() === 'BGSAVE' ? 'Background saving started\n' : args[0]?.toUpperCase() === 'PING' ? 'PONG\n' : '\n');
    default:
      return {
        stdout: '',
        stderr: `OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`,
        exitCode: 127,
      };
  }
};

/** Runs argv as a real local process (tests point `ceph` at the Ceph sandbox with CEPH_CONF). */
export function spawnExec(env: NodeJS.ProcessEnv = {}): ExecHandler {
  return (_namespace, _pod, _container, argv, stdin) =>
    new Promise((resolve) => {
      const child = spawn(argv[0]!, argv.slice(1), { env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (d: Buffer) => out.push(d));
      child.stderr.on('data', (d: Buffer) => err.push(d));
      child.on('error', (e) => resolve({ stdout: '', stderr: `${e.message}\n`, exitCode: 127 }));
      child.on('close', (code) => resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code ?? 1 }));
      child.stdin.end(stdin ?? '');
    });
}

/** Routes exec by pod: the first matching route handles it, else `fallback`. */
export function routeExec(
  routes: Array<{ match: (namespace: string, pod: string, container: string) => boolean; handler: ExecHandler }>,
  fallback: ExecHandler = builtinExec,
): ExecHandler {
  return (namespace, pod, container, argv, stdin) => {
    const r = routes.find((x) => x.match(namespace, pod, container));
    return (r?.handler ?? fallback)(namespace, pod, container, argv, stdin);
  };
}

/** The rook-ceph-tools pods (`deploy/rook-ceph-tools` in rook-ceph). */
export const isRookCephTools = (namespace: string, pod: string): boolean => namespace === 'rook-ceph' && pod.startsWith('rook-ceph-tools-');
