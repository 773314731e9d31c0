import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { displayText } from '../../../src/domain/display.js';
import { parseIssue } from '../../../src/domain/issue/index.js';
import { Journal } from '../../../src/services/journal/journal.js';
import { StepEngine } from '../../../src/services/steps/step-engine.js';
import { createStores } from '../../../src/store/index.js';
import { HIDDEN_COMMAND, HOSTILE_BODY } from '../../support/hostile.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'hostile-step-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function engine() {
  const stores = createStores();
  stores.issue.setState({
    repo: 'ops/homelab',
    number: 42,
    body: HOSTILE_BODY,
    contentVersion: 1,
    document: parseIssue(HOSTILE_BODY),
    labels: ['maintenance'],
  });
  const journal = new Journal(path.join(dir, `j-${Math.random().toString(36).slice(2)}.jsonl`));
  const ran: string[] = [];
  const e = new StepEngine({
    stores,
    journal,
    executeAction: async () => ({ ok: true, message: 'done' }),
    gate: async () => {
      throw new Error('not reached');
    },
    writeBody: async () => ({ ok: true }),
    addLabel: async () => {},
    now: () => new Date('2026-11-26T14:03:00Z'),
  });
  return { e, stores, ran };
}

describe('a command with hidden characters', () => {
  test('is offered exactly as it runs, flagged, and needs the typed challenge though nothing in it is destructive', async () => {
    const { e } = engine();
    const plan = e.planStep({ id: 'H1', line: 0 });
    if (!plan.ok) throw new Error(plan.reason);
    // The request carries the bytes that run; only the dialog spells them.
    expect(plan.request.command).toBe(HIDDEN_COMMAND);
    expect(plan.request.challenge).toBe('H1');
    expect(plan.request.notes[0]).toMatch(/contains 2 invisible or control characters \(shown as \\x1b\)/);
    expect(displayText(plan.request.command, { mode: 'command' })).toContain('\\x1b[8m; echo HIDDEN-PAYLOAD');
    const refused = await e.runStep(plan.request, '');
    expect(refused).toMatchObject({ ok: false, reason: expect.stringMatching(/type H1/) });
  });

  test('an ID with a zero-width character gets a challenge that can be typed', () => {
    const { e, stores } = engine();
    const item = stores.issue.getState().document!.items.find((i) => i.title.includes('Zero-width'))!;
    const body = HOSTILE_BODY.replace('`kubectl get pods -A`', '`kubectl get pods -A \u202e`');
    stores.issue.setState({ body, document: parseIssue(body) });
    const plan = e.planStep({ id: item.id, line: item.line });
    if (!plan.ok) throw new Error(plan.reason);
    expect(plan.request.challenge).toMatch(/^[\x21-\x7e]+$/);
    if (item.id && item.id.includes('\u200b')) expect(plan.request.challenge).toBe('run');
  });
});
