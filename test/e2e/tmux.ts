import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/shared.js';
import { waitFor } from '../support/wait.js';

export const EXIT_MARKER = 'CONSOLE-EXITED';

/**
 * The environment of the live console (no --demo) as an operator starts it against the demo
 * simulators: Gitea and the kube API from the world, and a home, state and temp dir of its own
 * under `tmp` so nothing of the machine's is read or written.
 */
export function liveConsoleEnv(
  world: { giteaUrl: string; token: string; kubeconfigPath: string | null },
  tmp: string,
  o: { alerts?: { namespace: string; service: string; port: string } } = {},
): Record<string, string> {
  // With `alerts`, a config file says where the cluster's Alertmanager is, as the operator's would.
  if (o.alerts) {
    writeFileSync(
      path.join(tmp, 'config.yaml'),
      `alerts:\n  namespace: ${o.alerts.namespace}\n  service: ${o.alerts.service}\n  port: "${o.alerts.port}"\n  intervalSeconds: 2\n`,
    );
  }
  return {
    ...(o.alerts ? { HOMELAB_CONSOLE_CONFIG: path.join(tmp, 'config.yaml') } : {}),
    GITEA_URL: world.giteaUrl,
    GITEA_TOKEN: world.token,
    KUBECONFIG: world.kubeconfigPath ?? '',
    HOME: tmp,
    XDG_STATE_HOME: path.join(tmp, 'state'),
    TMPDIR: tmp,
  };
}

export function hasTmux(): boolean {
  try {
    execFileSync('tmux', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * The real built binary in a real tmux server: a unique -L socket per session (reusing a name
 * right after kill-server can fail), CI=false (Ink renders nothing in CI), a UTF-8 locale (the glyphs the tests read), polling with deadlines.
 */
export class TmuxConsole {
  private constructor(readonly socket: string) {}

  /** `command` replaces `node bin/homelab-console` (e.g. an installed copy's bin, run through PATH's node). */
  static start(
    args: string[],
    {
      columns = 120,
      rows = 40,
      env = {},
      command,
      shell = false,
    }: {
      columns?: number;
      rows?: number;
      env?: Record<string, string>;
      command?: string[];
      /** Type the command into an interactive bash (job control: Ctrl-Z, fg) instead of running it as the pane's command. */
      shell?: boolean;
    } = {},
  ): TmuxConsole {
    const socket = `hc-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
    const bin = path.join(repoRoot, 'bin', 'homelab-console');
    const quoted = [...(command ?? [process.execPath, bin]), ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    // After the console exits, print a marker and keep the pane open so the restored screen can be read.
    const script = `${quoted}; echo "${EXIT_MARKER} $?"; sleep 60`;
    const envArgs = Object.entries({ CI: 'false', LANG: 'C.UTF-8', HOMELAB_CONSOLE_CONFIG: '/nonexistent/config.yaml', PS1: 'hc-shell$ ', ...env }).flatMap(
      ([k, v]) => ['-e', `${k}=${v}`],
    );
    const paneCommand = shell ? 'bash --norc --noprofile -i' : script;
    execFileSync('tmux', [
      '-L',
      socket,
      '-f',
      '/dev/null',
      'new-session',
      '-d',
      '-s',
      'hc',
      '-x',
      String(columns),
      '-y',
      String(rows),
      ...envArgs,
      paneCommand,
    ]);
    const c = new TmuxConsole(socket);
    if (shell) {
      // The bare command: a list (`cmd; echo`) would run on past a stopped job.
      c.type(quoted);
      c.keys('Enter');
    }
    return c;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
  }

  /** A server option (`set-clipboard on`: applications' OSC 52 fills tmux's paste buffer). */
  setOption(name: string, value: string): void {
    this.tmux('set-option', '-s', name, value);
  }

  /** tmux's newest paste buffer, or null when there is none. */
  pasteBuffer(): string | null {
    try {
      return this.tmux('show-buffer');
    } catch {
      return null;
    }
  }

  /** Empties tmux's paste buffers (a test copies twice). */
  tmuxDeleteBuffer(): void {
    while (this.pasteBuffer() !== null) this.tmux('delete-buffer');
  }

  capture(): string {
    return this.tmux('capture-pane', '-p', '-t', 'hc');
  }

  /** The screen with each cell's attributes as escape sequences (what the terminal was told to draw). */
  captureWithAttributes(): string {
    return this.tmux('capture-pane', '-p', '-e', '-t', 'hc');
  }

  /** The pane's title, as an OSC 0/2 sequence would have set it. */
  paneTitle(): string {
    return this.tmux('display-message', '-p', '-t', 'hc', '#{pane_title}').trim();
  }

  /** tmux's view of the pane: alternate screen on, cursor visible. */
  paneFlags(): { alternate: boolean; cursorVisible: boolean } {
    const [alt, cursor] = this.tmux('display-message', '-p', '-t', 'hc', '#{alternate_on} #{cursor_flag}').trim().split(' ');
    return { alternate: alt === '1', cursorVisible: cursor === '1' };
  }

  /** The console process (the child of the pane's shell). */
  consolePid(): number {
    const shell = this.tmux('display-message', '-p', '-t', 'hc', '#{pane_pid}').trim();
    const child = execFileSync('pgrep', ['-P', shell], { encoding: 'utf8' }).trim().split('\n')[0];
    if (!child) throw new Error('no console process under the pane');
    return Number(child);
  }

  /** Sends a signal to the console process; KILL is the crash no handler sees. */
  signal(name: 'TERM' | 'HUP' | 'KILL'): void {
    process.kill(this.consolePid(), `SIG${name}`);
  }

  /** Named keys (Enter, Escape, Up, C-c, j); each call is one write to the pane. */
  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'hc', ...keys);
  }

  type(text: string): void {
    this.tmux('send-keys', '-t', 'hc', '-l', text);
  }

  resize(columns: number, rows: number): void {
    this.tmux('resize-window', '-t', 'hc', '-x', String(columns), '-y', String(rows));
  }

  async waitFor(what: string | RegExp, timeoutMs = 10_000): Promise<string> {
    let last = '';
    try {
      return await waitFor(
        () => {
          last = this.capture();
          return (typeof what === 'string' ? last.includes(what) : what.test(last)) ? last : null;
        },
        { timeoutMs, intervalMs: 10, what: String(what) },
      );
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- screen ---\n${last}`, { cause: err });
    }
  }

  async waitForGone(what: string, timeoutMs = 10_000): Promise<string> {
    return waitFor(
      () => {
        const s = this.capture();
        return s.includes(what) ? null : s;
      },
      { timeoutMs, intervalMs: 10, what: `${what} to disappear` },
    );
  }

  kill(): void {
    try {
      this.tmux('kill-server');
    } catch {
      // already gone
    }
  }
}
