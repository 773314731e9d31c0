// Bundles the console into dist/ so the first frame does not wait for module resolution.
// The Kubernetes client is bundled too, tree-shaken into its own chunk that loads on first use;
// ssh2 stays external and is imported on first use (see scripts/bundle-options.mjs).
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { bundleOptions } from './bundle-options.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  ...bundleOptions,
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  sourcemap: 'linked',
  minify: false,
});
