import type { Client, ClientChannel } from 'ssh2';

export interface CaptureOptions {
  /** Stop waiting (and ask sshd to kill the command) after this long. */
  timeoutMs: number;
  /** Bytes kept per stream; a command printing more is stopped and `truncated` set. Default 8 MiB. */
  maxBytes?: number;
  signal?: AbortSignal;
  /**
   * Run the command under a watchdog that kills its process group when the channel closes (default
   * true). sshd neither kills a command without a terminal when the client goes away nor, for root
   * logins, honours the signal request; without this a timed-out `ceph` call would live on.
   */
  watchdog?: boolean;
}

/** A remote command's whole stdout and stderr, kept apart, and how it ended. */
export interface CaptureResult {
  stdout: string;
  stderr: string;
  /** null when it did not exit by itself (timed out, aborted, truncated, killed by a signal). */
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  /** A stream went over `maxBytes`; what was kept is its beginning. */
  truncated: boolean;
  durationMs: number;
}

export const DEFAULT_CAPTURE_MAX_BYTES = 8 * 1024 * 1024;

/** The channel could not be opened: nothing ran on the host, so the caller may retry on a new connection. */
export class SshChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshChannelError';
  }
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * POSIX sh: runs "$1" in its own session (setsid, when the host has it) with stdin from /dev/null,
 * while a reader holds the channel's stdin; EOF there (our close, a lost connection) kills the group.
 */
// A background job's stdin is /dev/null unless redirected, hence the channel's stdin kept on fd 3.
const WATCHDOG = [
  'exec 3<&0',
  'if command -v setsid >/dev/null 2>&1; then setsid sh -c "$1" </dev/null 3<&- & else sh -c "$1" </dev/null 3<&- & fi',
  'c=$!',
  '{ cat <&3 >/dev/null; kill -s KILL -- -"$c" || kill -s KILL "$c"; } >/dev/null 2>&1 &',
  'exec 3<&-',
  'w=$!',
  'wait "$c"; s=$?',
  'kill "$w" 2>/dev/null',
  'exit "$s"',
].join('\n');

/** `command` wrapped so it dies with its channel (see CaptureOptions.watchdog). */
export function withWatchdog(command: string): string {
  return `sh -c ${quote(WATCHDOG)} hc-watchdog ${quote(command)}`;
}

/** Bytes of one stream up to a bound, decoded once at the end (a UTF-8 character may span chunks). */
class BoundedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  overflowed = false;

  constructor(private readonly max: number) {}

  /** False once the bound is passed. */
  push(chunk: Buffer): boolean {
    if (this.overflowed) return false;
    const room = this.max - this.size;
    if (chunk.length > room) {
      this.chunks.push(chunk.subarray(0, room));
      this.size = this.max;
      this.overflowed = true;
      return false;
    }
    this.chunks.push(chunk);
    this.size += chunk.length;
    return true;
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/**
 * Runs `command` on an open connection and collects its stdout and stderr separately and in full
 * (up to `maxBytes` each), for callers that parse output (ceph --format json) rather than show a tail.
 * The command's stdin is empty, so one that reads it sees EOF instead of hanging.
 */
export function captureOn(client: Client, command: string, opts: CaptureOptions): Promise<CaptureResult> {
  const started = Date.now();
  const max = opts.maxBytes ?? DEFAULT_CAPTURE_MAX_BYTES;
  return new Promise((resolve, reject) => {
    if (opts.signal?.aborted) {
      resolve({ stdout: '', stderr: '', exitCode: null, signal: null, timedOut: false, aborted: true, truncated: false, durationMs: 0 });
      return;
    }
    const line = opts.watchdog === false ? command : withWatchdog(command);
    try {
      client.exec(line, (err, stream) => (err ? reject(new SshChannelError(`exec failed: ${err.message}`)) : collect(stream)));
    } catch (err) {
      // ssh2 throws synchronously when the connection is already gone.
      reject(new SshChannelError(`exec failed: ${(err as Error).message}`));
      return;
    }

    function collect(stream: ClientChannel): void {
      const out = new BoundedBuffer(max);
      const err = new BoundedBuffer(max);
      let exitCode: number | null = null;
      let signal: string | null = null;
      let stop: 'timeout' | 'abort' | 'truncated' | null = null;
      let finished = false;
      let grace: NodeJS.Timeout | undefined;

      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearTimeout(grace);
        opts.signal?.removeEventListener('abort', onAbort);
        resolve({
          stdout: out.text(),
          stderr: err.text(),
          exitCode: stop ? null : exitCode,
          signal,
          timedOut: stop === 'timeout',
          aborted: stop === 'abort',
          truncated: out.overflowed || err.overflowed,
          durationMs: Date.now() - started,
        });
      };
      const halt = (why: 'timeout' | 'abort' | 'truncated') => {
        if (stop || finished) return;
        stop = why;
        // sshd may ignore the signal request and keep the channel until its child exits:
        // ask, close our side, and stop waiting after a short grace.
        try {
          stream.signal('KILL');
        } catch {
          /* the channel is already closing */
        }
        stream.close();
        grace = setTimeout(finish, 500);
        grace.unref();
      };
      const onAbort = () => halt('abort');
      const timer = setTimeout(() => halt('timeout'), opts.timeoutMs);
      opts.signal?.addEventListener('abort', onAbort, { once: true });

      stream.on('data', (c: Buffer) => {
        if (!out.push(c)) halt('truncated');
      });
      stream.stderr.on('data', (c: Buffer) => {
        if (!err.push(c)) halt('truncated');
      });
      stream.on('exit', (code: number | null, sig?: string) => {
        exitCode = typeof code === 'number' ? code : null;
        signal = sig ?? null;
      });
      stream.on('close', finish);
      // Without the watchdog, stdin is closed at once; with it, the watchdog's reader holds it open.
      if (opts.watchdog === false) stream.end();
    }
  });
}
