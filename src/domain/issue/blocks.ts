import { indentOf, isBlank, type Line } from './lines.js';

/** A fenced code block: the lines that open and close it and what sits between. */
export interface Fence {
  /** Line index of the opening fence. */
  open: number;
  /** Line index of the closing fence, or null when the block ends without one. */
  close: number | null;
  /** Line index just past the last content line. */
  end: number;
  indent: number;
  info: string;
}

/** What one line is, block-wise: code, HTML comment, heading, or ordinary text. */
export interface BlockLine {
  line: Line;
  indent: number;
  /** Inside a fenced code block, the fence lines included. */
  code: boolean;
  /** Index into `Blocks.fences` of the block this line belongs to, or -1. */
  fence: number;
  /** Part of an HTML comment block (`<!-- markdownlint-disable … -->`). */
  comment: boolean;
  heading: { level: number; text: string } | null;
}

export interface Blocks {
  lines: BlockLine[];
  fences: Fence[];
}

interface OpenFence {
  char: string;
  length: number;
  fence: Fence;
}

/** Reads a fence opener (```` ``` ````, `~~~`, longer runs) after the indentation, or null. */
function fenceOpener(text: string): { char: string; length: number; info: string } | null {
  const t = text.trimStart();
  const char = t[0];
  if (char !== '`' && char !== '~') return null;
  let n = 0;
  while (n < t.length && t[n] === char) n++;
  if (n < 3) return null;
  const info = t.slice(n).trim();
  // A backtick fence's info string cannot hold a backtick (that would be an inline code span).
  if (char === '`' && info.includes('`')) return null;
  return { char, length: n, info };
}

function closesFence(text: string, open: OpenFence): boolean {
  const t = text.trim();
  if (t.length < open.length) return false;
  for (let i = 0; i < t.length; i++) if (t[i] !== open.char) return false;
  return true;
}

/** A list marker or heading at the left margin ends a list item, and with it a fence nested in the item. */
function endsNestedBlock(text: string, indent: number): boolean {
  if (indent >= 2) return false;
  const t = text.trimStart();
  if (t.startsWith('#')) return true;
  const c = t[0];
  if ((c === '-' || c === '*' || c === '+') && (t[1] === ' ' || t[1] === '\t')) return true;
  let i = 0;
  while (i < t.length && i < 9 && t.charCodeAt(i) >= 48 && t.charCodeAt(i) <= 57) i++;
  return i > 0 && (t[i] === '.' || t[i] === ')') && (t[i + 1] === ' ' || t[i + 1] === '\t');
}

function headingOf(text: string, indent: number): { level: number; text: string } | null {
  if (indent > 3) return null;
  const t = text.trimStart();
  let level = 0;
  while (level < t.length && t[level] === '#') level++;
  if (level === 0 || level > 6) return null;
  if (level < t.length && t[level] !== ' ' && t[level] !== '\t') return null;
  let body = t.slice(level).trim();
  // An optional closing run of '#' preceded by a space is not part of the heading.
  let k = body.length;
  while (k > 0 && body[k - 1] === '#') k--;
  if (k < body.length && (k === 0 || body[k - 1] === ' ' || body[k - 1] === '\t')) body = body.slice(0, k).trimEnd();
  return { level, text: body };
}

/**
 * One pass over the lines: which are code (fenced blocks, at any indent), HTML comments and
 * headings. Linear in the body size; an unclosed top-level fence runs to the end as CommonMark says.
 */
export function scanBlocks(lines: readonly Line[]): Blocks {
  const out: BlockLine[] = [];
  const fences: Fence[] = [];
  let open: OpenFence | null = null;
  let inComment = false;
  for (const line of lines) {
    const text = line.text;
    const indent = indentOf(text);
    if (open) {
      if (closesFence(text, open)) {
        open.fence.close = line.index;
        open.fence.end = line.index;
        out.push({ line, indent, code: true, fence: fences.length - 1, comment: false, heading: null });
        open = null;
        continue;
      }
      // A fence opened inside a list item ends with the item (CommonMark container rules).
      if (open.fence.indent >= 2 && !isBlank(text) && endsNestedBlock(text, indent)) {
        open.fence.end = line.index;
        open = null;
      } else {
        open.fence.end = line.index + 1;
        out.push({ line, indent, code: true, fence: fences.length - 1, comment: false, heading: null });
        continue;
      }
    }
    if (inComment) {
      out.push({ line, indent, code: false, fence: -1, comment: true, heading: null });
      if (text.includes('-->')) inComment = false;
      continue;
    }
    const opener = fenceOpener(text);
    if (opener) {
      const fence: Fence = { open: line.index, close: null, end: line.index + 1, indent, info: opener.info };
      fences.push(fence);
      open = { char: opener.char, length: opener.length, fence };
      out.push({ line, indent, code: true, fence: fences.length - 1, comment: false, heading: null });
      continue;
    }
    const trimmed = text.trim();
    if (indent <= 3 && trimmed.startsWith('<!--')) {
      if (!trimmed.includes('-->', 4)) inComment = true;
      out.push({ line, indent, code: false, fence: -1, comment: true, heading: null });
      continue;
    }
    out.push({ line, indent, code: false, fence: -1, comment: false, heading: headingOf(text, indent) });
  }
  return { lines: out, fences };
}

/** The contents of a fence, its own indentation removed from each line (CommonMark), joined with `\n`. */
export function fenceContent(blocks: Blocks, fence: Fence): string {
  const parts: string[] = [];
  for (let i = fence.open + 1; i < fence.end; i++) {
    const bl = blocks.lines[i];
    if (!bl) break;
    parts.push(stripColumns(bl.line.text, fence.indent));
  }
  return parts.join('\n');
}

/** Removes up to `n` columns of leading whitespace. */
function stripColumns(text: string, n: number): string {
  let col = 0;
  let i = 0;
  while (i < text.length && col < n) {
    const c = text[i];
    if (c === ' ') col += 1;
    else if (c === '\t') col += 4 - (col % 4);
    else break;
    i++;
  }
  return text.slice(i);
}
