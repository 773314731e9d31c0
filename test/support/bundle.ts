import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { bundleInputsHash, bundleStampPath } from '../../scripts/bundle-inputs.mjs';
import { repoRoot } from './shared.js';
import { waitFor } from './wait.js';

/** The built CLI; call `ensureBundle()` (in beforeAll, or through runCli/TmuxConsole) before running it. */
export const binPath = path.join(repoRoot, 'bin', 'homelab-console');

const LOCK = path.join(path.dirname(bundleStampPath(repoRoot)), 'build.lock');
/** A lock older than this is a build that died; a build takes seconds. */
const STALE_LOCK_MS = 180_000;

const current = () => {
  try {
    // The stamp lives in node_modules, which a fresh clone may copy from another checkout: the
    // build it stamps must be this checkout's (bin/homelab-console refuses without dist/main.js).
    statSync(path.join(repoRoot, 'dist', 'main.js'));
    return readFileSync(bundleStampPath(repoRoot), 'utf8') === bundleInputsHash(repoRoot);
  } catch {
    return false;
  }
};

let ensured: Promise<void> | null = null;

/**
 * Builds dist/ if its sources changed since the last build (content hash, see
 * scripts/bundle-inputs.mjs), once per test process. Test files run in parallel processes: one
 * builds under a lock directory, the others wait for the lock to go and check again.
 */
export function ensureBundle(): Promise<void> {
  return (ensured ??= build().catch((err: unknown) => {
    ensured = null;
    throw err;
  }));
}

async function build(): Promise<void> {
  for (;;) {
    if (current()) return;
    mkdirSync(path.dirname(LOCK), { recursive: true });
    try {
      mkdirSync(LOCK);
    } catch {
      // Another test process is building: wait until its lock is gone (or is a dead build's).
      await waitFor(() => !lockHeld(), { timeoutMs: STALE_LOCK_MS + 10_000, intervalMs: 100, what: 'another test process to finish building dist/' });
      continue;
    }
    try {
      if (!current()) await promisify(execFile)(process.execPath, [path.join(repoRoot, 'scripts', 'build.mjs')], { cwd: repoRoot, timeout: 120_000 });
      return;
    } finally {
      rmSync(LOCK, { recursive: true, force: true });
    }
  }
}

function lockHeld(): boolean {
  try {
    if (Date.now() - statSync(LOCK).mtimeMs < STALE_LOCK_MS) return true;
    rmSync(LOCK, { recursive: true, force: true });
    return false;
  } catch {
    return false;
  }
}
