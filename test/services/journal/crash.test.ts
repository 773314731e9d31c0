import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Journal, unknownOutcomes } from '../../../src/services/journal/journal.js';
import { bundleChild, startChild } from '../../support/child.js';
import { waitFor } from '../../support/wait.js';

let dir: string;
let bundle: string;
let cleanup = () => {};

beforeAll(async () => {
  ({ dir, file: bundle, cleanup } = await bundleChild(path.join(import.meta.dirname, 'crash-child.ts'), 'journal-crash-'));
});
afterAll(() => cleanup());

const start = (mode: string, file: string, env: NodeJS.ProcessEnv = {}) => startChild(bundle, [mode], { JOURNAL_FILE: file, ...env });

describe('journal crash safety', () => {
  test('kill -9 during a step: on restart the step shows "outcome unknown", never done', async () => {
    const file = path.join(dir, 'step.jsonl');
    const { child, lines, exited } = start('step', file);
    await waitFor(() => lines.includes('out:started'), { what: 'the step to be running' });
    child.kill('SIGKILL');
    await exited;
    expect(lines).not.toContain('outcome');
    // The step runs in its own process group, and that group dies with the console (its watchdog
    // sees the console gone): it does not go on doing its work after the crash.
    const pgid = Number(lines.find((l) => l.startsWith('pgid:'))?.slice(5));
    expect(pgid).toBeGreaterThan(0);
    const alive = () => {
      try {
        process.kill(-pgid, 0);
        return true;
      } catch {
        return false;
      }
    };
    try {
      await waitFor(() => !alive(), { what: 'the step group to die with the console', timeoutMs: 15_000 });
    } finally {
      if (alive()) process.kill(-pgid, 'SIGKILL');
    }

    const { entries, bad } = new Journal(file).read();
    expect(bad).toEqual([]);
    expect(entries).toHaveLength(1);
    const unknown = unknownOutcomes(entries);
    expect(unknown.map((r) => [r.intent.stepId, r.intent.itemId, r.outcome])).toEqual([['step-1', 'A1', null]]);
  });

  test('kill -9 in the middle of a burst of appends: no acknowledged line lost, none torn', async () => {
    const file = path.join(dir, 'burst.jsonl');
    const { child, lines, exited } = start('burst', file);
    await waitFor(() => lines.length >= 200, { what: '200 fsynced appends' });
    child.kill('SIGKILL');
    await exited;
    const acknowledged = lines.filter((l) => /^\d+$/.test(l)).length;

    const raw = readFileSync(file, 'utf8');
    expect(raw.endsWith('\n')).toBe(true);
    const { entries, bad } = new Journal(file).read();
    expect(bad).toEqual([]);
    // Every append the child reported as done is there, in order; at most the one in flight more.
    expect(entries.length).toBeGreaterThanOrEqual(acknowledged);
    expect(entries.length).toBeLessThanOrEqual(acknowledged + 1);
    entries.forEach((e, i) => expect(e.type === 'event' && e.stepId).toBe(`s${i}`));
  });
});

describe('journal framing: torn tails are detected and set aside, never merged with the next entry', () => {
  test('kill -9 during 60–80 kB appends, then a restart appends: every line reads, the first entry after the restart is kept', async () => {
    for (let round = 0; round < 3; round++) {
      const file = path.join(dir, `big-${round}.jsonl`);
      const { child, lines, exited } = start('burst', file, { PAD: String(60_000 + round * 10_000) });
      const acked = () => lines.filter((l) => /^\d+$/.test(l)).length;
      await waitFor(() => acked() >= 20, { what: '20 large appends' });
      child.kill('SIGKILL');
      await exited;
      // The restarted console's first entry.
      const j = new Journal(file);
      j.append({ type: 'event', stepId: 'after-restart', at: new Date().toISOString(), event: 'judged', detail: 'first entry after the restart' });
      const { entries, bad } = j.read();
      expect(bad).toEqual([]);
      expect(entries.at(-1)).toMatchObject({ stepId: 'after-restart' });
      expect(entries.length).toBeGreaterThanOrEqual(acked() + 1);
      entries.slice(0, -1).forEach((e, i) => expect(e.type === 'event' && e.stepId).toBe(`s${i}`));
    }
  }, 120_000);

  test('a torn tail (a write cut short) is moved to .torn and cut off before the next append', async () => {
    const { appendFileSync } = await import('node:fs');
    const { frameLine } = await import('../../../src/services/journal/journal.js');
    const file = path.join(dir, 'torn.jsonl');
    const j = new Journal(file);
    j.append({ type: 'event', stepId: 'a', at: 't', event: 'judged', detail: 'one' });
    const whole = frameLine(JSON.stringify({ type: 'event', stepId: 'cut', at: 't', event: 'judged', detail: 'x'.repeat(70_000) }));
    appendFileSync(file, whole.subarray(0, 40_000));
    // Read before the next append: the torn line is reported, not parsed, not joined.
    expect(j.read().bad).toHaveLength(1);
    j.append({ type: 'event', stepId: 'b', at: 't', event: 'judged', detail: 'two' });
    const { entries, bad } = j.read();
    expect(bad).toEqual([]);
    expect(entries.map((e) => e.stepId)).toEqual(['a', 'b']);
    expect(readFileSync(j.tornFile, 'utf8')).toMatch(/torn tail of 40000 bytes/);
    // A line whose bytes were damaged fails its checksum.
    const damaged = frameLine(JSON.stringify({ type: 'event', stepId: 'c', at: 't', event: 'judged', detail: 'ok' }))
      .toString('utf8')
      .replace('"ok"', '"ko"');
    appendFileSync(file, damaged);
    expect(j.read().bad).toHaveLength(1);
  });
});
