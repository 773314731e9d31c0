import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { specOf } from '../../../src/domain/issue/edits/spec.js';
import { stepOutcomeEdit } from '../../../src/domain/issue/edits/step-edit.js';
import { parseIssue } from '../../../src/domain/issue/parse.js';
import type { BodyEdit } from '../../../src/domain/issue/types.js';
import { bodyLines } from '../../../src/domain/steps/in-flight.js';
import { Journal, unknownOutcomes } from '../../../src/services/journal/journal.js';
import { InFlight } from '../../../src/services/journal/in-flight.js';
import { describeUnknown, verifyUnknown } from '../../../src/services/steps/unknown-outcomes.js';
import { createStores } from '../../../src/store/index.js';
import { smallBody } from '../../support/small-body.js';

const BODY = smallBody({ items: ['A1'] });

const edit = stepOutcomeEdit({
  kind: 'done',
  item: { id: 'A1', title: 'First step', priority: 'P1', layer: 'Storage' },
  stamp: { at: new Date('2026-12-03T11:30:00Z'), timeZone: 'UTC' },
  note: 'ok',
  action: 'A1: First step',
  result: 'exit 0',
  phase: 'Execute',
});
const applied = (b: string) => (edit.apply(b) as { body: string }).body;

const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});

/** A crash left this edit's write in flight; the restart's lookup said what `found` says. */
function crashed(found: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'reapply-'));
  dirs.push(dir);
  const journal = new Journal(path.join(dir, 'journal.jsonl'));
  const flight = new InFlight(
    journal,
    { what: 'body-write', issue: 42, edit: edit.description, spec: specOf(edit)! },
    `Write to #42: ${edit.description}`,
    'edit #42',
  );
  flight.progress('sending the edit (PATCH 1)', bodyLines(BODY, applied(BODY)));
  const stores = createStores();
  stores.session.setState({ mode: 'WRITE' });
  const [u] = describeUnknown(unknownOutcomes(journal.read().entries));
  stores.step.setState({ unknownOutcomes: [{ ...u!, inFlight: { ...u!.inFlight!, found } }] });
  let body = BODY;
  const writes: string[] = [];
  const show = (b: string) => stores.issue.setState({ body: b, document: parseIssue(b) });
  show(body);
  const ports = {
    journal,
    stores,
    timeZone: 'UTC',
    // The conflict-safe writer's contract: the edit applied to the body as it is now.
    writeBody: async (e: BodyEdit) => {
      writes.push(e.description);
      body = applied(body);
      show(body);
      return { ok: true as const };
    },
  };
  const rows = () => body.split('\n').filter((l) => l.includes('| A1: First step |'));
  return { journal, stores, ports, stepId: flight.stepId, writes, rows, setBody: (b: string) => ((body = b), show(b)) };
}

describe('a body write "not in the body" after a crash can be written again from the verify screen', () => {
  it('rebuilds the edit from its journaled spec and writes it through the writer: one row, outcome journaled, no longer unknown', async () => {
    const c = crashed('not in the body of #42: the edit did not land');
    const r = await verifyUnknown(c.ports, c.stepId, 'reapply');
    expect(r).toMatchObject({ ok: true, message: expect.stringContaining('written again to #42') });
    expect(c.writes).toEqual([edit.description]);
    expect(c.rows()).toHaveLength(1);
    expect(c.stores.step.getState().unknownOutcomes).toEqual([]);
    expect(unknownOutcomes(c.journal.read().entries)).toEqual([]);
  });

  it('never doubles a row: in the body by then (the late write landed after the lookup), it is settled without writing', async () => {
    const c = crashed('not in the body of #42: the edit did not land');
    c.setBody(applied(BODY));
    const r = await verifyUnknown(c.ports, c.stepId, 'reapply');
    expect(r).toMatchObject({ ok: true, message: expect.stringContaining('settled without writing') });
    expect(c.writes).toEqual([]);
    expect(c.rows()).toHaveLength(1);
    expect(unknownOutcomes(c.journal.read().entries)).toEqual([]);
  });

  it('is refused for a write the lookup found landed, or not looked up yet: nothing written, still unknown', async () => {
    for (const found of ['landed: the body of #42 contains this edit (it is not written again)']) {
      const c = crashed(found);
      const r = await verifyUnknown(c.ports, c.stepId, 'reapply');
      expect(r).toMatchObject({ ok: false, reason: expect.stringContaining('in the body already') });
      expect(c.writes).toEqual([]);
      expect(unknownOutcomes(c.journal.read().entries)).toHaveLength(1);
    }
  });
});
