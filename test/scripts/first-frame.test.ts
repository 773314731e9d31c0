import { build, type Metafile } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without types
import { bundleOptions } from '../../scripts/bundle-options.mjs';
import { DEMO_CONFIG } from '../../src/cli/console-flags.js';
import { defaultConfig } from '../../src/services/config/schema.js';

// Paint first, then load: what `demo` imports before its first frame (main.ts and the demo
// command's chunk, through static imports only) is Ink, React and the skeleton; the configuration
// schema (zod), the YAML parser and the Kubernetes client come after.
const dir = path.join(process.cwd(), 'node_modules', '.cache', `hc-first-frame-test-${process.pid}`);
let meta: Metafile;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  const r = await build({
    ...(bundleOptions as object),
    absWorkingDir: process.cwd(),
    entryPoints: ['src/main.ts'],
    outdir: dir,
    metafile: true,
    write: true,
    logLevel: 'error',
  });
  meta = r.metafile;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function staticInputs(entrySource: string): Set<string> {
  const outs = meta.outputs;
  const start = Object.keys(outs).filter((o) => outs[o]!.entryPoint === 'src/main.ts' || Object.keys(outs[o]!.inputs).includes(entrySource));
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const o = stack.pop()!;
    if (seen.has(o)) continue;
    seen.add(o);
    for (const imp of outs[o]!.imports) if (imp.kind === 'import-statement' && outs[imp.path]) stack.push(imp.path);
  }
  return new Set([...seen].flatMap((o) => Object.keys(outs[o]!.inputs)));
}

describe('the demo paints before it loads', () => {
  it('loads neither zod, yaml, the config schema nor the Kubernetes client before its first frame', () => {
    const inputs = [...staticInputs('src/cli/commands/demo.ts')];
    expect(inputs.some((i) => i.includes('node_modules/ink/'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/(zod|yaml|@kubernetes|undici|ssh2)\//.test(i))).toEqual([]);
    expect(inputs.filter((i) => /src\/services\/(config|kube|gitea|ceph)\//.test(i))).toEqual([]);
  });

  it("touches no global fetch while Ink starts (yoga's probe would load Node's internal undici)", () => {
    writeFileSync(
      path.join(dir, 'ink-only.ts'),
      "import 'ink';\nsetTimeout(() => console.log(JSON.stringify(process.moduleLoadList.filter((m) => m.includes('undici')))), 50);\n",
    );
    const inkDir = path.join(dir, 'ink-only');
    return build({
      ...(bundleOptions as object),
      absWorkingDir: process.cwd(),
      entryPoints: [path.join(dir, 'ink-only.ts')],
      outdir: inkDir,
      outExtension: { '.js': '.mjs' },
      logLevel: 'error',
    }).then(() => {
      const r = spawnSync(process.execPath, [path.join(inkDir, 'ink-only.mjs')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual([]);
    });
  });

  it("the demo's written-out settings are the schema's defaults", () => {
    const d = defaultConfig();
    expect(DEMO_CONFIG).toEqual({ ui: d.ui, keys: d.keys, kube: d.kube });
  });
});
