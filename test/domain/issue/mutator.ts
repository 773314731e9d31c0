import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { hasShared, listCorpus, readCorpus, repoRoot } from '../../support/shared.js';

/** Mutated real bodies for the fuzz and differential tests: a seeded PRNG, the seed bodies and the mutators. */

/** The seeded PRNG the simulator's seeds use (mulberry32): a failing body can be rebuilt from its number. */
export { mulberry32 as prng } from '../../../src/sim/kube/seed/builders.js';

export const SEEDS = [
  ...readdirSync(path.join(repoRoot, 'test', 'fixtures', 'issues')).map((f) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'issues', f), 'utf8')),
  readFileSync(path.join(repoRoot, 'src', 'sim', 'seed', 'maintenance-body.md'), 'utf8'),
  ...(hasShared ? listCorpus('issues', '.md').map((f) => readCorpus('issues', f)) : []),
];

export const TOKENS = [
  '```',
  '```bash',
  '~~~',
  '````',
  '- [ ] ',
  '- [x] ',
  '* [X] **A1 P0 Metal**: ',
  '**A1 P0**:',
  '## Action Items (Tasks)',
  '## Change Log',
  '## Closure',
  '### Critical (P0)',
  '| **Overall Status** | ',
  '| **Last Updated** | ',
  '**Final Status**: ',
  '|---|---|',
  '| - | - |',
  '<!--',
  '-->',
  '`',
  '``',
  '~~',
  '*(completed ',
  ')*',
  '|',
  '\\|',
  '\0',
  '\r',
  '\t',
  '\uFFFD',
  '\uD800',
  '🔴',
  ':red_circle:',
  '#######',
  '> ',
];

export function randomText(rnd: () => number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.35) s += TOKENS[Math.floor(rnd() * TOKENS.length)];
    else if (r < 0.5) s += '\n';
    else if (r < 0.55) s += '\r\n';
    else if (r < 0.65) s += ' '.repeat(1 + Math.floor(rnd() * 8));
    else s += String.fromCharCode(32 + Math.floor(rnd() * 95));
  }
  return s;
}

export function mutate(rnd: () => number, body: string): string {
  let lines = body.split('\n');
  const ops = 1 + Math.floor(rnd() * 6);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rnd() * (lines.length + 1));
    switch (Math.floor(rnd() * 9)) {
      case 0:
        lines.splice(at, 1 + Math.floor(rnd() * 20));
        break;
      case 1:
        lines.splice(at, 0, ...lines.slice(at, at + 1 + Math.floor(rnd() * 30)));
        break;
      case 2:
        lines.splice(at, 0, TOKENS[Math.floor(rnd() * TOKENS.length)] ?? '');
        break;
      case 3:
        lines.splice(at, 0, randomText(rnd, 1 + Math.floor(rnd() * 40)));
        break;
      case 4: // deep nesting: lists and quotes hundreds deep
        lines.splice(at, 0, ...Array.from({ length: 50 }, (_, d) => `${'  '.repeat(d)}- [ ] **N${d} P1**: nested`), '> '.repeat(500) + '- [ ] quoted');
        break;
      case 5:
        lines = lines.map((l) => (rnd() < 0.5 ? l + '\r' : l));
        break;
      case 6: // truncate mid-line
        return lines.join('\n').slice(0, Math.floor(rnd() * body.length));
      case 7: // a very long single line
        lines.splice(at, 0, '- [ ] ' + '`'.repeat(5000) + ' '.repeat(5000) + '*'.repeat(5000));
        break;
      case 8:
        lines.splice(at, 0, '\0'.repeat(100));
        break;
    }
  }
  return lines.join(rnd() < 0.2 ? '\r\n' : '\n');
}

const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const spaces = (rnd: () => number, max: number) => ' '.repeat(Math.floor(rnd() * (max + 1)));

