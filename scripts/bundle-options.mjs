// esbuild options shared by the console's build (scripts/build.mjs) and the benchmarks
// (bench/run.mjs), so a benchmark measures the bundle that ships.

/**
 * Loaded from node_modules at run time: ssh2 (optional native parts, imported on first use) and ws
 * (its optional native add-ons). Everything else is bundled, @kubernetes/client-node included: only
 * the parts src/services/kube/client-node.ts names, in a chunk that is imported on first use.
 */
export const EXTERNAL = ['ssh2', 'cpu-features', 'ws', 'bufferutil', 'utf-8-validate'];

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  // Ink imports react-devtools-core statically; an external would crash at start, so stub it.
  alias: { 'react-devtools-core': './src/cli/devtools-stub.ts' },
  external: EXTERNAL,
  // Bundled CommonJS (undici, isomorphic-ws…) calls require(); ESM output has none of its own.
  banner: {
    js: "import { createRequire as __hcCreateRequire } from 'node:module'; const require = __hcCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
};
