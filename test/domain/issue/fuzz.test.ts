import { describe, expect, it } from 'vitest';
import { appendChangeLogRow } from '../../../src/domain/issue/edits/change-log-edit.js';
import { fillClosure } from '../../../src/domain/issue/edits/closure-edit.js';
import { setLastUpdated, setOverallStatus } from '../../../src/domain/issue/edits/field-edits.js';
import { tickItem, untickItem } from '../../../src/domain/issue/edits/item-edits.js';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import { buildPlan, parseFocus } from '../../../src/domain/issue/plan.js';
import type { BodyEdit } from '../../../src/domain/issue/types.js';
import { mutate, prng, randomText, SEEDS } from './mutator.js';

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
  }, 300_000);
});
