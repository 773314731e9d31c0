import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { deferItem, tickItem, untickItem } from '../../../src/domain/issue/edits/item-edits.js';
import { stepOutcomeEdit } from '../../../src/domain/issue/edits/step-edit.js';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import { buildPlan } from '../../../src/domain/issue/plan.js';
import type { BodyEdit } from '../../../src/domain/issue/types.js';
import { seedBodyPath } from './fixtures.js';

const body = readFileSync(seedBodyPath, 'utf8');
const STAMP = { at: new Date('2026-11-26T20:30:00Z'), timeZone: 'UTC' };
const LATER = { at: new Date('2026-11-27T08:05:00Z'), timeZone: 'UTC' };

function apply(b: string, edit: BodyEdit): string {
  const r = edit.apply(b);
  if (!r.ok) throw new Error(r.conflict);
  expect(edit.isApplied(r.body)).toBe(true);
  // Re-applying changes nothing.
  const again = edit.apply(r.body);
  expect(again.ok && again.body).toBe(r.body);
  return r.body;
}
const item = (b: string, id: string) => parseIssue(b).items.find((i) => i.id === id)!;
const line = (b: string, id: string) => b.split('\n')[item(b, id).line - 1]!;
const log = (b: string) => parseIssue(b).changeLog!.rows;

describe('every outcome in the body, in its own style', () => {
  const ref = (b: string, id: string) => {
    const i = item(b, id);
    return { id: i.id, title: i.title, priority: i.priority, layer: i.layer };
  };

  it('rolled back: unticks with a rolled-back note, the title stays the title, and the item can be ticked again', () => {
    const done = apply(body, tickItem(ref(body, 'C2'), { stamp: STAMP, outcome: 'via homelab-console: ceph osd unset noout' }));
    expect(item(done, 'C2').checked).toBe(true);
    const back = apply(done, untickItem(ref(done, 'C2'), { stamp: LATER, reason: 'noout needed while osd.8 is replaced' }));
    expect(line(back, 'C2')).toMatch(/^- \[ \] \*\*C2 P1 Storage\*\*: .* \*\(rolled back 2026-11-27 08:05 UTC — noout needed while osd\.8 is replaced\)\*$/);
    expect(item(back, 'C2')).toMatchObject({ checked: false, completionNote: null, title: item(body, 'C2').title, stateNote: { kind: 'rolled-back' } });
    const again = apply(back, tickItem(ref(back, 'C2'), { stamp: LATER, outcome: 'ran again' }));
    expect(line(again, 'C2')).toMatch(/\*\(completed 2026-11-27 08:05 UTC — ran again\)\*$/);
    expect(line(again, 'C2')).not.toContain('rolled back');
  });

  it('untick without a stamp only removes the completion note (edit --untick as before)', () => {
    const done = apply(body, tickItem(ref(body, 'B1'), { stamp: STAMP }));
    const undone = apply(done, untickItem(ref(done, 'B1')));
    expect(undone).toBe(body);
  });

  it('deferred: stays unchecked with a dated note; the plan moves past it; closure counts it as handled', () => {
    const d = apply(body, deferItem(ref(body, 'D5'), { stamp: STAMP, reason: 'merge after the PostgreSQL backup' }));
    expect(line(d, 'D5')).toMatch(/^- \[ \] .*\*\(deferred 2026-11-26 — merge after the PostgreSQL backup\)\*$/);
    expect(item(d, 'D5')).toMatchObject({ checked: false, stateNote: { kind: 'deferred', text: 'deferred 2026-11-26 — merge after the PostgreSQL backup' } });
    const doc = parseIssue(d);
    const onlyD5 = { ...doc, items: doc.items.filter((i) => i.id === 'D5' || i.id === 'D6') };
    expect(buildPlan(onlyD5).next).toBe('D6');
    expect(buildPlan(onlyD5).pending.map((i) => i.id)).toEqual(['D5', 'D6']);
  });

  it('a ticked item deferred is unticked; deferring twice writes once', () => {
    const done = apply(body, tickItem(ref(body, 'D5'), { stamp: STAMP }));
    const d = apply(done, deferItem(ref(done, 'D5'), { stamp: LATER, reason: 'x' }));
    expect(item(d, 'D5')).toMatchObject({ checked: false, completionNote: null });
  });

  it('failed, cancelled and interrupted leave the item open and write one row each with the status of the last gate', () => {
    let b = body;
    for (const [kind, result] of [
      ['failed', 'failed: exit 1 in 2.0 s; gate RED'],
      ['cancelled', 'cancelled after: ceph osd out 8'],
      ['interrupted', 'interrupted — outcome unknown'],
    ] as const) {
      b = apply(b, stepOutcomeEdit({ kind, item: ref(b, 'C1'), stamp: STAMP, action: 'C1: Purge dead osd.8', result, status: 'RED' }));
    }
    expect(item(b, 'C1')).toMatchObject({ checked: false, stateNote: null });
    expect(log(b).map((r) => r[3])).toEqual(['failed: exit 1 in 2.0 s; gate RED', 'cancelled after: ceph osd out 8', 'interrupted — outcome unknown']);
    expect(parseIssue(b).overallStatus).toBe('RED');
  });

  it('done ticks, logs, and sets Overall Status and Last Updated from the gate', () => {
    const b = apply(
      body,
      stepOutcomeEdit({
        kind: 'done',
        item: ref(body, 'B1'),
        stamp: STAMP,
        note: 'via homelab-console',
        action: 'B1: Archive',
        result: 'done',
        status: 'YELLOW',
      }),
    );
    const doc = parseIssue(b);
    expect(doc.overallStatus).toBe('YELLOW');
    expect(doc.lastUpdated).toBe('2026-11-26 20:30 UTC');
    expect(item(b, 'B1').checked).toBe(true);
    expect(log(b)).toHaveLength(1);
  });

  it('an item a human changed since it was read is a conflict, never an edit of something else', () => {
    const r = deferItem({ id: 'D5', title: 'something else' }, { stamp: STAMP }).apply(body);
    expect(r).toMatchObject({ ok: false, kind: 'changed' });
  });
});
