import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ensureBundle } from './bundle.js';
import { repoRoot } from './shared.js';

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'homelab-console');
const home = mkdtempSync(path.join(tmpdir(), 'hc-cli-'));

/** Runs the built CLI with no config file and an empty HOME unless `env` says otherwise. */
export async function runCli(args: string[], env: Record<string, string> = {}, input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  await ensureBundle();
  try {
    const p = run(process.execPath, [bin, ...args], {
      env: { ...process.env, HOMELAB_CONSOLE_CONFIG: path.join(home, 'absent.yaml'), HOME: home, KUBECONFIG: '', ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (input !== undefined) p.child.stdin?.end(input);
    const { stdout, stderr } = await p;
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
