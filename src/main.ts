import { UsageError, UserError } from './cli/errors.js';
import { writeErr, writeOut } from './cli/output.js';
import { commandTable as commands } from './cli/command-table.js';
import { takeLogFile } from './cli/log-flag.js';

/** The version npm installed: package.json beside dist/ (the bundle) or src/ (tests), read only when asked. */
async function packageVersion(): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
  return pkg.version ?? 'unknown';
}

async function usage(): Promise<string> {
  const lines = ['usage: homelab-console [COMMAND] [OPTIONS]', '', 'With no command, opens the console on the latest maintenance issue.', '', 'commands:'];
  for (const [name, load] of Object.entries(commands)) {
    const mod = (await load()).default;
    lines.push(`  ${name.padEnd(9)} ${mod.summary}`);
  }
  lines.push(
    '',
    "Run 'homelab-console COMMAND --help' for a command's options.",
    'Every command takes --log-file FILE (or HOMELAB_CONSOLE_LOG=FILE): a debug log of requests (method, path,',
    'status, time; never bodies or secrets) and service errors. Exit codes: docs/exit-codes.md.',
  );
  return lines.join('\n') + '\n';
}

export async function main(all: string[]): Promise<number> {
  const { argv, logFile } = takeLogFile(all, process.env);
  if (logFile) {
    const { setDebugLogFile } = await import('./services/log/debug-log.js');
    setDebugLogFile(logFile);
  }
  const [first, ...rest] = argv;
  if (first === '--help' || first === '-h' || first === 'help') {
    writeOut(await usage());
    return 0;
  }
  if (first === '--version' || first === '-V' || first === 'version') {
    writeOut(`homelab-console ${await packageVersion()}
`);
    return 0;
  }
  // No subcommand (or only flags): the full-screen console.
  const name = first === undefined || first.startsWith('-') ? 'console' : first;
  const args = name === first ? rest : argv;
  const load = commands[name];
  if (!load) throw new UsageError(`unknown command '${name}'; run homelab-console --help`);
  const mod = (await load()).default;
  if (args.includes('--help') || args.includes('-h')) {
    writeOut(mod.usage.endsWith('\n') ? mod.usage : mod.usage + '\n');
    return 0;
  }
  try {
    return await mod.run(args);
  } catch (err) {
    return failed(err, mod.errorExitCode);
  }
}

/** One line on stderr for any failure, never a stack trace (unless HOMELAB_CONSOLE_DEBUG asks); the exit code. */
function failed(err: unknown, override?: number): number {
  void import('./services/log/debug-log.js').then((m) => m.logServiceError('cli', 'failed', err));
  if (err instanceof UsageError || err instanceof UserError) {
    writeErr(`homelab-console: ${err.message}\n`);
    return override ?? err.exitCode;
  }
  // A bug, not a user mistake: still one line, with a pointer to the debug switch.
  const message = err instanceof Error ? err.message : String(err);
  writeErr(`homelab-console: internal error: ${message}\n`);
  if (process.env.HOMELAB_CONSOLE_DEBUG) writeErr(`${String((err as Error)?.stack ?? '')}\n`);
  return override ?? 1;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.exitCode = failed(err);
  },
);
