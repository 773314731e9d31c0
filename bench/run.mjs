// Runs a TypeScript benchmark: bundles bench/NAME.ts with the console's own build options
// (scripts/bundle-options.mjs: the same externals and lazily loaded chunks as dist/, so the figures
// are the shipped bundle's) into node_modules/.cache/hc-bench and runs it with this Node.
// Usage: node bench/run.mjs NAME [args…]      node bench/run.mjs all   runs every bench and prints README's table
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleOptions } from '../scripts/bundle-options.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [name, ...args] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: node bench/run.mjs NAME [ARGS…]   (runs bench/NAME.ts)\n');
  process.exit(2);
}
const base = name.replace(/\.ts$/, '');
/** bench/*.ts and bare-ink.tsx, by name. */
function everyBench() {
  const files = readdirSync(path.join(root, 'bench')).filter((f) => f.endsWith('.ts') || f === 'bare-ink.tsx');
  return Object.fromEntries(files.map((f) => [f.replace(/\.tsx?$/, ''), path.join('bench', f)]));
}
const outDir = path.join(root, 'node_modules', '.cache', 'hc-bench');
mkdirSync(outDir, { recursive: true });
rmSync(path.join(outDir, `${base}-chunks`), { recursive: true, force: true });
await build({
  ...bundleOptions,
  absWorkingDir: root,
  // `all` runs every bench (it also times a bare Ink app against the console's frames): all of
  // them are bundled beside it, the same way.
  entryPoints: base === 'all' ? everyBench() : { [base]: path.join('bench', `${base}.ts`) },
  outdir: outDir,
  outExtension: { '.js': '.mjs' },
  // The entry stays at hc-bench/NAME.mjs (tui-latency finds the repository three levels up); the
  // demo seed's file lookup also finds the sources from one level below it.
  chunkNames: `${base}-chunks/[name]-[hash]`,
});
const child = spawn(process.execPath, [path.join(outDir, `${base}.mjs`), ...args], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
