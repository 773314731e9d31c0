import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { appendChangeLogRow } from '../../../src/domain/issue/edits/change-log-edit.js';
import { fillClosure } from '../../../src/domain/issue/edits/closure-edit.js';
import { editFromSpec } from '../../../src/domain/issue/edits/from-spec.js';
import { anyCopyIsOwn, specOf, type EditSpec } from '../../../src/domain/issue/edits/spec.js';
import { composeEdits, optionalEdit } from '../../../src/domain/issue/edits/compose.js';
import { setLastUpdated, setOverallStatus } from '../../../src/domain/issue/edits/field-edits.js';
import { tickItem, untickItem } from '../../../src/domain/issue/edits/item-edits.js';
import { stepCompletionEdit } from '../../../src/domain/issue/edits/step-edit.js';
import { isResolvedTitle, resolvedTitle } from '../../../src/domain/issue/edits/title.js';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import type { BodyEdit, EditResult } from '../../../src/domain/issue/types.js';
import { fixture, seedBodyPath } from './fixtures.js';

const STAMP = { at: new Date('2026-11-26T20:30:00Z'), timeZone: 'America/Chicago' };
const NOTE = '*(completed 2026-11-26 14:30 CST — 3 crashes archived)*';

function ok(r: EditResult): string {
  if (!r.ok) throw new Error(`edit failed: ${r.conflict}`);
  return r.body;
}

/** The lines of `after` that differ from `before`, with everything else checked to be identical. */
function changedLines(before: string, after: string): Array<[string | undefined, string | undefined]> {
  const a = before.split('\n');
  const b = after.split('\n');
  const out: Array<[string | undefined, string | undefined]> = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) if (a[i] !== b[i]) out.push([a[i], b[i]]);
  return out;
}

const item = (body: string, id: string) => {
  const found = parseIssue(body).items.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
};

