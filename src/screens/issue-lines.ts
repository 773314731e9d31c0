import { displayText } from '../domain/display.js';
import type { IssueChange } from '../store/issue-store.js';
import type { PagerLine } from '../ui/components/Pager.js';
import type { Theme } from '../ui/theme.js';
import { wrapLine } from '../ui/wrap.js';

export interface IssueView {
  number: number | null;
  title: string | null;
  state: 'open' | 'closed' | null;
  labels: readonly string[];
  body: string | null;
  history: readonly IssueChange[];
}

const CELL_MAX = 48;
const time = (at: number) => new Date(at).toISOString().slice(11, 19);

/** Cells of a Markdown table row (`| a | b |`), spelled safe; escaped pipes stay in their cell. */
function cells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => displayText(c.trim(), { mode: 'line' }));
}

const isSeparator = (line: string) => /^\s*\|?[\s:|-]+\|?\s*$/.test(line) && line.includes('-');

/** A table laid out in aligned columns, each cut at CELL_MAX (the row then wraps to the width). */
function table(rows: string[], width: number, theme: Theme): PagerLine[] {
  const data = rows.filter((r) => !isSeparator(r)).map(cells);
  const n = Math.max(...data.map((r) => r.length));
  const widths = Array.from({ length: n }, (_, i) => Math.min(CELL_MAX, Math.max(...data.map((r) => (r[i] ?? '').length))));
  const fit = (c: string, w: number) => (c.length > w ? `${c.slice(0, w - 1)}${theme.glyphs.cut}` : c.padEnd(w));
  const out: PagerLine[] = [];
  data.forEach((r, idx) => {
    const text = widths.map((w, i) => fit(r[i] ?? '', w)).join(theme.glyphs.column);
    for (const piece of wrapLine(text, width)) out.push({ text: piece, bold: idx === 0 });
    if (idx === 0)
      out.push({
        text: widths
          .map((w) => theme.glyphs.rule.repeat(w))
          .join(theme.glyphs.cross)
          .slice(0, width),
        color: theme.muted,
      });
  });
  return out;
}

/**
 * The issue view's lines: who changed what this session (newest first), then the live body with
 * headings marked, items with their state as glyph + word, tables (Status, Change Log) in aligned
 * columns, code dimmed. Every line is spelled safe before it is wrapped, so nothing from the body
 * reaches the terminal as a control sequence and no escape is cut at the edge.
 */
export function issueLines(v: IssueView, width: number, theme: Theme): PagerLine[] {
  const out: PagerLine[] = [];
  const push = (text: string, style: Omit<PagerLine, 'text'> = {}) => {
    for (const piece of wrapLine(displayText(text, { mode: 'line' }), width)) out.push({ text: piece, ...style });
  };
  push(`#${v.number ?? '?'} ${v.title ?? ''} ${theme.glyphs.dash} ${v.state ?? 'unknown'}${v.labels.length ? `  [${v.labels.join(', ')}]` : ''}`, {
    bold: true,
  });
  push(`Changes since the session opened (${v.history.length}, newest first):`, { color: theme.accent });
  if (v.history.length === 0) push('  none yet', { color: theme.muted });
  for (const c of [...v.history].reverse()) push(`  ${time(c.at)}  ${c.by === 'console' ? 'this console' : 'elsewhere   '}  ${c.what}`);
  out.push({ text: ' ' });
  if (v.body === null) {
    push('no issue body yet', { color: theme.muted });
    return out;
  }
  const lines = v.body.split(/\r?\n/);
  let fence = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (/^\s*(```|~~~)/.test(line)) {
      fence = !fence;
      push(line, { dim: true });
      continue;
    }
    if (fence) {
      push(line, { dim: true });
      continue;
    }
    if (/^\s*\|/.test(line)) {
      const rows: string[] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i]!)) rows.push(lines[i++]!);
      i--;
      out.push(...table(rows, width, theme));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      push(`${heading[1]!.length <= 2 ? theme.glyphs.heading1 : theme.glyphs.heading2}${heading[2]}`, { bold: true, color: theme.accent });
      continue;
    }
    const item = /^(\s*)- \[([ xX])\]\s+(.*)$/.exec(line);
    if (item) {
      const done = item[2] !== ' ';
      const note = /\*\((deferred|rolled back)\b/.exec(item[3]!);
      const state = done
        ? `${theme.glyphs.checked} done`
        : note
          ? `${theme.glyphs.unchecked} ${theme.glyphs.warn} ${note[1]}`
          : `${theme.glyphs.unchecked} open`;
      push(`${item[1]}${state}  ${item[3]}`, done ? { color: theme.ok } : note ? { color: theme.warn } : {});
      continue;
    }
    push(line.length ? line : ' ');
  }
  return out;
}
