import { describe, expect, it } from 'vitest';
import { bodyLines, landedIn } from '../../../src/domain/steps/in-flight.js';

const ROW = '| 2026-12-03 14:01 UTC | Run C2: set noout | exit 0 in 40 ms | homelab-console |';
const TABLE = ['## Change Log', '', '| Timestamp | Action | Result | User |', '|---|---|---|---|'];
const body = (...rows: string[]) => [...TABLE, ...rows, ''].join('\n');

describe('where a write a crash left in flight got: the lines it sent, looked up in the body', () => {
  it('a row that repeats an earlier one word for word has landed only when the body holds one more copy', () => {
    const before = body(ROW);
    const sent = body(ROW, ROW);
    const lines = bodyLines(before, sent);
    expect(lines).toEqual({ adds: [ROW], removes: [], had: [1] });
    expect(landedIn(lines, before)).toBe(false);
    expect(landedIn(lines, sent)).toBe(true);
    // A human's row after ours does not change the answer.
    expect(landedIn(lines, body(ROW, ROW, '| 2026-12-03 14:02 UTC | by hand | - | admin |'))).toBe(true);
  });

  it('two copies added at once need both; a record without counts (an older console) asks only for presence', () => {
    const lines = bodyLines(body(), body(ROW, ROW));
    expect(lines.had).toEqual([0, 0]);
    expect(landedIn(lines, body(ROW))).toBe(false);
    expect(landedIn(lines, body(ROW, ROW))).toBe(true);
    expect(landedIn({ adds: [ROW], removes: [] }, body(ROW))).toBe(true);
  });

  it('an edit that only removes has landed when none of its lines is left; nothing sent is null', () => {
    const lines = bodyLines(body(ROW), body());
    expect(lines.adds).toEqual([]);
    expect(landedIn(lines, body())).toBe(true);
    expect(landedIn(lines, body(ROW))).toBe(false);
    expect(landedIn(null, body(ROW))).toBeNull();
  });
});
