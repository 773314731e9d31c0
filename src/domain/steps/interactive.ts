import { commandName, splitCommands, unwrap, type SimpleCommand } from './shell-words.js';

/**
 * Which commands need the real terminal (a TTY) rather than a captured pane. Decided per simple
 * command through the shell lexer, by the command word and its TTY flags — never by a word
 * anywhere in the line: `kubectl top nodes` prints a table and is captured like any read, while
 * `top` as the command is a full-screen program.
 */

/** Full-screen or prompt-driven programs, as the command word. */
const FULL_SCREEN = new Set([
  'less',
  'more',
  'most',
  'vi',
  'vim',
  'nvim',
  'view',
  'nano',
  'emacs',
  'pico',
  'micro',
  'top',
  'htop',
  'btop',
  'atop',
  'iotop',
  'k9s',
  'watch',
  'man',
  'mc',
  'tig',
  'lazygit',
  'tmux',
  'screen',
  'sensible-editor',
  'editor',
  '$EDITOR',
  '${EDITOR}',
  '$VISUAL',
  '${VISUAL}',
  '$PAGER',
  '${PAGER}',
]);

const SHELLS = new Set(['sh', 'bash', 'zsh', 'fish', 'dash', 'ash']);
const KUBECTL = new Set(['kubectl', 'k', 'oc']);
const CONTAINER = new Set(['docker', 'podman', 'nerdctl', 'crictl']);
/** kubectl global and subcommand flags that take a separate value (`-n ns`, `--context x`). */
const KUBECTL_VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '--context',
  '--kubeconfig',
  '--cluster',
  '--user',
  '-s',
  '--server',
  '-c',
  '--container',
  '-l',
  '--selector',
  '-o',
  '--output',
  '-f',
  '--filename',
]);
/** ssh options that take a value; anything after the host is the remote command. */
const SSH_VALUE_FLAGS = /^-[bcDEeFIiJLlmOopQRSWw]$/;

/** A short-flag cluster (`-it`, `-ti`, `-t`) or `--tty` asks for a TTY. */
function asksTty(args: readonly string[]): boolean {
  for (const a of args) {
    if (a === '--') return false;
    if (a === '--tty' || a === '--tty=true') return true;
    if (/^-[a-zA-Z]+$/.test(a) && a.includes('t')) return true;
  }
  return false;
}

/** The first word that is neither a flag nor a flag's value. */
function subcommand(args: readonly string[], valueFlags: ReadonlySet<string>): { sub: string | null; rest: string[] } {
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') return { sub: null, rest: [] };
    if (a.startsWith('-')) {
      if (valueFlags.has(a)) i++;
      continue;
    }
    return { sub: a, rest: args.slice(i + 1) };
  }
  return { sub: null, rest: [] };
}

function kubectlInteractive(args: readonly string[]): boolean {
  const { sub, rest } = subcommand(args, KUBECTL_VALUE_FLAGS);
  if (sub === 'edit') return true;
  if (sub === 'exec' || sub === 'attach' || sub === 'run' || sub === 'debug') return asksTty([...args.slice(0, args.indexOf(sub)), ...rest]);
  return false;
}

function sshInteractive(args: readonly string[]): boolean {
  let i = 0;
  let tty = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith('-')) break;
    if (/^-[a-zA-Z]*t/.test(a) && !SSH_VALUE_FLAGS.test(a)) tty = true;
    if (SSH_VALUE_FLAGS.test(a)) i++;
  }
  const host = args[i];
  if (host === undefined) return false;
  // `ssh host` opens a login shell; `ssh -t host cmd` asks for a TTY for cmd.
  return tty || args.length === i + 1;
}

/** True when this simple command needs the terminal; `piped`: its stdin is the previous command's output. */
export function commandNeedsTerminal(cmd: Pick<SimpleCommand, 'argv' | 'redirects' | 'keywords'>, piped = false): boolean {
  const argv = unwrap(cmd.argv);
  const name = commandName(argv);
  const args = argv.slice(1);
  if (!name) return false;
  if (FULL_SCREEN.has(name) || FULL_SCREEN.has(argv[0] ?? '')) return true;
  if (KUBECTL.has(name)) return kubectlInteractive(args);
  if (CONTAINER.has(name)) {
    const { sub, rest } = subcommand(args, new Set());
    return (sub === 'exec' || sub === 'run' || sub === 'attach') && asksTty(rest);
  }
  if (name === 'ssh') return sshInteractive(args);
  if (SHELLS.has(name)) return args.length === 0 || args.includes('-i');
  if (name === 'su') return !args.some((a) => a === '-c' || a.startsWith('--command'));
  // `read` prompts the operator unless its input is a pipe, a redirect or a while loop's.
  if (name === 'read') return !piped && !cmd.redirects.some((r) => r.op.startsWith('<')) && !cmd.keywords.includes('while');
  // Any other command asking for an interactive TTY in one cluster (`-it`, `-ti`).
  return args.some((a) => a === '-it' || a === '-ti');
}

/** True when a command text needs the real terminal rather than a captured pane. */
export function needsTerminal(text: string): boolean {
  if (/\binteractive\s*=\s*true\b/.test(text)) return true;
  const commands = splitCommands(text);
  return commands.some((c, i) => commandNeedsTerminal(c, i > 0 && commands[i - 1]!.sep === '|'));
}
