/** Inline-level helpers: code spans, emphasis markers, table cells. All linear scans. */

/** If `value` is exactly one inline code span, its content (CommonMark's one-space trim applied); else null. */
export function soleCodeSpan(value: string): string | null {
  const v = value.trim();
  if (!v.startsWith('`')) return null;
  let n = 0;
  while (n < v.length && v[n] === '`') n++;
  if (v.length < 2 * n + 1) return null;
  // The span must end exactly at the end of the value with a run of the same length.
  let m = 0;
  while (m < v.length - n && v[v.length - 1 - m] === '`') m++;
  if (m !== n) return null;
  const inner = v.slice(n, v.length - n);
  // A run of exactly n backticks inside would close the span early.
  if (hasRunOfLength(inner, n)) return null;
  if (inner.length >= 2 && inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '') return inner.slice(1, -1);
  return inner;
}

function hasRunOfLength(s: string, n: number): boolean {
  let i = 0;
  while (i < s.length) {
    if (s[i] !== '`') {
      i++;
      continue;
    }
    let j = i;
    while (j < s.length && s[j] === '`') j++;
    if (j - i === n) return true;
    i = j;
  }
  return false;
}

/** Removes `**` and `__` emphasis markers. */
export function stripStrong(s: string): string {
  return s.split('**').join('').split('__').join('');
}

/** A table cell: trimmed text and where that text sits in the line. */
export interface Cell {
  text: string;
  start: number;
  end: number;
}

/** True for a line that looks like a table row (`| a | b |`). */
export function isTableRow(text: string): boolean {
  return text.trimStart().startsWith('|');
}

/** Splits a table row on unescaped pipes; leading and trailing pipes are optional, as in GFM. */
export function splitTableRow(text: string): Cell[] {
  const bounds: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '|') bounds.push(i);
  }
  const cells: Cell[] = [];
  let from = 0;
  const segments: Array<[number, number]> = [];
  for (const b of bounds) {
    segments.push([from, b]);
    from = b + 1;
  }
  segments.push([from, text.length]);
  const leading = text.slice(0, bounds[0] ?? text.length).trim() === '' && bounds.length > 0;
  const trailing = bounds.length > 0 && text.slice((bounds[bounds.length - 1] ?? 0) + 1).trim() === '';
  const first = leading ? 1 : 0;
  const last = trailing ? segments.length - 1 : segments.length;
  for (let k = first; k < last; k++) {
    const seg = segments[k];
    if (!seg) continue;
    const [a, b] = seg;
    let s = a;
    let e = b;
    while (s < e && (text[s] === ' ' || text[s] === '\t')) s++;
    while (e > s && (text[e - 1] === ' ' || text[e - 1] === '\t')) e--;
    cells.push({ text: text.slice(s, e), start: s, end: e });
  }
  return cells;
}

/** True for a GFM delimiter row (`|---|:---:|`). */
export function isDelimiterRow(text: string): boolean {
  if (!text.includes('-')) return false;
  const cells = splitTableRow(text);
  if (cells.length === 0) return false;
  return cells.every((c) => /^:?-+:?$/.test(c.text));
}

/** Escapes text for a table cell: pipes escaped, line breaks flattened. */
export function escapeCell(text: string): string {
  let out = '';
  let run = 0; // backslashes seen just before the current character
  for (const c of text.replace(/\r?\n/g, ' ')) {
    if (c === '\\') {
      run++;
      continue;
    }
    // Backslashes right before a pipe would escape our escape: double them.
    out += c === '|' ? '\\'.repeat(2 * run) + '\\|' : '\\'.repeat(run) + c;
    run = 0;
  }
  return (out + '\\'.repeat(run)).trim();
}

/** Case- and emphasis-insensitive key for matching field names (`**Last Updated**:` → `last updated`). */
export function keyOf(text: string): string {
  return stripStrong(text)
    .replace(/[*_`:]/g, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}
