import { describe, expect, it } from 'vitest';
import { parseVerdictNote, verdictNoteTemplate } from '../../../src/domain/steps/verdict-note.js';

describe('the verdict note written in the editor', () => {
  it('the template starts with the verdict, names the item and its Expected in # lines, and parses back to pass with no note', () => {
    const t = verdictNoteTemplate({ name: 'C1 Purge dead osd.8', expected: 'osd.8 gone,\n HEALTH_WARN at worst' });
    expect(t.split('\n')[0]).toBe('pass');
    expect(t).toContain('# Your verdict on C1 Purge dead osd.8');
    expect(t).toContain('# Expected: osd.8 gone, HEALTH_WARN at worst');
    expect(parseVerdictNote(t)).toEqual({ kind: 'verdict', verdict: 'pass', note: '' });
  });

  it.each([
    ['fail\n\nthe pool stayed degraded\nfor ten minutes\n', 'fail', 'the pool stayed degraded for ten minutes'],
    ['Passed: all PGs clean', 'pass', 'all PGs clean'],
    ['\n# comment\n  defer   waiting for the disk \r\n(RMA)\n', 'defer', 'waiting for the disk (RMA)'],
    ['f\n#not part\n  output looked wrong  ', 'fail', 'output looked wrong'],
  ])('%j → %s', (text, verdict, note) => {
    expect(parseVerdictNote(text)).toEqual({ kind: 'verdict', verdict, note });
  });

  it('nothing but help and blank lines is empty; an unknown first word or a defer without a reason is an error', () => {
    expect(parseVerdictNote('# a\n\n   \n#b')).toEqual({ kind: 'empty' });
    expect(parseVerdictNote('')).toEqual({ kind: 'empty' });
    const wrong = parseVerdictNote('looks ok to me');
    expect(wrong.kind).toBe('error');
    expect(wrong.kind === 'error' && wrong.reason).toContain('not "looks"');
    expect(parseVerdictNote('defer\n# why?\n').kind).toBe('error');
  });
});
