// esbuild options shared by the console's build (scripts/build.mjs) and the benchmarks
// (bench/run.mjs), so a benchmark measures the bundle that ships.

/**
 * Loaded from node_modules at run time: ssh2 (optional native parts, imported on first use) and ws
 * (its optional native add-ons). Everything else is bundled, @kubernetes/client-node included: only
 * the parts src/services/kube/client-node.ts names, in a chunk that is imported on first use.
 */
export const EXTERNAL = ['ssh2', 'cpu-features', 'ws', 'bufferutil', 'utf-8-validate'];

/**
 * Ink measures every line, text node and cell with string-width on every frame, in caches that
 * live for one frame; non-ASCII text (borders, status glyphs) goes through Intl.Segmenter and
 * Unicode regexes each time. This wraps the package (whatever resolves as `string-width`) in a
 * bounded memo shared across frames. string-width is a pure function of its input and options,
 * so every caller gets the same answers.
 * @type {import('esbuild').Plugin}
 */
const memoStringWidth = {
  name: 'memo-string-width',
  setup(build) {
    build.onResolve({ filter: /^string-width$/ }, async (args) => {
      if (args.pluginData === 'memo-string-width') return undefined;
      const real = await build.resolve('string-width', { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'memo-string-width' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'memo-string-width' };
    });
    build.onLoad({ filter: /.*/, namespace: 'memo-string-width' }, (args) => ({
      resolveDir: '.',
      loader: 'js',
      contents: `import stringWidth from ${JSON.stringify(args.path)};
const LIMIT = 4096;
const caches = [new Map(), new Map(), new Map(), new Map()];
export default function memoStringWidth(text, options) {
  if (typeof text !== 'string') return stringWidth(text, options);
  let slot = 0;
  if (options !== undefined) {
    const { ambiguousIsNarrow = true, countAnsiEscapeCodes = false, ...other } = options;
    if (Object.keys(other).length > 0) return stringWidth(text, options);
    slot = (ambiguousIsNarrow ? 0 : 1) + (countAnsiEscapeCodes ? 2 : 0);
  }
  const cache = caches[slot];
  let width = cache.get(text);
  if (width === undefined) {
    width = stringWidth(text, options);
    if (cache.size >= LIMIT) cache.clear();
    cache.set(text, width);
  }
  return width;
}
`,
    }));
  },
};

/**
 * The same for the ANSI tokenizer Ink runs on every line of every frame (its other top cost). Its
 * callers only read the tokens (styledCharsFromTokens copies them), so one array can serve every
 * frame that draws the same line. Fewer entries: a line's tokens are an object per character.
 * @type {import('esbuild').Plugin}
 */
const memoTokenize = {
  name: 'memo-tokenize',
  setup(build) {
    build.onResolve({ filter: /^@alcalzone\/ansi-tokenize$/ }, async (args) => {
      if (args.pluginData === 'memo-tokenize') return undefined;
      const real = await build.resolve('@alcalzone/ansi-tokenize', { kind: args.kind, resolveDir: args.resolveDir, pluginData: 'memo-tokenize' });
      if (real.errors.length > 0) return { errors: real.errors };
      return { path: real.path, namespace: 'memo-tokenize' };
    });
    build.onLoad({ filter: /.*/, namespace: 'memo-tokenize' }, (args) => ({
      resolveDir: '.',
      loader: 'js',
      contents: `import { tokenize as realTokenize } from ${JSON.stringify(args.path)};
export * from ${JSON.stringify(args.path)};
const LIMIT = 1024;
const cache = new Map();
export function tokenize(text, endChar) {
  if (endChar !== undefined || typeof text !== 'string') return realTokenize(text, endChar);
  let tokens = cache.get(text);
  if (tokens === undefined) {
    tokens = realTokenize(text);
    if (cache.size >= LIMIT) cache.clear();
    cache.set(text, tokens);
  }
  return tokens;
}
`,
    }));
  },
};

/**
 * yoga-layout (Ink's layout engine) decides how to instantiate its embedded wasm with
 * `typeof fetch`; on Node that first touch of the global loads Node's internal undici (~20 ms of
 * startup before the first frame) only to take the synchronous path anyway, as the wasm is inline.
 * The probe reads as "no fetch" here, so yoga takes that path without loading undici.
 * @type {import('esbuild').Plugin}
 */
const yogaNoFetchProbe = {
  name: 'yoga-no-fetch-probe',
  setup(build) {
    build.onLoad({ filter: /yoga-layout[\\/]dist[\\/]binaries[\\/].*\.js$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const text = await readFile(args.path, 'utf8');
      const probe = '"function"!=typeof fetch';
      if (!text.includes(probe)) return undefined;
      return { contents: text.replaceAll(probe, 'true'), loader: 'js' };
    });
  },
};

/** @type {import('esbuild').BuildOptions} */
export const bundleOptions = {
  plugins: [memoStringWidth, memoTokenize, yogaNoFetchProbe],
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
