import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { DEFAULT_CEPH_TIMEOUT_MS, CephTransportError, type CephExecutor, type CephRunOptions, type CephExecResult } from './executor.js';

export interface LocalCephOptions {
  /** ceph.conf of the cluster (`ceph -c FILE`); the CLI's default conf when absent. */
  conf?: string;
  /** The binary; `ceph` on the PATH by default. */
  binary?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/** `ceph -c FILE …` on this host: for hosts with the CLI, and for the real-Ceph tests. */
export function createLocalCephExecutor(options: LocalCephOptions = {}): CephExecutor {
  const binary = options.binary ?? 'ceph';
  const prefix = options.conf ? ['-c', options.conf] : [];
  return {
    source: options.conf ? `local ${binary} -c ${options.conf}` : `local ${binary}`,
    run(args: readonly string[], run: CephRunOptions = {}): Promise<CephExecResult> {
      const timeoutMs = run.timeoutMs ?? options.timeoutMs ?? DEFAULT_CEPH_TIMEOUT_MS;
      const argv = [...prefix, ...args];
      if (options.conf && !existsSync(options.conf)) return Promise.reject(new CephTransportError(`ceph conf ${options.conf} does not exist`));
      return new Promise((resolve, reject) => {
        // Its own process group, so a timeout kills whatever the CLI started too.
        const child = spawn(binary, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env, detached: true });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        const words = `ceph ${args.filter((a) => a !== '--format' && a !== 'json').join(' ')}`;
        let settled = false;
        const kill = () => {
          try {
            if (child.pid) process.kill(-child.pid, 'SIGKILL');
          } catch {
            child.kill('SIGKILL');
          }
        };
        const finish = (fn: () => void) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          run.signal?.removeEventListener('abort', onAbort);
          fn();
        };
        const timer = setTimeout(() => {
          kill();
          finish(() => reject(new CephTransportError(`${words}: timed out after ${Math.round(timeoutMs / 1000)} s`)));
        }, timeoutMs);
        const onAbort = () => {
          kill();
          finish(() => reject(new CephTransportError(`${words}: cancelled`)));
        };
        run.signal?.addEventListener('abort', onAbort, { once: true });
        child.stdout.on('data', (d: Buffer) => out.push(d));
        child.stderr.on('data', (d: Buffer) => err.push(d));
        child.on('error', (e: NodeJS.ErrnoException) =>
          finish(() =>
            reject(
              new CephTransportError(
                e.code === 'ENOENT' ? `'${binary}' not found on this host (install ceph-common, or use the toolbox pod)` : `cannot run ${binary}: ${e.message}`,
              ),
            ),
          ),
        );
        child.on('close', (code, signal) => {
          const stderr = Buffer.concat(err).toString('utf8');
          // The CLI cannot even reach a cluster: one line, not a Python repr.
          if (code !== 0 && /Error initializing cluster client/.test(stderr)) {
            const conf = options.conf ? ` with ${options.conf}` : '';
            const why = stderr
              .trim()
              .split('\n')
              .pop()!
              .replace(/^Error initializing cluster client: /, '');
            return finish(() => reject(new CephTransportError(`cannot connect to ceph${conf}: ${why}`)));
          }
          finish(() => resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr, exitCode: code ?? (signal ? 128 : 1) }));
        });
      });
    },
  };
}
