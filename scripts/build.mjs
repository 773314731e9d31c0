// Bundles the console into dist/ so the first frame does not wait for module resolution.
// The Kubernetes client is bundled too, tree-shaken into its own chunk that loads on first use;
// ssh2 stays external and is imported on first use (see scripts/bundle-options.mjs).
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { bundleOptions } from './bundle-options.mjs';
import { bundleInputsHash, bundleStampPath } from './bundle-inputs.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Hashed before building: a source edited during the build makes the next check rebuild.
const inputs = bundleInputsHash(root);
const result = await build({
  ...bundleOptions,
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  sourcemap: 'linked',
  minify: false,
  metafile: true,
});

// Chunk names carry content hashes, so every build adds files; drop those this build did not write
// (after it wrote its own, so a console already running from the new build keeps its chunks).
const written = new Set(Object.keys(result.metafile.outputs).map((p) => path.resolve(root, p)));
const dist = path.join(root, 'dist');
// The demo's seed texts (src/sim/seed/*.md) are read from beside the bundle (read-seed.ts), so an
// installed package, which has no src/, still runs the demo.
const seeds = path.join(root, 'src', 'sim', 'seed');
for (const name of readdirSync(seeds).filter((n) => n.endsWith('.md'))) {
  copyFileSync(path.join(seeds, name), path.join(dist, name));
  written.add(path.join(dist, name));
}
for (const name of readdirSync(dist)) {
  const file = path.join(dist, name);
  if (!written.has(file)) rmSync(file, { recursive: true, force: true });
}

// What this dist/ was built from, so tests that run the binary rebuild only when it changed.
const stamp = bundleStampPath(root);
mkdirSync(path.dirname(stamp), { recursive: true });
writeFileSync(stamp, inputs);
