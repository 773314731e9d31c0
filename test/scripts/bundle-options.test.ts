import { tokenize as realTokenize } from '@alcalzone/ansi-tokenize';
import { build } from 'esbuild';
import fc from 'fast-check';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import realStringWidth from 'string-width';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain .mjs build script without types
import { bundleOptions } from '../../scripts/bundle-options.mjs';

// The build memoises string-width and the ANSI tokenizer (for Ink's per-frame costs); the bundled
// functions must answer exactly what the packages answer.
const dir = path.join(process.cwd(), 'node_modules', '.cache', `hc-bundle-test-${process.pid}`);
type Mod = { stringWidth: typeof realStringWidth; tokenize: typeof realTokenize };
let bundled: Mod;

beforeAll(async () => {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'entry.ts'), "export { default as stringWidth } from 'string-width';\nexport { tokenize } from '@alcalzone/ansi-tokenize';\n");
  await build({ ...(bundleOptions as object), absWorkingDir: process.cwd(), entryPoints: [path.join(dir, 'entry.ts')], outdir: dir, splitting: false });
  bundled = (await import(pathToFileURL(path.join(dir, 'entry.js')).href)) as Mod;
}, 30_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = fc.oneof(
  fc.string({
    unit: fc.constantFrom(
      'a',
      ' ',
      '─',
      '│',
      '●',
      '✓',
      '界',
      '😀',
      '\u0301',
      '\u200b',
      '\t',
      '\u001b[31m',
      '\u001b[0m',
      '\u001b[1m',
      '\u001b]8;;http://x\u0007',
    ),
  }),
  fc.string({ unit: 'grapheme' }),
  fc.string(),
);
const options = fc.option(
  fc.record(
    { ambiguousIsNarrow: fc.option(fc.boolean(), { nil: undefined }), countAnsiEscapeCodes: fc.option(fc.boolean(), { nil: undefined }) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('bundle options: memoised string-width and tokenize', () => {
  it('string-width gives the width the package gives, for any text and options, asked once or again', () => {
    fc.assert(
      fc.property(text, options, options, (t, o1, o2) => {
        expect(bundled.stringWidth(t, o1)).toBe(realStringWidth(t, o1));
        expect(bundled.stringWidth(t, o2)).toBe(realStringWidth(t, o2));
        expect(bundled.stringWidth(t, o1)).toBe(realStringWidth(t, o1));
      }),
      { numRuns: 1500 },
    );
  });

  it('tokenize gives the tokens the package gives, and the same array for the same line', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(bundled.tokenize(t)).toEqual(realTokenize(t));
        expect(bundled.tokenize(t)).toBe(bundled.tokenize(t));
      }),
      { numRuns: 800 },
    );
    expect(bundled.tokenize('ab\u001b[31mc', 2)).toEqual(realTokenize('ab\u001b[31mc', 2));
  });
});
