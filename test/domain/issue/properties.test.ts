import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendChangeLogRow } from '../../../src/domain/issue/edits/change-log-edit.js';
import { fillClosure } from '../../../src/domain/issue/edits/closure-edit.js';
import { setLastUpdated, setOverallStatus } from '../../../src/domain/issue/edits/field-edits.js';
import { tickItem, untickItem } from '../../../src/domain/issue/edits/item-edits.js';
import { analyseIssue } from '../../../src/domain/issue/parse.js';
import { completionNoteText, detectTimestampStyle, formatTimestamp, type Stamp } from '../../../src/domain/issue/timestamp.js';
import type { BodyEdit, IssueDocument, OverallStatus } from '../../../src/domain/issue/types.js';
import { hasShared, listCorpus, readCorpus, repoRoot } from '../../support/shared.js';
import { bodyArbitrary } from './body-arbitrary.js';
import { fixture } from './fixtures.js';

const stampArb: fc.Arbitrary<Stamp> = fc.record({
  at: fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }),
  timeZone: fc.constantFrom('UTC', 'America/Chicago', 'Europe/Berlin', 'Asia/Kolkata'),
});
const textArb = fc.string({ maxLength: 40 });

type EditSpec =
  | { kind: 'tick'; pick: number; stamp?: Stamp; outcome?: string }
  | { kind: 'untick'; pick: number }
  | { kind: 'status'; value: OverallStatus }
  | { kind: 'updated'; stamp: Stamp }
  | { kind: 'log'; stamp: Stamp; action: string; result?: string; status?: OverallStatus }
  | { kind: 'closure'; closedBy?: string; stamp: Stamp };

