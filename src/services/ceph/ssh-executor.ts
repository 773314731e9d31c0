import { DEFAULT_CEPH_TIMEOUT_MS, type CephExecutor, type CephRunOptions, type CephExecResult } from './executor.js';

/**
 * What the SSH layer (src/services/ssh) must offer for ceph to run over it: one remote command,
 * its output and exit code. A transport failure rejects with a one-line Error.
 */
export interface SshCommandRunner {
  readonly host: string;
  exec(command: string, options: { timeoutMs: number; signal?: AbortSignal }): Promise<CephExecResult>;
  /** Ends the connection (the executor's close). */
  close?(): void;
}

/** POSIX single-quoting: every argv element reaches the remote ceph as exactly one word. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

export interface SshCephOptions {
  runner: SshCommandRunner;
  /**
   * The remote command that is ceph: `['ceph']` on a host with the CLI, or
   * `['kubectl', '-n', 'rook-ceph', 'exec', 'deploy/rook-ceph-tools', '--', 'ceph']` on a controller.
   */
  command?: readonly string[];
  timeoutMs?: number;
}

/** `ceph …` on another host over SSH (the controller); the remote shell only sees quoted words. */
export function createSshCephExecutor(options: SshCephOptions): CephExecutor {
  const command = options.command ?? ['ceph'];
  return {
    source: `ssh ${options.runner.host} ${command.join(' ')}`,
    run(args: readonly string[], run: CephRunOptions = {}) {
      const line = [...command, ...args].map(shellQuote).join(' ');
      const timeoutMs = run.timeoutMs ?? options.timeoutMs ?? DEFAULT_CEPH_TIMEOUT_MS;
      return options.runner.exec(line, run.signal ? { timeoutMs, signal: run.signal } : { timeoutMs });
    },
    close() {
      options.runner.close?.();
    },
  };
}
