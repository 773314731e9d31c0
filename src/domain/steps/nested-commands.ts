import { commandName, splitCommands, unwrap, type SimpleCommand } from './shell-words.js';

/** A simple command plus where it runs when it is nested (`ssh node …`, `kubectl exec … --`, `bash -c`). */
export interface FoundCommand extends SimpleCommand {
  /** `ssh root@10.0.20.11`, `kubectl exec`, `bash -c`, `$(…)`; empty at top level. */
  via: string[];
  /** True when this command only carries a nested one (`kubectl exec … -- X`, `ssh host X`, `bash -c X`). */
  wrapper: boolean;
}

const SSH_VALUE_FLAGS = new Set(['-p', '-i', '-l', '-o', '-J', '-F', '-L', '-R', '-D', '-b', '-c', '-E', '-e', '-m', '-O', '-Q', '-S', '-W', '-w', '-B']);
export const KUBECTL_VALUE_FLAGS = new Set([
  '-n',
  '--namespace',
  '--context',
  '--kubeconfig',
  '-l',
  '--selector',
  '-o',
  '--output',
  '-c',
  '--container',
  '-f',
  '--filename',
  '--field-selector',
  '--cluster',
  '--user',
  '-s',
  '--server',
  '--sort-by',
  '--tail',
  '--since',
  '--timeout',
  '--replicas',
  '--for',
  '--type',
  '-p',
  '--patch',
]);

/** Every simple command in `text`, including the ones nested inside ssh, kubectl exec, `bash -c` and `$(…)`. */
export function findCommands(text: string, via: string[] = [], depth = 0): FoundCommand[] {
  const out: FoundCommand[] = [];
  for (const cmd of splitCommands(text)) {
    const argv = aliased(unwrap(cmd.argv));
    const inner = depth > 4 ? null : innerCommand(argv);
    out.push({ ...cmd, argv, via, wrapper: inner !== null });
    if (depth > 4) continue;
    // Command substitutions run too: in words, in `VAR=$(…)` assignments, old-style backticks.
    for (const word of [...Object.values(cmd.assignments), ...argv]) {
      for (const m of word.matchAll(/\$\(([^]*)\)/g)) out.push(...findCommands(m[1]!, [...via, '$(…)'], depth + 1));
      for (const m of word.matchAll(/`([^`]*)`/g)) out.push(...findCommands(m[1]!, [...via, '`…`'], depth + 1));
    }
    if (inner) out.push(...findCommands(inner.text, [...via, inner.via], depth + 1));
  }
  return out;
}

/** Common shell aliases, read as what they stand for (`k get pods` is kubectl). */
const ALIASES: Record<string, string> = { k: 'kubectl', kc: 'kubectl' };

function aliased(argv: string[]): string[] {
  const real = ALIASES[argv[0] ?? ''];
  return real ? [real, ...argv.slice(1)] : argv;
}

function innerCommand(argv: string[]): { text: string; via: string } | null {
  const name = commandName(argv);
  if (name === 'eval' && argv.length > 1) return { text: argv.slice(1).join(' '), via: 'eval' };
  if (name === 'ssh') {
    let i = 1;
    while (i < argv.length && argv[i]!.startsWith('-')) i += SSH_VALUE_FLAGS.has(argv[i]!) ? 2 : 1;
    const host = argv[i];
    const rest = argv.slice(i + 1);
    if (!host || rest.length === 0) return null;
    return { text: rest.join(' '), via: `ssh ${host}` };
  }
  if (name === 'kubectl' || name === 'k3s') {
    const dash = argv.indexOf('--');
    if (dash > 0 && argv.slice(0, dash).some((w) => w === 'exec' || w === 'debug' || w === 'run')) {
      return {
        text: argv
          .slice(dash + 1)
          .map(quoteIfNeeded)
          .join(' '),
        via: 'kubectl exec',
      };
    }
    return null;
  }
  if (['bash', 'sh', 'zsh', 'dash'].includes(name)) {
    const c = argv.indexOf('-c');
    if (c > 0 && argv[c + 1] !== undefined) return { text: argv[c + 1]!, via: `${name} -c` };
  }
  return null;
}

function quoteIfNeeded(word: string): string {
  return /[\s;&|<>()$`"'\\]/.test(word) ? `'${word.replace(/'/g, `'\\''`)}'` : word;
}

/** Positional words after the command name, skipping flags and the values of known value-taking flags. */
export function positionals(argv: string[], valueFlags: ReadonlySet<string> = KUBECTL_VALUE_FLAGS): string[] {
  const out: string[] = [];
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--') break;
    if (w.startsWith('-') && w.length > 1) {
      if (!w.includes('=') && valueFlags.has(w)) i += 1;
      continue;
    }
    out.push(w);
  }
  return out;
}

/** The value of a flag given as `--flag value`, `--flag=value` or `-n value`. */
export function flagValue(argv: string[], ...names: string[]): string | null {
  for (let i = 1; i < argv.length; i++) {
    const w = argv[i]!;
    if (w === '--') break;
    for (const n of names) {
      if (w === n && i + 1 < argv.length) return argv[i + 1]!;
      if (w.startsWith(`${n}=`)) return w.slice(n.length + 1);
    }
  }
  return null;
}