const statusArb = fc.constantFrom<OverallStatus>('GREEN', 'YELLOW', 'RED');
const editArb: fc.Arbitrary<EditSpec> = fc.oneof(
  fc.record({
    kind: fc.constant('tick' as const),
    pick: fc.nat(),
    stamp: fc.option(stampArb, { nil: undefined }),
    outcome: fc.option(textArb, { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('untick' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('status' as const), value: statusArb }),
  fc.record({ kind: fc.constant('updated' as const), stamp: stampArb }),
  fc.record({
    kind: fc.constant('log' as const),
    stamp: stampArb,
    action: textArb,
    result: fc.option(textArb, { nil: undefined }),
    status: fc.option(statusArb, { nil: undefined }),
  }),
  fc.record({ kind: fc.constant('closure' as const), closedBy: fc.option(textArb, { nil: undefined }), stamp: stampArb }),
);

/** Where two strings differ: common prefix and suffix lengths. */
function diff(a: string, b: string): { start: number; aEnd: number; bEnd: number } {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let end = 0;
  while (end < a.length - start && end < b.length - start && a[a.length - 1 - end] === b[b.length - 1 - end]) end++;
  return { start, aEnd: a.length - end, bEnd: b.length - end };
}

const withoutLines = (doc: IssueDocument) => doc.items.map(({ line: _line, ...rest }) => rest);

/** outOfOrder derives from which items are unchecked, so a tick may change it on other items. */
function withOrderFlags(items: IssueDocument['items']): IssueDocument['items'] {
  let worst = -1;
  return items.map((it) => {
    if (it.checked || it.priority === null) return { ...it, outOfOrder: false };
    const rank = Number(it.priority[1]);
    const flagged = rank < worst;
    worst = Math.max(worst, rank);
    return { ...it, outOfOrder: flagged };
  });
}

/** Applies a random edit and checks both properties: untouched bytes stay, and the parse shows exactly the edit. */
function checkEdit(body: string, spec: EditSpec): void {
  const a = analyseIssue(body);
  const before = a.document;
  const items = before.items;
  const target = items.length > 0 && 'pick' in spec ? items[spec.pick % items.length] : undefined;
  let edit: BodyEdit;
  switch (spec.kind) {
    case 'tick':
      edit = tickItem(target ?? { id: 'ZZ99' }, { stamp: spec.stamp, outcome: spec.outcome });
      break;
    case 'untick':
      edit = untickItem(target ?? { id: 'ZZ99' });
      break;
    case 'status':
      edit = setOverallStatus(spec.value);
      break;
    case 'updated':
      edit = setLastUpdated(spec.stamp);
      break;
    case 'log':
      edit = appendChangeLogRow({ stamp: spec.stamp, action: spec.action, result: spec.result, status: spec.status });
      break;
    case 'closure':
      edit = fillClosure({ closedBy: spec.closedBy, closedAt: spec.stamp });
      break;
  }
  const r = edit.apply(body);
  if (!r.ok) {
    // Only a target that is absent (or ambiguous, with repeated IDs) may refuse.
    expect(r.kind === 'missing' || r.kind === 'ambiguous').toBe(true);
    if (spec.kind === 'tick' || spec.kind === 'untick')
      expect(target === undefined || items.filter((i) => i.id === target.id && i.title === target.title).length > 1 || target.id === null).toBe(true);
    if (spec.kind === 'status') expect(a.status).toBeNull();
    if (spec.kind === 'updated') expect(a.lastUpdated).toBeNull();
    if (spec.kind === 'log') expect(a.changeLog).toBeNull();
    if (spec.kind === 'closure') expect(a.closure).toBeNull();
    return;
  }
  const after = r.body;
  expect(edit.isApplied(after)).toBe(true);
  const again = edit.apply(after);
  expect(again).toEqual({ ok: true, body: after, changed: false });

  const d = diff(body, after);
  const after$ = analyseIssue(after).document;
  const lineSpan = (i: number) => {
    const l = a.lines[i]!;
    return [l.start, l.start + l.text.length] as const;
  };
  const within = (i: number) => {
    const [s, e] = lineSpan(i);
    expect(d.start).toBeGreaterThanOrEqual(s);
    expect(d.aEnd).toBeLessThanOrEqual(e);
    expect(after.slice(d.start, d.bEnd)).not.toMatch(/[\r\n]/);
  };

  switch (spec.kind) {
    case 'tick':
    case 'untick': {
      const index = items.indexOf(target!);
      if (r.changed) within(a.itemLines[index]!);
      const want = items.map((it, i) => {
        if (i !== index) return it;
        // stateNote is the trailing note of any kind: a tick's completion note, nothing after an untick.
        if (spec.kind === 'untick') return { ...it, checked: false, completionNote: null, stateNote: null };
        const note = it.completionNote ?? (spec.stamp ? completionNoteText(spec.stamp, spec.outcome) : null);
        return { ...it, checked: true, completionNote: note, stateNote: note === null ? null : { kind: 'completed' as const, text: note } };
      });
      expect(after$).toEqual({ ...before, items: withOrderFlags(want) });
      break;
    }
    case 'status':
      if (r.changed) within(a.status!.line);
      expect(after$).toEqual({ ...before, overallStatus: spec.value });
      break;
    case 'updated':
      if (r.changed) within(a.lastUpdated!.line);
      expect(after$).toEqual({ ...before, lastUpdated: formatTimestamp(spec.stamp, detectTimestampStyle(a.lastUpdated!.value)) });
      break;
    case 'log': {
      const spot = a.changeLog!;
      const placeholder = spot.placeholderLine;
      if (placeholder !== null) within(placeholder);
      else {
        // A pure insertion of one line (and its ending) right after the table's last line.
        expect(d.aEnd).toBe(d.start);
        const inserted = after.slice(d.start, d.bEnd);
        expect(inserted.replace(/^\r?\n|\r?\n$/, '')).not.toMatch(/\n/);
      }
      const rows = after$.changeLog!.rows;
      expect(rows.slice(0, -1)).toEqual(before.changeLog!.rows);
      expect(rows.at(-1)).toHaveLength(spot.columns.length);
      expect(after$.changeLog!.hasPlaceholder).toBe(false);
      const insertedAt = placeholder === null ? spot.lastLine + 1 : Infinity;
      expect(after$.items).toEqual(before.items.map((it) => ({ ...it, line: it.line - 1 >= insertedAt ? it.line + 1 : it.line })));
      expect({ ...after$, items: [], changeLog: null }).toEqual({ ...before, items: [], changeLog: null });
      break;
    }
    case 'closure': {
      const range = a.closure!;
      const bl = body.split('\n');
      const al = after.split('\n');
      expect(al).toHaveLength(bl.length);
      bl.forEach((line, i) => {
        if (line !== al[i]) {
          expect(i).toBeGreaterThanOrEqual(range.from);
          expect(i).toBeLessThan(range.to);
          expect(al[i]!.endsWith('\r')).toBe(line.endsWith('\r'));
        }
      });
      expect(withoutLines(after$)).toEqual(withoutLines(before));
      expect({ ...after$, items: [] }).toEqual({ ...before, items: [] });
      break;
    }
  }
}

describe('property: edits of random bodies', () => {
  it('the generated bodies parse to the items they were built from', () => {
    fc.assert(
      fc.property(bodyArbitrary, (gen) => {
        const doc = analyseIssue(gen.body).document;
        expect(doc.items.map((i) => [i.id, i.title, i.checked])).toEqual(gen.items.map((i) => [i.id, i.title, i.checked]));
        for (const [i, it] of gen.items.entries()) {
          if (it.priority) expect(doc.items[i]?.priority).toBe(it.priority);
          expect(doc.items[i]?.layer).toBe(it.layer);
        }
        expect(doc.changeLog?.columns.length ?? null).toBe(gen.changeLogColumns);
        expect(doc.hasClosure).toBe(gen.hasClosure);
        expect(doc.overallStatus !== null).toBe(gen.hasStatus);
        expect(doc.lastUpdated !== null).toBe(gen.hasLastUpdated);
      }),
      { numRuns: 300 },
    );
  });

  it('keep every untouched byte, and parse(edit(body)) shows exactly the edit', () => {
    fc.assert(
      fc.property(bodyArbitrary, fc.array(editArb, { minLength: 1, maxLength: 4 }), (gen, specs) => {
        let body = gen.body;
        for (const spec of specs) {
          checkEdit(body, spec);
          body = applyForChain(body, spec);
        }
      }),
      { numRuns: 300 },
    );
  });

  const realBodies = [
    ...readdirSync(path.join(repoRoot, 'test', 'fixtures', 'issues')).map((f) => fixture(f)),
    readFileSync(path.join(repoRoot, 'src', 'sim', 'seed', 'maintenance-body.md'), 'utf8'),
    ...(hasShared ? listCorpus('issues', '.md').map((f) => readCorpus('issues', f)) : []),
  ];

  it('hold on the real corpus, our fixtures and the demo runbook too', () => {
    fc.assert(
      fc.property(fc.constantFrom(...realBodies), fc.constantFrom('\n', '\r\n'), editArb, (body, eol, spec) => {
        checkEdit(eol === '\n' ? body : body.replace(/\r?\n/g, '\r\n'), spec);
      }),
      { numRuns: 400 },
    );
  });
});

/** Chains edits so later ones meet bodies earlier ones changed. */
function applyForChain(body: string, spec: EditSpec): string {
  const items = analyseIssue(body).document.items;
  const target = items.length > 0 && 'pick' in spec ? items[spec.pick % items.length] : undefined;
  const edit =
    spec.kind === 'tick'
      ? tickItem(target ?? { id: 'ZZ99' }, { stamp: spec.stamp, outcome: spec.outcome })
      : spec.kind === 'untick'
        ? untickItem(target ?? { id: 'ZZ99' })
        : spec.kind === 'status'
          ? setOverallStatus(spec.value)
          : spec.kind === 'updated'
            ? setLastUpdated(spec.stamp)
            : spec.kind === 'log'
              ? appendChangeLogRow({ stamp: spec.stamp, action: spec.action, result: spec.result, status: spec.status })
              : fillClosure({ closedBy: spec.closedBy, closedAt: spec.stamp });
  const r = edit.apply(body);
  return r.ok ? r.body : body;
}
