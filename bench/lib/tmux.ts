// A real terminal for the benchmarks, read event by event: a tmux server with one pane, and a
// control-mode client (`tmux -C`) that receives every byte the pane's program writes as a
// `%output` notification the moment tmux reads it from the pty. No polling process: the bench
// waits on those notifications, and captures the screen (capture-pane) only when a frame ended.
import { spawn, execFileSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';

/** Ink's end of a synchronized update (DEC mode 2026): the frame is complete on the terminal. */
export const ESU = '\u001b[?2026l';

/** Screen of the demo/console once every pane is past waiting/syncing. */
export const fullScreen = (s: string) =>
  /issue #\d+/.test(s) && /Overall/.test(s) && /HEALTH_/.test(s) && /#4\d/.test(s) && !/syncing|waiting|loading/i.test(s);

interface Pending {
  resolve: (lines: string[]) => void;
  lines: string[];
}

/** `\ooo` octal escapes of control-mode output back to the pane's bytes (as latin1 text). */
function unescape(data: string): string {
  return data.replace(/\\([0-7]{3})/g, (_m, o: string) => String.fromCharCode(parseInt(o, 8)));
}

export class TmuxPane {
  private readonly client: ChildProcessWithoutNullStreams;
  private readonly queue: Pending[] = [];
  private current: Pending | null = null;
  private listeners: Array<(data: string, at: number) => void> = [];
  /** Everything the pane's program wrote since the last respawn, as latin1. */
  output = '';

  private constructor(
    readonly socket: string,
    client: ChildProcessWithoutNullStreams,
  ) {
    this.client = client;
    const lines = createInterface({ input: client.stdout });
    lines.on('line', (line) => this.onLine(line));
  }

  /** A detached session of cols x rows running an idle shell, and a control client attached to it. */
  static async start(cols: number, rows: number, env: Record<string, string> = {}): Promise<TmuxPane> {
    const socket = `hc-bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    const envArgs = Object.entries({ CI: 'false', TERM: 'xterm-256color', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    execFileSync('tmux', ['-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'b', '-x', String(cols), '-y', String(rows), ...envArgs, 'sleep 100000']);
    execFileSync('tmux', ['-L', socket, 'set-option', '-g', 'remain-on-exit', 'on']);
    execFileSync('tmux', ['-L', socket, 'set-option', '-g', 'default-size', `${cols}x${rows}`]);
    execFileSync('tmux', ['-L', socket, 'set-window-option', '-g', 'window-size', 'manual']);
    const client = spawn('tmux', ['-L', socket, '-C', 'attach-session', '-t', 'b'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const pane = new TmuxPane(socket, client);
    await pane.command('refresh-client -C ' + `${cols}x${rows}`);
    return pane;
  }

  private onLine(line: string): void {
    if (this.current) {
      if (line.startsWith('%end ') || line.startsWith('%error ')) {
        const done = this.current;
        this.current = null;
        done.resolve(done.lines);
      } else this.current.lines.push(line);
      return;
    }
    if (line.startsWith('%begin ')) {
      this.current = this.queue.shift() ?? { resolve: () => {}, lines: [] };
      return;
    }
    if (line.startsWith('%output ')) {
      const at = performance.now();
      const space = line.indexOf(' ', 8);
      const data = unescape(line.slice(space + 1));
      this.output += data;
      for (const l of [...this.listeners]) l(data, at);
    }
  }

  /** Runs one tmux command through the control client and resolves with its output lines. */
  command(cmd: string): Promise<string[]> {
    return new Promise((resolve) => {
      this.queue.push({ resolve, lines: [] });
      this.client.stdin.write(cmd + '\n');
    });
  }

  /** Replaces the pane's program with `argv` (exec'd, so the pane's pid is the program's); resolves with the time the command was sent. */
  async run(argv: string[]): Promise<number> {
    this.output = '';
    const line = argv.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    const t0 = performance.now();
    this.client.stdin.write(`respawn-pane -k -t b "exec ${line.replace(/(["\\$])/g, '\\$1')}"\n`);
    this.queue.push({ resolve: () => {}, lines: [] });
    return t0;
  }

  /** Resolves with the arrival time of the first output for which `test(all output so far)` holds. */
  waitOutput(test: (all: string, chunk: string) => boolean, timeoutMs = 60_000): Promise<number> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off(l);
        reject(new Error(`no such output within ${timeoutMs} ms`));
      }, timeoutMs);
      const l = (data: string, at: number) => {
        if (!test(this.output, data)) return;
        clearTimeout(timer);
        this.off(l);
        resolve(at);
      };
      this.listeners.push(l);
    });
  }

  /**
   * Resolves with the time the frame ended (ESU) after which the screen satisfies `test`; the
   * screen is captured once per finished frame, never in a loop.
   */
  waitScreen(test: (screen: string) => boolean, timeoutMs = 120_000): Promise<{ at: number; screen: string }> {
    return new Promise((resolve, reject) => {
      let busy = false;
      let again = false;
      let lastEsu = 0;
      const timer = setTimeout(() => {
        this.off(l);
        reject(new Error(`screen condition not met within ${timeoutMs} ms`));
      }, timeoutMs);
      const check = async () => {
        busy = true;
        do {
          again = false;
          const at = lastEsu;
          const screen = await this.capture();
          if (test(screen)) {
            clearTimeout(timer);
            this.off(l);
            resolve({ at, screen });
            return;
          }
        } while (again);
        busy = false;
      };
      const l = (data: string, at: number) => {
        if (!data.includes(ESU)) return;
        lastEsu = at;
        if (busy) again = true;
        else void check();
      };
      this.listeners.push(l);
    });
  }

  private off(l: (data: string, at: number) => void): void {
    this.listeners = this.listeners.filter((x) => x !== l);
  }

  /** Counts frames (ESU) from now until `stop()` is called. */
  countFrames(): { stop(): number } {
    let n = 0;
    const l = (data: string) => {
      n += data.split(ESU).length - 1;
    };
    this.listeners.push(l);
    return {
      stop: () => {
        this.off(l);
        return n;
      },
    };
  }

  async capture(): Promise<string> {
    return (await this.command('capture-pane -p -t b')).join('\n');
  }

  async panePid(): Promise<number> {
    return Number((await this.command("display-message -p -t b '#{pane_pid}'"))[0]);
  }

  /** Sends one key (tmux key name, e.g. `j`, `C-f`, `Tab`) and resolves with the time it was written. */
  sendKey(key: string): number {
    const t = performance.now();
    this.client.stdin.write(`send-keys -t b ${key}\n`);
    this.queue.push({ resolve: () => {}, lines: [] });
    return t;
  }

  close(): void {
    try {
      execFileSync('tmux', ['-L', this.socket, 'kill-server'], { stdio: 'ignore' });
    } catch {
      // already gone
    }
    this.client.kill();
  }
}