describe('tick and untick', () => {
  const body = fixture('changelog-wrappers.md');

  it('ticks the item on its own line and appends the completion note; nothing else changes', () => {
    const after = ok(tickItem(item(body, 'A1'), { stamp: STAMP, outcome: '3 crashes archived' }).apply(body));
    expect(changedLines(body, after)).toEqual([['- [ ] **A1 P0 Storage**: Archive crashes', `- [x] **A1 P0 Storage**: Archive crashes ${NOTE}`]]);
    const a1 = item(after, 'A1');
    expect(a1.checked).toBe(true);
    expect(a1.title).toBe('Archive crashes');
    expect(a1.completionNote).toBe('completed 2026-11-26 14:30 CST — 3 crashes archived');
  });

  it('keeps CRLF, trailing spaces, mixed endings and a missing final newline byte for byte', () => {
    for (const name of ['crlf.md', 'trailing-spaces.md', 'mixed-eol.md', 'no-final-newline.md']) {
      const src = fixture(name);
      const after = ok(tickItem({ id: 'A1' }, { stamp: STAMP, outcome: '3 crashes archived' }).apply(src));
      const at = src.indexOf('- [ ] **A1');
      const lineEnd = src.indexOf('\n', at);
      const oldLine = src.slice(at, lineEnd).replace(/\r$/, '');
      const content = oldLine.trimEnd();
      const expected = `- [x]${content.slice(5)} ${NOTE}${oldLine.slice(content.length)}`;
      expect(after, name).toBe(src.slice(0, at) + expected + src.slice(at + oldLine.length));
    }
  });

  it('untick removes the note and the tick, restoring the original bytes', () => {
    for (const name of ['changelog-wrappers.md', 'crlf.md', 'trailing-spaces.md']) {
      const src = fixture(name);
      const ticked = ok(tickItem({ id: 'A1' }, { stamp: STAMP, outcome: 'x' }).apply(src));
      expect(ok(untickItem({ id: 'A1' }).apply(ticked)), name).toBe(src);
    }
  });

  it('is idempotent and re-appliable to a body changed elsewhere', () => {
    const edit = tickItem(item(body, 'A1'), { stamp: STAMP, outcome: 'done' });
    const changedElsewhere = body.replace('Baseline captured', 'Baseline captured (edited by a human)');
    const once = ok(edit.apply(changedElsewhere));
    expect(once).toContain('(edited by a human)');
    expect(edit.isApplied(once)).toBe(true);
    expect(edit.isApplied(changedElsewhere)).toBe(false);
    const twice = edit.apply(once);
    expect(twice).toEqual({ ok: true, body: once, changed: false });
  });

  it('adds only the note when a human already ticked the box, and never a second note', () => {
    const humanTicked = body.replace('- [ ] **A1', '- [x] **A1');
    const after = ok(tickItem({ id: 'A1' }, { stamp: STAMP, outcome: 'done' }).apply(humanTicked));
    expect(after).toContain('- [x] **A1 P0 Storage**: Archive crashes *(completed 2026-11-26 14:30 CST — done)*');
    const again = tickItem({ id: 'A1' }, { stamp: { ...STAMP, at: new Date('2026-11-27T00:00:00Z') }, outcome: 'later' }).apply(after);
    expect(again).toEqual({ ok: true, body: after, changed: false });
  });

  it('reports a conflict when the item changed, is gone, or is ambiguous', () => {
    const seen = item(body, 'A1');
    const retitled = body.replace('Archive crashes', 'Archive crashes and restart mgr');
    expect(tickItem(seen).apply(retitled)).toMatchObject({ ok: false, kind: 'changed' });
    expect(tickItem(seen).isApplied(retitled)).toBe(false);
    const gone = body.replace(/- \[ \] \*\*A1.*\n/, '');
    expect(tickItem(seen).apply(gone)).toMatchObject({ ok: false, kind: 'missing' });
    const doubled = body.replace(
      '- [ ] **A1 P0 Storage**: Archive crashes',
      '- [ ] **A1 P0 Storage**: Archive crashes\n- [ ] **A1 P0 Storage**: Archive crashes',
    );
    expect(tickItem(seen).apply(doubled)).toMatchObject({ ok: false, kind: 'ambiguous' });
    const reprioritised = body.replace('**A1 P0 Storage**', '**A1 P1 Storage**');
    expect(tickItem(seen).apply(reprioritised)).toMatchObject({ ok: false, kind: 'changed' });
  });

  it('ticks items without an ID by their title', () => {
    const era = fixture('status-report-era.md');
    const target = parseIssue(era).items[2]!;
    const after = ok(tickItem(target).apply(era));
    expect(changedLines(era, after)).toEqual([['- [ ] Investigate DNS latency on the IoT VLAN', '- [x] Investigate DNS latency on the IoT VLAN']]);
  });

  it('ticks `*` and `+` bullets and keeps a capital X', () => {
    const forms = fixture('header-forms.md');
    const after = ok(tickItem({ id: 'D1' }).apply(forms));
    expect(changedLines(forms, after)).toEqual([['* [ ] **D1 P1 Network**: Star bullet, IDs skip C', '* [x] **D1 P1 Network**: Star bullet, IDs skip C']]);
    expect(tickItem({ id: 'D2' }).apply(forms)).toEqual({ ok: true, body: forms, changed: false });
  });
});

