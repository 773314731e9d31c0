// Bundles the console into dist/ so the first frame does not wait for module resolution.
// The Kubernetes client and ssh2 stay external and are imported on first use.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

await build({
  absWorkingDir: root,
  entryPoints: ['src/main.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  sourcemap: 'linked',
  minify: false,
  logLevel: 'warning',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink imports react-devtools-core statically; an external would crash at start, so stub it.
  alias: { 'react-devtools-core': './src/cli/devtools-stub.ts' },
  external: ['@kubernetes/client-node', 'ssh2', 'cpu-features', 'ws', 'bufferutil', 'utf-8-validate'],
  banner: {
    js: "import { createRequire as __hcCreateRequire } from 'node:module'; const require = __hcCreateRequire(import.meta.url);",
  },
});
