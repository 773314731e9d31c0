import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/shared.js';

/** Our own bodies in test/fixtures/issues, one per form and edge case. */
export function fixture(name: string): string {
  return readFileSync(path.join(repoRoot, 'test', 'fixtures', 'issues', name), 'utf8');
}

export const fixturePath = (name: string) => path.join(repoRoot, 'test', 'fixtures', 'issues', name);

export const seedBodyPath = path.join(repoRoot, 'src', 'sim', 'seed', 'maintenance-body.md');