describe('Overall Status and Last Updated, in the body’s own style', () => {
  const cases: Array<[string, string, string]> = [
    ['changelog-wrappers.md', '| **Overall Status** | 🔴 RED |', '| **Overall Status** | 🟢 GREEN |'],
    ['details-forms.md', '- **Overall Status**: :red_circle: RED', '- **Overall Status**: :green_circle: GREEN'],
    ['fenced-only.md', '| **Overall Status** | GREEN |', '| **Overall Status** | RED |'],
    ['no-action-section.md', '**Overall Status**: ⚪', '**Overall Status**: 🟢'],
    ['status-heading.md', '## 🟡 Overall Status: YELLOW (improving)', '## 🟢 Overall Status: GREEN'],
    ['status-report-era.md', '**Overall Status**: GREEN', '**Overall Status**: YELLOW'],
  ];
  for (const [name, before, afterLine] of cases) {
    it(`${name}: ${before} → ${afterLine}`, () => {
      const src = fixture(name);
      const target = name === 'fenced-only.md' ? 'RED' : name === 'status-report-era.md' ? 'YELLOW' : 'GREEN';
      const edit = setOverallStatus(target);
      const after = ok(edit.apply(src));
      expect(changedLines(src, after)).toEqual([[before, afterLine]]);
      expect(parseIssue(after).overallStatus).toBe(target);
      expect(edit.isApplied(after)).toBe(true);
      expect(edit.apply(after)).toMatchObject({ changed: false });
    });
  }

  it('reports a missing Overall Status field', () => {
    expect(setOverallStatus('GREEN').apply(fixture('header-forms.md').replace(/\| \*\*Overall Status\*\*.*\n/, ''))).toMatchObject({
      ok: false,
      kind: 'missing',
    });
  });

  const stamps: Array<[string, string, string]> = [
    ['header-forms.md', '| **Last Updated** | 2026-05-02 10:15 CDT |', '| **Last Updated** | 2026-11-26 14:30 CST |'],
    ['details-forms.md', '- **Last Updated**: 2026-05-04T09:30:00-05:00', '- **Last Updated**: 2026-11-26T14:30:00-06:00'],
    ['changelog-wrappers.md', '| **Last Updated** | 2026-05-08T14:00:00Z |', '| **Last Updated** | 2026-11-26T20:30:00Z |'],
    ['status-report-era.md', '*Last Updated: 2026-05-03 18:02 CDT*', '*Last Updated: 2026-11-26 14:30 CST*'],
    ['status-heading.md', '**Last Updated**: 2026-05-09T08:00-05:00', '**Last Updated**: 2026-11-26T14:30-06:00'],
  ];
  for (const [name, before, afterLine] of stamps) {
    it(`${name}: ${before} → ${afterLine}`, () => {
      const src = fixture(name);
      const after = ok(setLastUpdated(STAMP).apply(src));
      expect(changedLines(src, after)).toEqual([[before, afterLine]]);
      expect(setLastUpdated(STAMP).isApplied(after)).toBe(true);
    });
  }

  it('keeps the padding around a table cell (real bodies have two trailing spaces in it)', () => {
    const src = '| Field | Value |\n|---|---|\n| **Last Updated** | 2026-02-13 09:10  |\n';
    expect(ok(setLastUpdated(STAMP).apply(src))).toBe('| Field | Value |\n|---|---|\n| **Last Updated** | 2026-11-26 14:30  |\n');
  });
});

