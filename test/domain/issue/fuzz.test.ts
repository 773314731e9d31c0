import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appendChangeLogRow } from '../../../src/domain/issue/edits/change-log-edit.js';
import { fillClosure } from '../../../src/domain/issue/edits/closure-edit.js';
import { setLastUpdated, setOverallStatus } from '../../../src/domain/issue/edits/field-edits.js';
import { tickItem, untickItem } from '../../../src/domain/issue/edits/item-edits.js';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import { buildPlan, parseFocus } from '../../../src/domain/issue/plan.js';
import type { BodyEdit } from '../../../src/domain/issue/types.js';
import { hasShared, listCorpus, readCorpus, repoRoot } from '../../support/shared.js';

/** A small seeded PRNG so a failing body can be rebuilt from its number. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SEEDS = [
  ...readdirSync(path.join(repoRoot, 'test', 'fixtures', 'issues')).map((f) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'issues', f), 'utf8')),
  readFileSync(path.join(repoRoot, 'src', 'sim', 'seed', 'maintenance-body.md'), 'utf8'),
  ...(hasShared ? listCorpus('issues', '.md').map((f) => readCorpus('issues', f)) : []),
];

const TOKENS = [
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

function randomText(rnd: () => number, n: number): string {
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

function mutate(rnd: () => number, body: string): string {
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

function makeBody(n: number): string {
  const rnd = prng(n);
  const kind = n % 20;
  const seed = SEEDS[Math.floor(rnd() * SEEDS.length)] ?? '';
  if (kind === 0) return randomText(rnd, 200 + Math.floor(rnd() * 2000));
  if (kind === 1 && n % 1000 === 1) return seed.repeat(40 + Math.floor(rnd() * 40)); // huge: ~0.5–1.5 MB
  if (kind === 2) return seed.replace(/\n/g, '\r\n');
  if (kind === 3) return seed + '\n```\n' + seed; // an unbalanced fence swallowing a whole body
  return mutate(rnd, seed);
}

const STAMP = { at: new Date('2026-11-26T20:30:00Z'), timeZone: 'America/Chicago' };

function exercise(body: string, n: number): void {
  const doc = parseIssue(body);
  buildPlan(doc);
  buildPlan(doc, parseFocus(['Metal', 'P0', 'A1', 'Storage'], doc));
  const first = doc.items[n % Math.max(1, doc.items.length)];
  const all: BodyEdit[] = [
    setOverallStatus('GREEN'),
    setLastUpdated(STAMP),
    appendChangeLogRow({ stamp: STAMP, action: 'fuzz | action', status: 'RED' }),
    fillClosure({ closedBy: 'fuzz' }),
  ];
  // Every body gets a tick (when it has items) and one of the other edits, in rotation.
  const edits = [all[n % all.length]!];
  if (first) edits.push(n % 2 === 0 ? tickItem(first, { stamp: STAMP, outcome: 'ok' }) : untickItem(first));
  for (const edit of edits) {
    const r = edit.apply(body);
    if (r.ok) {
      expect(typeof r.body).toBe('string');
      expect(edit.isApplied(r.body)).toBe(true);
    } else {
      expect(r.conflict.length).toBeGreaterThan(0);
    }
  }
}

describe('fuzz: random and mutated bodies', () => {
  const TOTAL = 10_000;
  it(`parses, plans and edits ${TOTAL} bodies without throwing`, () => {
    let huge = 0;
    for (let n = 0; n < TOTAL; n++) {
      const body = makeBody(n);
      if (body.length > 400_000) huge++;
      try {
        exercise(body, n);
      } catch (err) {
        throw new Error(`body #${n} (${body.length} chars): ${(err as Error).message}`, { cause: err });
      }
    }
    expect(huge).toBeGreaterThan(0);
  }, 120_000);
});
