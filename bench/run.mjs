// Runs a TypeScript benchmark: `node bench/run.mjs issue-parse` bundles bench/issue-parse.ts with
// esbuild (the sources import './x.js' for './x.ts', which plain Node cannot resolve) and runs it.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const name = process.argv[2];
if (!name) {
  process.stderr.write('usage: node bench/run.mjs NAME   (runs bench/NAME.ts)\n');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), 'hc-bench-'));
const out = path.join(dir, `${name}.mjs`);
try {
  await build({ entryPoints: [path.join(here, `${name}.ts`)], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'warning', packages: 'external', absWorkingDir: path.dirname(here) });
  // --expose-gc lets a benchmark collect between runs so pauses do not land in a measurement; the
  // bundle runs from a temp dir, so benchmarks find the repository through HC_REPO_ROOT.
  const r = spawnSync(process.execPath, ['--expose-gc', out, ...process.argv.slice(3)], {
    stdio: 'inherit',
    env: { ...process.env, HC_REPO_ROOT: path.dirname(here) },
  });
  process.exitCode = r.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