describe('Change Log rows', () => {
  it('appends inside the markdownlint wrapper, one cell per header cell, in the table’s own notation', () => {
    const src = fixture('changelog-wrappers.md');
    const edit = appendChangeLogRow({ stamp: STAMP, action: 'Archived crashes', result: 'HEALTH_OK', item: 'A1', status: 'GREEN' });
    const after = ok(edit.apply(src));
    const lines = after.split('\n');
    const at = lines.indexOf('| 2026-11-26T20:30:00Z | Action | A1 | Archived crashes | HEALTH_OK | 🟢 |');
    expect(at).toBeGreaterThan(0);
    expect(lines[at - 1]).toMatch(/^\| 2026-05-08T13:50:00Z/);
    expect(lines[at + 1]).toBe('<!-- markdownlint-enable MD055 MD056 -->');
    expect(changedLines(src, after).length).toBeGreaterThan(0);
    expect(after.replace(lines[at] + '\n', '')).toBe(src);
    expect(parseIssue(after).changeLog?.rows).toHaveLength(2);
    expect(edit.isApplied(after)).toBe(true);
    expect(edit.apply(after)).toEqual({ ok: true, body: after, changed: false });
  });

  it('replaces a placeholder row (4 columns: the demo runbook; 3 columns)', () => {
    const seed = readFileSync(seedBodyPath, 'utf8');
    const after = ok(appendChangeLogRow({ stamp: STAMP, action: 'Archived crashes', result: 'ok' }).apply(seed));
    expect(changedLines(seed, after)).toEqual([['| - | No actions yet | - | - |', '| 2026-11-26 14:30 CST | Archived crashes | homelab-console | ok |']]);
    expect(parseIssue(after).changeLog).toMatchObject({ hasPlaceholder: false, rows: [['2026-11-26 14:30 CST', 'Archived crashes', 'homelab-console', 'ok']] });

    const three = fixture('details-forms.md');
    const after3 = ok(appendChangeLogRow({ stamp: STAMP, action: 'Fixed | piped text' }).apply(three));
    expect(changedLines(three, after3)).toEqual([['| - | - | - |', '| 2026-11-26T14:30:00-06:00 | Fixed \\| piped text | - |']]);
    expect(parseIssue(after3).changeLog?.rows).toEqual([['2026-11-26T14:30:00-06:00', 'Fixed \\| piped text', '-']]);
  });

  it('appends after a table that ends the body without a final newline, keeping it without one', () => {
    const src = '## Change Log\r\n\r\n| Timestamp | Action | Result |\r\n|---|---|---|\r\n| 2026-11-01 10:00 | Created | ok |';
    const after = ok(appendChangeLogRow({ stamp: STAMP, action: 'Next' }).apply(src));
    expect(after).toBe(`${src}\r\n| 2026-11-26 14:30 | Next | - |`);
  });

  it('escapes pipes, and backslashes before them, so a cell stays one cell', () => {
    const src = fixture('details-forms.md');
    for (const action of ['a|b', 'a\\|b', 'a\\\\|b', 'ends with \\']) {
      const after = ok(appendChangeLogRow({ stamp: STAMP, action }).apply(src));
      expect(parseIssue(after).changeLog?.rows[0], action).toHaveLength(3);
    }
  });

  it('uses ready-made cells, fitted to the column count', () => {
    const src = fixture('status-heading.md');
    const after = ok(appendChangeLogRow({ stamp: STAMP, action: 'x', cells: ['t', 'a'] }).apply(src));
    expect(parseIssue(after).changeLog?.rows).toEqual([['t', 'a', '-', '-']]);
  });

  it('is at most once per edit, not per text: the same action twice in a minute is two rows, each edit re-applied stays one', () => {
    const src = fixture('changelog-wrappers.md');
    const entry = { stamp: STAMP, action: 'Run C2: set noout', result: 'exit 0 in 40 ms', item: 'C2' };
    const first = appendChangeLogRow(entry);
    const once = ok(first.apply(src));
    expect(first.apply(once)).toEqual({ ok: true, body: once, changed: false });
    // The re-run after a rollback: the same words, a new edit, its own row.
    const second = appendChangeLogRow(entry);
    expect(second.isApplied(once)).toBe(true); // not applied yet, no count: any copy counts (an old record's check)
    const twice = ok(second.apply(once));
    const rows = (b: string) => b.split('\n').filter((l) => l.includes('Run C2: set noout')).length;
    expect(rows(twice)).toBe(2);
    expect(second.isApplied(twice)).toBe(true);
    expect(second.apply(twice)).toEqual({ ok: true, body: twice, changed: false });
    expect(first.isApplied(twice)).toBe(true);
    // Rebuilt from its spec (the journal, after a restart), the edit knows what it saw.
    const rebuilt = editFromSpec(JSON.parse(JSON.stringify(specOf(second))) as EditSpec);
    expect(rebuilt.isApplied(once)).toBe(false);
    expect(rebuilt.isApplied(twice)).toBe(true);
    expect(ok(rebuilt.apply(once))).toBe(twice);
    expect(rebuilt.apply(twice)).toEqual({ ok: true, body: twice, changed: false });
    // A record that kept no counts: any copy is its own (a second row is worse than a missing one).
    const old = editFromSpec(anyCopyIsOwn(JSON.parse(JSON.stringify(specOf(appendChangeLogRow(entry)))) as EditSpec));
    expect(old.apply(once)).toEqual({ ok: true, body: once, changed: false });
  });

  it('reports a body without a Change Log', () => {
    expect(appendChangeLogRow({ stamp: STAMP, action: 'x' }).apply(fixture('header-forms.md'))).toMatchObject({ ok: false, kind: 'missing' });
  });
});

