/**
 * What one `ceph` call produced, and how to read it. The CLI's habits shape this file:
 * stdout starts with "\n" under --format json, commands with nothing to say print only "\n",
 * their message (or their error) goes to stderr, and some failures still exit 0.
 */
export interface CephExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** A failed ceph call, already reduced to one line a person can act on. */
export class CephCommandError extends Error {
  constructor(
    message: string,
    readonly argv: readonly string[],
    readonly exitCode: number | null,
  ) {
    super(message);
    this.name = 'CephCommandError';
  }
}

/** The ceph words of an argv (no --format json, no -c FILE), for messages. */
export function describeArgv(argv: readonly string[]): string {
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--format' || a === '-f' || a === '-c' || a === '--conf' || a === '--connect-timeout') {
      i++;
      continue;
    }
    if (a.startsWith('--format=') || a.startsWith('--yes-i-really')) continue;
    words.push(a);
  }
  if (words[0] !== 'ceph') words.unshift('ceph');
  return words.join(' ');
}

/** The most useful single line of a ceph stderr (it may hold a usage dump or a Python traceback). */
export function stderrLine(stderr: string): string | null {
  const lines = stderr
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length === 0) return null;
  const first = lines[0]!;
  if (/^Invalid command:/i.test(first)) return first;
  if (/^no valid command found/i.test(first)) return 'no valid command found (unknown ceph command)';
  const error = lines.find((l) => /^Error E[A-Z]+:/.test(l));
  if (error) return error;
  if (/^Traceback/.test(first)) return lines[lines.length - 1]!;
  return first;
}

/** Messages ceph prints on stderr with exit code 0 although nothing happened (Pacific and later). */
const SOFT_FAILURE = [/does not exist/i, /\bnot found\b/i, /^Error E[A-Z]+/m, /invalid command/i];

/**
 * Parses the JSON stdout of `ceph … --format json`. Throws CephCommandError with one line when the
 * call failed, including the exit-0 failures that leave stdout empty.
 */
export function parseCephJson(result: CephExecResult, argv: readonly string[]): unknown {
  const what = describeArgv(argv);
  if (result.exitCode !== 0) throw commandError(result, argv);
  const text = result.stdout.trim();
  if (text.length === 0) {
    const line = stderrLine(result.stderr);
    throw new CephCommandError(`${what}: ${line ?? 'no output'}`, argv, result.exitCode);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CephCommandError(`${what}: output is not JSON (${text.slice(0, 60).replace(/\s+/g, ' ')}…)`, argv, result.exitCode);
  }
}

/**
 * Checks a write (osd set, osd out, crash archive, …) that prints nothing on success. Returns the
 * message ceph printed (stderr), or throws when the call failed, even with exit code 0.
 */
export function checkCephWrite(result: CephExecResult, argv: readonly string[]): string {
  if (result.exitCode !== 0) throw commandError(result, argv);
  const message = result.stderr.trim();
  if (SOFT_FAILURE.some((re) => re.test(message))) {
    throw new CephCommandError(`${describeArgv(argv)}: ${stderrLine(message) ?? message}`, argv, result.exitCode);
  }
  return message;
}

function commandError(result: CephExecResult, argv: readonly string[]): CephCommandError {
  const line = stderrLine(result.stderr) ?? stderrLine(result.stdout) ?? `exit code ${result.exitCode}`;
  return new CephCommandError(`${describeArgv(argv)}: ${line}`, argv, result.exitCode);
}
