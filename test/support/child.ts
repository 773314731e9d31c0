// A child process a crash test builds, starts and kills: one bundle per test file (esbuild), its
// stdout read line by line as it comes, its exit awaited (a signal name when it was killed).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

/** Bundles `entry` into a fresh temporary directory; `cleanup` removes the directory. */
export async function bundleChild(entry: string, prefix: string): Promise<{ dir: string; file: string; cleanup(): void }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, 'child.mjs');
  await build({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile: file,
    logLevel: 'silent',
    // undici is CommonJS and requires node built-ins: give the ESM bundle a require.
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  });
  return { dir, file, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RunningChild {
  child: ChildProcess;
  /** Every complete stdout line so far. */
  lines: string[];
  /** The exit code, or the signal that ended it. */
  exited: Promise<number | string | null>;
}

/** Starts the bundle with `args`, `env` over this process's; stderr goes to the test's. */
export function startChild(file: string, args: string[], env: NodeJS.ProcessEnv): RunningChild {
  const child = spawn(process.execPath, [file, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines: string[] = [];
  let rest = '';
  child.stdout!.on('data', (c: Buffer) => {
    const parts = (rest + c.toString()).split('\n');
    rest = parts.pop()!;
    lines.push(...parts);
  });
  const exited = new Promise<number | string | null>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? code)));
  return { child, lines, exited };
}
