import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatRecord } from '../../../src/services/journal/format.js';
import { Journal, stepRecords, type IntentEntry } from '../../../src/services/journal/journal.js';

const dir = mkdtempSync(path.join(tmpdir(), 'hc-journal-where-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const intent = (stepId: string, extra: Partial<IntentEntry> = {}): IntentEntry => ({
  type: 'intent',
  stepId,
  at: '2026-12-02T05:00:00.000Z',
  issue: 'ops/homelab#42',
  itemId: 'B1',
  itemLine: 80,
  title: 'Archive crashes',
  kind: 'typed',
  commandText: 'ceph crash archive-all',
  mode: 'WRITE',
  attempt: 1,
  ...extra,
});

describe('the journal records where each step acted', () => {
  it('every intent carries the kube context and Gitea host the session has at that moment; outcomes are left as they are', () => {
    let context: string | null = null;
    const j = new Journal(path.join(dir, 'j.jsonl'), () => ({ kubeContext: context, giteaHost: 'gitea.lan:3000' }));
    j.append(intent('a'));
    context = 'homelab'; // the kubeconfig was read in between
    j.append(intent('b'));
    j.append({ type: 'outcome', stepId: 'b', at: '2026-12-02T05:00:01.000Z', status: 'passed', exitCode: 0, durationMs: 5, outputTail: [], message: null });
    // A path that knows better (none today) keeps its own value.
    j.append(intent('c', { kubeContext: 'other' }));
    const { entries } = j.read();
    expect(entries.map((e) => (e.type === 'intent' ? [e.stepId, e.kubeContext, e.giteaHost] : [e.type]))).toEqual([
      ['a', null, 'gitea.lan:3000'],
      ['b', 'homelab', 'gitea.lan:3000'],
      ['outcome'],
      ['c', 'other', 'gitea.lan:3000'],
    ]);
    const b = stepRecords(entries).find((r) => r.intent.stepId === 'b')!;
    expect(formatRecord(b)).toContain('B1 (kube homelab, gitea gitea.lan:3000)  typed');
  });
});
