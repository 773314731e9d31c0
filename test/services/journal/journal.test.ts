import { mkdtempSync, readFileSync, rmSync, statSync, appendFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { clearRegisteredSecrets, registerSecret } from '../../../src/domain/redact.js';
import { Journal, journalPath, stepRecords, unknownOutcomes } from '../../../src/services/journal/journal.js';
import { formatRecord } from '../../../src/services/journal/format.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'journal-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  clearRegisteredSecrets();
});

const intent = (stepId: string, commandText = 'ceph crash archive-all') => ({
  type: 'intent' as const,
  stepId,
  at: '2026-11-26T10:00:00.000Z',
  issue: 'ops/homelab#42',
  itemId: 'A1',
  itemLine: 12,
  title: 'Archive crashes',
  kind: 'typed' as const,
  commandText,
  mode: 'WRITE' as const,
  attempt: 1,
});

describe('journal', () => {
  test('lives in $XDG_STATE_HOME/homelab-console, falling back to ~/.local/state', () => {
    expect(journalPath({ XDG_STATE_HOME: '/s' })).toBe('/s/homelab-console/journal.jsonl');
    expect(journalPath({ HOME: '/home/op' })).toBe('/home/op/.local/state/homelab-console/journal.jsonl');
  });

  test('appends one JSON line per entry, private to the user, and pairs intents with outcomes', () => {
    const j = new Journal(path.join(dir, 'sub', 'journal.jsonl'));
    j.append(intent('a'));
    j.append({
      type: 'outcome',
      stepId: 'a',
      at: '2026-11-26T10:00:02.000Z',
      status: 'passed',
      exitCode: 0,
      durationMs: 2000,
      outputTail: ['ok'],
      message: null,
    });
    j.append(intent('b'));
    expect(readFileSync(j.file, 'utf8').split('\n').filter(Boolean)).toHaveLength(3);
    expect(statSync(j.file).mode & 0o777).toBe(0o600);
    const { entries } = j.read();
    expect(stepRecords(entries).map((r) => [r.intent.stepId, r.outcome?.status ?? null])).toEqual([
      ['a', 'passed'],
      ['b', null],
    ]);
    expect(unknownOutcomes(entries).map((r) => r.intent.stepId)).toEqual(['b']);
    expect(formatRecord(stepRecords(entries)[1]!)).toContain('outcome unknown — verify');
  });

  test('secrets never reach the file: tokens, Authorization headers, registered values', () => {
    registerSecret('s3cr3t-gitea-token-value');
    const j = new Journal(path.join(dir, 'j.jsonl'));
    j.append(intent('a', 'curl -H "Authorization: token abcdef123456" https://x?access_token=zzz999 && echo s3cr3t-gitea-token-value PASSWORD=hunter22'));
    const raw = readFileSync(j.file, 'utf8');
    for (const s of ['abcdef123456', 'zzz999', 's3cr3t-gitea-token-value', 'hunter22']) expect(raw).not.toContain(s);
    expect(raw).toContain('‹redacted›');
  });

  test('a torn or foreign line is reported, the rest still read', () => {
    const j = new Journal(path.join(dir, 'j.jsonl'));
    j.append(intent('a'));
    appendFileSync(j.file, '{"type":"intent","stepId":"tor');
    const { entries, bad } = j.read();
    expect(entries).toHaveLength(1);
    expect(bad.map((b) => b.line)).toEqual([2]);
  });
});
