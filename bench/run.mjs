// Runs a TypeScript benchmark: bundles bench/NAME.ts with esbuild (packages stay external) into
// node_modules/.cache/hc-bench and runs it with this Node. Usage: node bench/run.mjs NAME [args…]
import { build } from 'esbuild';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [name, ...args] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: node bench/run.mjs NAME [ARGS…]   (runs bench/NAME.ts)\n');
  process.exit(2);
}
const outDir = path.join(root, 'node_modules', '.cache', 'hc-bench');
mkdirSync(outDir, { recursive: true });
const outfile = path.join(outDir, `${name}.mjs`);
await build({
  absWorkingDir: root,
  entryPoints: [path.join('bench', `${name.replace(/\.ts$/, '')}.ts`)],
  outfile,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  packages: 'external',
  logLevel: 'warning',
});
const child = spawn(process.execPath, [outfile, ...args], { stdio: 'inherit' });
child.on('exit', (code) => process.exit(code ?? 1));
