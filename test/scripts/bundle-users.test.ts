import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.js';

function testFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) testFiles(file, out);
    else if (/\.test\.tsx?$/.test(name)) out.push(file);
  }
  return out;
}

// Nothing builds dist/ globally any more (unit files start in milliseconds), so a test that runs
// the binary must ask for it: runCli does, anything else calls ensureBundle().
describe('tests that run the built CLI build it first', () => {
  it('every test file that runs bin/homelab-console or tmux calls ensureBundle or goes through runCli', () => {
    const missing = testFiles(path.join(repoRoot, 'test')).filter((file) => {
      const text = readFileSync(file, 'utf8');
      const runsBinary = /'bin', 'homelab-console'|bin\/homelab-console|TmuxConsole|from '\.\.\/\.\.\/dist|dist\/main/.test(text);
      return runsBinary && !/ensureBundle|runCli\(/.test(text);
    });
    expect(missing.map((f) => path.relative(repoRoot, f))).toEqual([]);
  });
});
