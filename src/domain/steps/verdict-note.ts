/**
 * The longer verdict note written in the operator's editor (`E`), in the shape of git's commit
 * message and rebase todo: the first line names the verdict, the lines after it are the note,
 * `#` lines are help and are dropped. The issue keeps a note on one line (the item's `*(…)*` and
 * its Change Log cell), so the note's lines are joined.
 */
export type EditorVerdict = 'pass' | 'fail' | 'defer';

const VERDICTS: Record<string, EditorVerdict> = {
  pass: 'pass',
  passed: 'pass',
  p: 'pass',
  fail: 'fail',
  failed: 'fail',
  f: 'fail',
  defer: 'defer',
  deferred: 'defer',
  d: 'defer',
};

export interface VerdictTemplate {
  /** The item as the console names it ("X1 Read the hostname in a pager"). */
  name: string;
  /** The item's Expected text, shown as a reminder. */
  expected?: string | null;
  /** The verdict the file starts with. */
  verdict?: EditorVerdict;
}

export function verdictNoteTemplate(t: VerdictTemplate): string {
  const expected = (t.expected ?? '').replace(/\s+/g, ' ').trim();
  return [
    t.verdict ?? 'pass',
    '',
    `# Your verdict on ${t.name.replace(/\s+/g, ' ')}, and a note for the issue.`,
    '# The first line is the verdict: pass, fail or defer (defer needs a note).',
    '# The lines after it are the note; the issue keeps it on one line (the item and its Change Log row).',
    ...(expected ? [`# Expected: ${expected}`] : []),
    '# Lines starting with # are dropped. Save an empty file, or quit with an error (:cq), to record nothing.',
    '',
  ].join('\n');
}

export type ParsedVerdictNote = { kind: 'verdict'; verdict: EditorVerdict; note: string } | { kind: 'empty' } | { kind: 'error'; reason: string };

/** What the operator saved: the verdict and the note joined on one line, nothing, or why it cannot be taken. */
export function parseVerdictNote(text: string): ParsedVerdictNote {
  const lines = text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !l.trimStart().startsWith('#'))
    .map((l) => l.trim());
  const first = lines.findIndex((l) => l !== '');
  if (first === -1) return { kind: 'empty' };
  const head = lines[first]!;
  const word = head.split(/\s+/)[0]!;
  const verdict = VERDICTS[word.toLowerCase().replace(/[:.]$/, '')];
  if (!verdict) return { kind: 'error', reason: `the first line must be pass, fail or defer, not "${word.slice(0, 40)}"; nothing recorded` };
  const rest = [head.slice(word.length), ...lines.slice(first + 1)];
  const note = rest
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (verdict === 'defer' && !note) return { kind: 'error', reason: 'defer needs a note (the reason goes to the Change Log); nothing recorded' };
  return { kind: 'verdict', verdict, note };
}
