// What the bundle is built from, as one content hash: build.mjs records it after a build, and tests
// that run the binary (test/support/bundle.ts) rebuild only when it changed. Unit tests never build.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const FILES = ['package.json', 'package-lock.json', 'scripts/build.mjs', 'scripts/bundle-options.mjs'];

function walk(dir, out) {
  for (const name of readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) walk(file, out);
    else out.push(file);
  }
  return out;
}

/** sha256 over every file under src/ and the build's own inputs (path and content). */
export function bundleInputsHash(root) {
  const hash = createHash('sha256');
  const files = [...walk(path.join(root, 'src'), []), ...FILES.map((f) => path.join(root, f))];
  for (const file of files) {
    hash.update(path.relative(root, file));
    hash.update('\0');
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update('(absent)');
    }
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** Where build.mjs records the hash of the sources dist/ was built from (outside dist: never packed). */
export function bundleStampPath(root) {
  return path.join(root, 'node_modules', '.cache', 'homelab-console', 'bundle-inputs');
}
