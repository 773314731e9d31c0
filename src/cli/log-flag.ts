import { UsageError } from './errors.js';

/**
 * `--log-file FILE` (or HOMELAB_CONSOLE_LOG) is taken out before the command sees its flags: every
 * command has it, and it is about the process, not the command.
 */
export function takeLogFile(argv: string[], env: NodeJS.ProcessEnv): { argv: string[]; logFile: string | null } {
  const out: string[] = [];
  let logFile: string | null = env.HOMELAB_CONSOLE_LOG || null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (arg === '--log-file') {
      const value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError('--log-file needs a file');
      logFile = value;
      i++;
    } else if (arg.startsWith('--log-file=')) {
      logFile = arg.slice('--log-file='.length);
      if (!logFile) throw new UsageError('--log-file needs a file');
    } else out.push(arg);
  }
  return { argv: out, logFile };
}
