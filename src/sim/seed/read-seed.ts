import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Reads a text file that sits beside this module in `src/sim/seed/`, whether running from the
 * sources (vitest, tsx) or from the esbuild bundle in `dist/` (which does not carry the .md files).
 */
export function seedFilePath(name: string): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  const candidates = [path.join(here, name), path.resolve(here, '..', 'src', 'sim', 'seed', name), path.resolve(here, '..', '..', 'src', 'sim', 'seed', name)];
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`demo seed file ${name} not found (looked in ${candidates.join(', ')})`);
  return found;
}

export function readSeedText(name: string): string {
  return readFileSync(seedFilePath(name), 'utf8');
}