const FENCE_RUNS = ['```', '````', '`````', '~~~', '~~~~', '```bash', '~~~yaml', '``` `x`', '``'];
const BLOCK_LINES = [
  '- [ ] **Z9 P1 Apps**: fenced?',
  '- [x] done?',
  '* [ ] star',
  '+ [X] plus',
  '1. [ ] ordered',
  '2) [x] ordered paren',
  '- [ ]',
  '- [ ] ',
  '-\t[ ] tab after marker',
  '- [\t] tab mark',
  '-      [ ] five spaces after marker',
  '- [ ]no space',
  '-',
  '  [ ] after a blank item',
  '> - [ ] quoted',
  '>- [x] quoted tight',
  '> ```',
  '<!--',
  '-->',
  '<!-- one line -->',
  '<details>',
  '</details>',
  '<summary>Logs</summary>',
  '<div class="x">',
  '<pre>',
  '</pre>',
  '<script>',
  '</script>',
  '<?php',
  '?>',
  '<!DOCTYPE html>',
  '<![CDATA[',
  ']]>',
  '<span>inline</span>',
  '<custom-tag a="1">',
  '',
  '',
  '---',
  '***',
  '===',
  '    indented code - [ ] x',
  '\t- [ ] tab indented',
  '# heading',
  '## Action Items (Tasks)',
  'plain paragraph text',
  '  - [ ] **N1 P2**: nested-looking',
  '   - [ ] three spaces',
];

/**
 * The block-level mutations the CommonMark differential needs on top of `mutate`: fences opened and
 * closed at 0–6 spaces, tildes, longer or shorter closers, list items and boxes inside fences, block
 * quotes, HTML blocks, a BOM, CRLF and lone CR line endings.
 */
export function mutateBlocks(rnd: () => number, body: string): string {
  let lines = body.split(/\r\n|\n/);
  const ops = 1 + Math.floor(rnd() * 5);
  for (let k = 0; k < ops; k++) {
    const at = Math.floor(rnd() * (lines.length + 1));
    switch (Math.floor(rnd() * 10)) {
      case 0: // an opener and a closer, each at 0–6 spaces, with boxes between
        lines.splice(
          at,
          0,
          spaces(rnd, 6) + pick(rnd, FENCE_RUNS),
          ...Array.from({ length: Math.floor(rnd() * 4) }, () => spaces(rnd, 4) + pick(rnd, BLOCK_LINES)),
          spaces(rnd, 6) + pick(rnd, FENCE_RUNS),
        );
        break;
      case 1: // a lone fence line: opens a block that swallows what follows, or closes one early
        lines.splice(at, 0, spaces(rnd, 6) + pick(rnd, FENCE_RUNS));
        break;
      case 2: // re-indent an existing fence line
        for (let i = at; i < lines.length; i++) {
          const t = lines[i]!.trimStart();
          if (t.startsWith('```') || t.startsWith('~~~')) {
            lines[i] = spaces(rnd, 6) + t;
            break;
          }
        }
        break;
      case 3:
        lines.splice(at, 0, ...Array.from({ length: 1 + Math.floor(rnd() * 4) }, () => spaces(rnd, 5) + pick(rnd, BLOCK_LINES)));
        break;
      case 4: // quote a run of lines
        for (let i = at; i < Math.min(lines.length, at + 1 + Math.floor(rnd() * 8)); i++) lines[i] = pick(rnd, ['> ', '>', '> > ', ' > ']) + lines[i];
        break;
      case 5: // an HTML block around a run of lines
        lines.splice(at, 0, pick(rnd, ['<details>', '<!--', '<pre>', '<div>', '<table>', '<custom a="1">']));
        lines.splice(at + 1 + Math.floor(rnd() * 8), 0, pick(rnd, ['</details>', '-->', '</pre>', '</div>', '', '</custom>']));
        break;
      case 6: // indent a run of lines (turns items into nested items, code, or continuation text)
        {
          const pad = spaces(rnd, 6) || ' ';
          for (let i = at; i < Math.min(lines.length, at + 1 + Math.floor(rnd() * 6)); i++) lines[i] = pad + lines[i];
        }
        break;
      case 7: // remove the blank lines of a run (lazy continuation, paragraphs running into lists)
        lines = lines.filter((l, i) => i < at || i > at + 20 || l.trim() !== '');
        break;
      case 8:
        lines.splice(at, 1 + Math.floor(rnd() * 10));
        break;
      case 9: // a tab where spaces were
        if (lines[at] !== undefined) lines[at] = lines[at]!.replace(/^ {1,4}|(?<=^[-*+]) /, '\t');
        break;
    }
  }
  const eol = pick(rnd, ['\n', '\n', '\n', '\r\n', '\r', 'mixed']);
  let out = eol === 'mixed' ? lines.map((l, i) => l + (i === lines.length - 1 ? '' : pick(rnd, ['\n', '\r\n', '\r']))).join('') : lines.join(eol);
  if (rnd() < 0.1) out = '\uFEFF' + out;
  return out;
}
