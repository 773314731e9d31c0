import { redactSecrets } from '../../domain/redact.js';
import { SshChannelError } from '../ssh/capture.js';
import { hostKeyName } from '../ssh/known-hosts.js';
import { openSsh, type SshOptions, type SshSession, type SshTarget } from '../ssh/ssh-connection.js';
import { CephTransportError, type CephExecResult } from './executor.js';
import type { SshCommandRunner } from './ssh-executor.js';

export interface SshRunnerOptions {
  target: SshTarget;
  ssh: SshOptions;
  /** Bytes kept per stream of one call; more is a transport error (a cut JSON is no answer). Default 8 MiB. */
  maxBytes?: number;
  /** Channels open at once on the connection (sshd's MaxSessions defaults to 10). Default 4. */
  maxChannels?: number;
  /** Tests swap the connector. */
  open?: (target: SshTarget, options: SshOptions) => Promise<SshSession>;
}

const oneLine = (text: string) => redactSecrets(text.split('\n')[0]!.trim());

/** ceph's words without `--format json`, for messages. */
function words(command: string): string {
  return command.replace(/\s+--format\s+json\b/, '').replace(/'/g, '');
}

/**
 * Runs commands on one host over a single SSH connection, opened on first use and reopened when it
 * drops; a channel the host refused to open is retried once on a fresh connection (nothing ran).
 * Everything that is not the command's own answer (no connection, timeout, cut output, killed) rejects
 * with a one-line CephTransportError; the command's exit code and stderr resolve for the domain to read.
 */
export function createSshCommandRunner(o: SshRunnerOptions): SshCommandRunner & { close(): void } {
  const open = o.open ?? openSsh;
  const where = `${o.target.user}@${hostKeyName(o.target.host, o.target.port ?? 22)}`;
  const maxChannels = o.maxChannels ?? 4;
  let session: Promise<SshSession> | null = null;
  let closed = false;
  let running = 0;
  const waiting: Array<() => void> = [];

  const connect = (): Promise<SshSession> => {
    if (session) return session;
    const s = open(o.target, o.ssh).then(
      (live) => {
        void live.ended.then(() => {
          if (session === s) session = null;
        });
        return live;
      },
      (err: unknown) => {
        if (session === s) session = null;
        throw new CephTransportError(`ssh ${where}: ${oneLine(err instanceof Error ? err.message : String(err))}`);
      },
    );
    session = s;
    return s;
  };

  const slot = async (): Promise<() => void> => {
    if (running >= maxChannels) await new Promise<void>((r) => waiting.push(r));
    running++;
    return () => {
      running--;
      waiting.shift()?.();
    };
  };

  const captureOnce = async (command: string, timeoutMs: number, signal?: AbortSignal) => {
    const live = await connect();
    return live.capture(command, { timeoutMs, ...(o.maxBytes !== undefined ? { maxBytes: o.maxBytes } : {}), ...(signal ? { signal } : {}) });
  };

  return {
    host: where,
    async exec(command, { timeoutMs, signal }): Promise<CephExecResult> {
      if (closed) throw new CephTransportError(`ssh ${where}: the connection is closed`);
      const release = await slot();
      try {
        let r;
        try {
          r = await captureOnce(command, timeoutMs, signal);
        } catch (err) {
          if (!(err instanceof SshChannelError)) throw err;
          // The connection died under us: drop it and try once more on a new one.
          const stale = session;
          session = null;
          void stale?.then(
            (s) => s.close(),
            () => undefined,
          );
          r = await captureOnce(command, timeoutMs, signal).catch((e: unknown) => {
            throw e instanceof CephTransportError ? e : new CephTransportError(`ssh ${where}: ${oneLine((e as Error).message)}`);
          });
        }
        const what = words(command);
        if (r.timedOut) throw new CephTransportError(`${what}: timed out after ${Math.round(timeoutMs / 1000)} s (ssh ${where})`);
        if (r.aborted) throw new CephTransportError(`${what}: cancelled`);
        if (r.truncated)
          throw new CephTransportError(`${what}: more output than ${Math.round((o.maxBytes ?? 8 * 1024 * 1024) / 1024)} KiB (ssh ${where}); not read`);
        if (r.exitCode === null) throw new CephTransportError(`${what}: ended by ${r.signal ? `signal ${r.signal}` : 'a lost connection'} (ssh ${where})`);
        if (r.exitCode === 127 && /not found/.test(r.stderr)) {
          throw new CephTransportError(`${oneLine(r.stderr)} on ${where} (install ceph-common there, or use the toolbox pod)`);
        }
        // The CLI cannot even reach a cluster: one line, not a Python repr.
        if (r.exitCode !== 0 && /Error initializing cluster client/.test(r.stderr)) {
          const why = r.stderr
            .trim()
            .split('\n')
            .pop()!
            .replace(/^Error initializing cluster client: /, '');
          throw new CephTransportError(`cannot connect to ceph from ${where}: ${oneLine(why)}`);
        }
        return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode };
      } finally {
        release();
      }
    },
    close() {
      closed = true;
      const s = session;
      session = null;
      void s?.then(
        (live) => live.close(),
        () => undefined,
      );
    },
  };
}
