import { describe, it } from 'vitest';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * `../shared` beside the checkout (CI and every developer machine have it), or HOMELAB_SHARED.
 * Tests that read it call `describeCorpus`, which says plainly why it skipped when it is absent.
 */
export const sharedDir = process.env.HOMELAB_SHARED ?? path.resolve(repoRoot, '..', 'shared');
export const corpusDir = path.join(sharedDir, 'corpus');
export const hasShared = existsSync(corpusDir);
export const SHARED_ABSENT = `needs ../shared/corpus beside the checkout (or HOMELAB_SHARED); not found at ${corpusDir}`;

export function corpusPath(...parts: string[]): string {
  return path.join(corpusDir, ...parts);
}

export function readCorpus(...parts: string[]): string {
  return readFileSync(corpusPath(...parts), 'utf8');
}

export function listCorpus(sub: string, suffix = ''): string[] {
  if (!hasShared) return [];
  return readdirSync(corpusPath(sub))
    .filter((f) => f.endsWith(suffix))
    .sort();
}

/** True when CI must run the real-server tests rather than skip them. */
export const requireRealServers = process.env.HOMELAB_REQUIRE_REAL === '1';

/**
 * A suite over the real corpus. Without ../shared it reports one skipped test that says why and
 * never runs `body` (a skipped describe's body still runs at collection, where corpus reads throw).
 */
export function describeCorpus(name: string, body: () => void): void {
  if (hasShared) describe(name, body);
  else it.skip(`${name}: ${SHARED_ABSENT}`, () => {});
}