describe('Closure and title', () => {
  it('fills the field lines and ticks the Completion Criteria', () => {
    const src = fixture('changelog-wrappers.md');
    const edit = fillClosure({ closedBy: 'homelab-console', closedAt: STAMP });
    const after = ok(edit.apply(src));
    expect(changedLines(src, after)).toEqual([
      ['- [ ] All action items completed or explicitly deferred', '- [x] All action items completed or explicitly deferred'],
      ['- [ ] Maintenance issue closed', '- [x] Maintenance issue closed'],
      ['**Final Status**: PENDING', '**Final Status**: RESOLVED'],
      ['**Closed By**: PENDING', '**Closed By**: homelab-console'],
      ['**Closed Date**: PENDING', '**Closed Date**: 2026-11-26 14:30 CST'],
    ]);
    expect(parseIssue(after).items).toEqual(parseIssue(src).items);
    expect(edit.isApplied(after)).toBe(true);
    expect(edit.apply(after)).toMatchObject({ changed: false });
  });

  it('fills a Resolution Summary table', () => {
    const src = fixture('details-forms.md');
    const after = ok(fillClosure({ closedBy: 'homelab-console', closedAt: STAMP, started: '2026-11-26 09:00 CST', duration: '5h 30m' }).apply(src));
    expect(changedLines(src, after)).toEqual([
      ['| **Status** | PENDING |', '| **Status** | RESOLVED |'],
      ['| **Started** | - |', '| **Started** | 2026-11-26 09:00 CST |'],
      ['| **Completed** | - |', '| **Completed** | 2026-11-26 14:30 CST |'],
      ['| **Duration** | - |', '| **Duration** | 5h 30m |'],
      ['| **Resolved By** | - |', '| **Resolved By** | homelab-console |'],
    ]);
  });

  it('reports a body without a Closure section', () => {
    expect(fillClosure({}).apply(fixture('header-forms.md'))).toMatchObject({ ok: false, kind: 'missing' });
  });

  it('makes a [RESOLVED] title once', () => {
    expect(resolvedTitle('[Maintenance] 2026-11-26 - Homelab')).toBe('[RESOLVED] [Maintenance] 2026-11-26 - Homelab');
    expect(resolvedTitle('[RESOLVED] [Maintenance] 2026-11-26 - Homelab')).toBe('[RESOLVED] [Maintenance] 2026-11-26 - Homelab');
    expect(isResolvedTitle('[resolved] x')).toBe(true);
    expect(isResolvedTitle('[Maintenance] x')).toBe(false);
  });
});

describe('composed edits', () => {
  const seed = readFileSync(seedBodyPath, 'utf8');

  it('writes tick, log row, status and Last Updated together', () => {
    const b1 = item(seed, 'B1');
    const edit = stepCompletionEdit({ item: b1, stamp: STAMP, outcome: '3 crashes archived', status: 'YELLOW', log: 'B1 archived Ceph crashes' });
    const after = ok(edit.apply(seed));
    expect(changedLines(seed, after)).toEqual([
      ['| **Overall Status** | 🔴 RED |', '| **Overall Status** | 🟡 YELLOW |'],
      ['| **Last Updated** | 2026-11-26 07:40 UTC |', '| **Last Updated** | 2026-11-26 14:30 CST |'],
      ['- [ ] **B1 P0 Storage**: Archive Ceph crash reports', `- [ ] **B1 P0 Storage**: Archive Ceph crash reports`.replace('[ ]', '[x]') + ` ${NOTE}`],
      ['| - | No actions yet | - | - |', '| 2026-11-26 14:30 CST | B1 archived Ceph crashes | homelab-console | 3 crashes archived |'],
    ]);
    expect(edit.isApplied(after)).toBe(true);
    expect(edit.isApplied(seed)).toBe(false);
    expect(edit.apply(after)).toEqual({ ok: true, body: after, changed: false });
  });

  it('is all or nothing: a conflict in one part changes nothing', () => {
    const gone: BodyEdit = tickItem({ id: 'Z9' });
    const r = composeEdits('both', [setOverallStatus('GREEN'), gone]).apply(seed);
    expect(r).toMatchObject({ ok: false, kind: 'missing' });
  });

  it('skips optional parts a body lacks', () => {
    const forms = fixture('header-forms.md');
    const edit = stepCompletionEdit({ item: item(forms, 'A1'), stamp: STAMP, log: 'no table here' });
    const after = ok(edit.apply(forms));
    expect(changedLines(forms, after).map(([, b]) => b)).toEqual([
      '| **Last Updated** | 2026-11-26 14:30 CST |',
      `- [x] **A1 P0 Metal**: Bold label with ID, priority and layer *(completed 2026-11-26 14:30 CST)*`,
    ]);
    expect(edit.isApplied(after)).toBe(true);
    expect(optionalEdit(appendChangeLogRow({ stamp: STAMP, action: 'x' })).isApplied(forms)).toBe(true);
  });
});
