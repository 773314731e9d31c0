import { indentOf, isBlank, type Line } from './lines.js';
import { htmlBlockStart, htmlBlockEnds, type HtmlKind } from './html-blocks.js';

/** A fenced code block: the lines that open and close it and what sits between. */
export interface Fence {
  /** Line index of the opening fence. */
  open: number;
  /** Line index of the closing fence, or null when the block ends without one. */
  close: number | null;
  /** Line index just past the last content line. */
  end: number;
  /** Column of the fence marker on its line (its containers' prefixes included). */
  indent: number;
  info: string;
}

/** The `[ ]` of a top-level task list item: where the mark and the text after the box sit in the line. */
export interface TaskBox {
  checked: boolean;
  /** Offset of the mark between the brackets within the line text. */
  markAt: number;
  /** Offset of the text after `[ ]` and its spaces. */
  restAt: number;
}

/** What one line is, block-wise: code, HTML, heading, ordinary text — and whether it holds a live checkbox. */
export interface BlockLine {
  line: Line;
  indent: number;
  /** Inside a fenced code block (the fence lines included) or an indented code block. */
  code: boolean;
  /** Index into `Blocks.fences` of the block this line belongs to, or -1. */
  fence: number;
  /** Part of an HTML comment block (`<!-- markdownlint-disable … -->`). */
  comment: boolean;
  /** Part of any HTML block (comments included): raw HTML, never Markdown. */
  html: boolean;
  /** An ATX heading that starts its line (no container marker before it). */
  heading: { level: number; text: string } | null;
  /**
   * The box of a task list item whose list is a direct child of the document (CommonMark + GFM: the
   * `[ ]` opens the item's first paragraph and text follows it), on the line where the `[` sits.
   */
  task: TaskBox | null;
}

export interface Blocks {
  lines: BlockLine[];
  fences: Fence[];
}

/**
 * A container a line must continue: a block quote (`>`), or a list item whose content starts `need`
 * columns past where its parent's content starts.
 */
interface Container {
  quote: boolean;
  need: number;
  /** Something has been put in it (a list item that starts with a blank line ends at a second one). */
  hasChild: boolean;
}

type Leaf =
  | { kind: 'paragraph'; depth: number; task: number }
  | { kind: 'fence'; depth: number; char: string; length: number; fence: number }
  | { kind: 'indented'; depth: number; fresh: boolean }
  | { kind: 'html'; depth: number; html: HtmlKind };

/** A position in a line: character index, column, and columns of a tab that are still unconsumed. */
class Cursor {
  pos = 0;
  col = 0;
  partial = 0;
  constructor(readonly text: string) {}

  /** Columns of spaces/tabs from here to the next other character, and that character's index. */
  indent(): { cols: number; at: number } {
    let cols = this.partial;
    let col = this.col;
    let i = this.pos;
    for (; i < this.text.length; i++) {
      const c = this.text.charCodeAt(i);
      if (c === 32) {
        cols += 1;
        col += 1;
      } else if (c === 9) {
        const w = 4 - (col % 4);
        cols += w;
        col += w;
      } else break;
    }
    return { cols, at: i };
  }

  /** Consumes `n` columns of whitespace (a tab may be split). */
  advance(n: number): void {
    while (n > 0) {
      if (this.partial > 0) {
        const k = Math.min(n, this.partial);
        this.partial -= k;
        this.col += k;
        n -= k;
        continue;
      }
      const c = this.text.charCodeAt(this.pos);
      if (c === 32) {
        this.pos++;
        this.col++;
        n--;
      } else if (c === 9) {
        const w = 4 - (this.col % 4);
        this.pos++;
        if (w <= n) {
          this.col += w;
          n -= w;
        } else {
          this.col += n;
          this.partial = w - n;
          n = 0;
        }
      } else return;
    }
  }

  /** Skips all whitespace. */
  skipSpace(): void {
    const { cols } = this.indent();
    this.advance(cols);
  }

  /** Moves past `n` non-whitespace characters. */
  skipChars(n: number): void {
    this.partial = 0;
    this.pos += n;
    this.col += n;
  }

  rest(): string {
    return this.text.slice(this.pos);
  }
}

/** A fence opener (```` ``` ````, `~~~`, longer runs) at `at`, or null. */
function fenceOpener(text: string, at: number): { char: string; length: number; info: string } | null {
  const char = text[at];
  if (char !== '`' && char !== '~') return null;
  let n = at;
  while (n < text.length && text[n] === char) n++;
  if (n - at < 3) return null;
  const info = text.slice(n).trim();
  // A backtick fence's info string cannot hold a backtick (that would be an inline code span).
  if (char === '`' && info.includes('`')) return null;
  return { char, length: n - at, info };
}

/** A closing fence at `at`: the opener's character, at least as many, then only spaces and tabs. */
function closesFence(text: string, at: number, char: string, length: number): boolean {
  let n = at;
  while (n < text.length && text[n] === char) n++;
  if (n - at < length) return false;
  return isBlank(text.slice(n));
}

/** `***`, `- - -`, `___`: three or more of one of `*-_`, with only spaces or tabs between. */
function isThematicBreak(text: string, at: number): boolean {
  const c = text[at];
  if (c !== '*' && c !== '-' && c !== '_') return false;
  let count = 0;
  for (let i = at; i < text.length; i++) {
    const d = text[i];
    if (d === c) count++;
    else if (d !== ' ' && d !== '\t') return false;
  }
  return count >= 3;
}

/** A setext underline: `===` or `---` runs, trailing spaces allowed. */
function isSetextUnderline(text: string, at: number): boolean {
  const c = text[at];
  if (c !== '=' && c !== '-') return false;
  let i = at;
  while (i < text.length && text[i] === c) i++;
  return isBlank(text.slice(i));
}

function atxHeading(text: string, at: number): { level: number; text: string } | null {
  let level = 0;
  while (at + level < text.length && text[at + level] === '#') level++;
  if (level === 0 || level > 6) return null;
  const after = text[at + level];
  if (after !== undefined && after !== ' ' && after !== '\t') return null;
  let body = text.slice(at + level).trim();
  // An optional closing run of '#' preceded by a space is not part of the heading.
  let k = body.length;
  while (k > 0 && body[k - 1] === '#') k--;
  if (k < body.length && (k === 0 || body[k - 1] === ' ' || body[k - 1] === '\t')) body = body.slice(0, k).trimEnd();
  return { level, text: body };
}

/** A list marker at `at`: `-`, `*`, `+`, or 1–9 digits and `.`/`)`, followed by whitespace or the end. */
function listMarker(text: string, at: number): { width: number; ordered: boolean; start: number } | null {
  const c = text[at];
  let width: number;
  let ordered = false;
  let start = 0;
  if (c === '-' || c === '*' || c === '+') width = 1;
  else {
    let i = at;
    while (i < text.length && i - at < 10 && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i === at || i - at > 9) return null;
    if (text[i] !== '.' && text[i] !== ')') return null;
    ordered = true;
    start = Number(text.slice(at, i));
    width = i - at + 1;
  }
  const after = text[at + width];
  if (after !== undefined && after !== ' ' && after !== '\t') return null;
  return { width, ordered, start };
}

/** The column at which character `i` of `text` starts (tabs stop every 4 columns). */
function columnAt(text: string, i: number): number {
  let col = 0;
  for (let k = 0; k < i; k++) col = text.charCodeAt(k) === 9 ? col + 4 - (col % 4) : col + 1;
  return col;
}

/** `[ ]`, `[x]`, `[X]` (a tab counts as the space) at `at`, or null. */
function taskMarkAt(text: string, at: number): { checked: boolean; after: number } | null {
  if (text[at] !== '[' || text[at + 2] !== ']') return null;
  const mark = text[at + 1];
  // A tab is the blank mark only where it is one column wide (micromark reads a wider one as spaces).
  if (mark === '\t' && columnAt(text, at + 1) % 4 !== 3) return null;
  if (mark !== ' ' && mark !== '\t' && mark !== 'x' && mark !== 'X') return null;
  return { checked: mark === 'x' || mark === 'X', after: at + 3 };
}

/**
 * One pass over the lines with CommonMark's block rules (block quotes, list items, fenced and
 * indented code, HTML blocks, headings, thematic breaks, paragraphs and their lazy continuation
 * lines): which lines are code, HTML or headings, and which hold the box of a top-level task item.
 * Linear in the body size times the container nesting depth.
 */
export function scanBlocks(lines: readonly Line[]): Blocks {
  const out: BlockLine[] = [];
  const fences: Fence[] = [];
  const stack: Container[] = [];
  let leaf: Leaf | null = null;
  /** A box whose item text starts on the next line: live only if its paragraph continues there. */
  let pendingTask: { at: number; task: TaskBox } | null = null;

  for (const line of lines) {
    const text = line.text;
    const bl: BlockLine = { line, indent: indentOf(text), code: false, fence: -1, comment: false, html: false, heading: null, task: null };
    out.push(bl);
    const cur = new Cursor(text);

    // 1. Which open containers does this line continue?
    let matched = 0;
    for (; matched < stack.length; matched++) {
      const c = stack[matched]!;
      const { cols, at } = cur.indent();
      if (c.quote) {
        if (cols > 3 || text[at] !== '>') break;
        cur.advance(cols);
        cur.skipChars(1);
        const next = text[cur.pos];
        if (next === ' ' || next === '\t') cur.advance(1);
      } else if (at >= text.length) {
        if (!c.hasChild) break;
      } else if (cols >= c.need) cur.advance(c.need);
      else break;
    }
    const allMatched = matched === stack.length;

    // 2. Inside a fence, HTML block or indented code that this line still belongs to.
    if (leaf && allMatched && leaf.kind === 'fence') {
      const { cols, at } = cur.indent();
      bl.code = true;
      bl.fence = leaf.fence;
      const fence = fences[leaf.fence]!;
      if (cols <= 3 && closesFence(text, at, leaf.char, leaf.length)) {
        fence.close = line.index;
        fence.end = line.index;
        leaf = null;
      } else fence.end = line.index + 1;
      pendingTask = null;
      continue;
    }
    if (leaf && allMatched && leaf.kind === 'html') {
      if (leaf.html === 6 || leaf.html === 7) {
        if (isBlank(cur.rest())) {
          leaf = null;
          continue;
        }
        bl.html = true;
      } else {
        bl.html = true;
        bl.comment = leaf.html === 2;
        if (htmlBlockEnds(leaf.html, cur.rest())) leaf = null;
      }
      pendingTask = null;
      continue;
    }

    // 3. New containers and the leaf this line starts (or the paragraph it continues).
    const opened: Container[] = [];
    const inParagraph = leaf !== null && leaf.kind === 'paragraph';
    let start: 'blank' | 'text' | 'continue' | 'setext' | 'indented' | 'fence' | 'html' | 'heading' | 'hr';
    let fenceInfo: { char: string; length: number; info: string; col: number } | null = null;
    let htmlKind: HtmlKind | null = null;
    let taskHere: TaskBox | null = null;
    let taskPending = false;
    for (;;) {
      const { cols, at } = cur.indent();
      const canContinue = inParagraph && opened.length === 0;
      if (at >= text.length) {
        start = 'blank';
        break;
      }
      if (cols >= 4) {
        start = canContinue ? 'continue' : 'indented';
        break;
      }
      const ch = text[at]!;
      if (ch === '>') {
        cur.advance(cols);
        cur.skipChars(1);
        const next = text[cur.pos];
        if (next === ' ' || next === '\t') cur.advance(1);
        opened.push({ quote: true, need: 0, hasChild: false });
        continue;
      }
      if (ch === '#') {
        const h = atxHeading(text, at);
        if (h) {
          start = 'heading';
          if (bl.indent <= 3 && at === text.length - text.trimStart().length) bl.heading = h;
          break;
        }
      }
      if (ch === '`' || ch === '~') {
        const f = fenceOpener(text, at);
        if (f) {
          start = 'fence';
          cur.advance(cols);
          fenceInfo = { ...f, col: cur.col };
          break;
        }
      }
      if (ch === '<') {
        const kind = htmlBlockStart(text.slice(at), canContinue && allMatched);
        if (kind !== null) {
          start = 'html';
          htmlKind = kind;
          break;
        }
      }
      if (canContinue && allMatched && isSetextUnderline(text, at)) {
        start = 'setext';
        break;
      }
      if (isThematicBreak(text, at)) {
        start = 'hr';
        break;
      }
      const marker = listMarker(text, at);
      if (marker) {
        // An empty item or one not numbered 1 cannot interrupt a paragraph. micromark applies the
        // same rule right after an indented code block (its blank lines included), so this does too —
        // unless that block began on the line that closed containers (micromark's flow is new then).
        const interrupts = allMatched && opened.length === 0 && (inParagraph || (leaf?.kind === 'indented' && !leaf.fresh));
        cur.advance(cols);
        const afterMarker = at + marker.width;
        const blankItem = isBlank(text.slice(afterMarker));
        if (!(interrupts && (blankItem || (marker.ordered && marker.start !== 1)))) {
          cur.skipChars(marker.width);
          let padding: number;
          if (blankItem) padding = marker.width + 1;
          else {
            const sp = cur.indent().cols;
            padding = sp >= 5 ? marker.width + 1 : marker.width + sp;
            cur.advance(padding - marker.width);
          }
          opened.push({ quote: false, need: cols + padding, hasChild: false });
          if (blankItem) {
            start = 'blank';
            break;
          }
          continue;
        }
      }
      start = canContinue ? 'continue' : 'text';
      if (start === 'text') {
        // The first paragraph of a top-level list item may open with a task box.
        const parentDepth = matched + opened.length;
        const parent = opened.length > 0 ? opened[opened.length - 1]! : matched > 0 ? stack[matched - 1]! : null;
        if (parentDepth === 1 && parent && !parent.quote && !parent.hasChild) {
          const m = taskMarkAt(text, at);
          if (m) {
            let restAt = m.after;
            while (text[restAt] === ' ' || text[restAt] === '\t') restAt++;
            const box: TaskBox = { checked: m.checked, markAt: at + 1, restAt };
            if (m.after === text.length || text[m.after] === ' ' || text[m.after] === '\t') {
              if (restAt < text.length) taskHere = box;
              else {
                taskHere = box;
                taskPending = true;
              }
            }
          }
        }
      }
      break;
    }

    // A pending box is live when its paragraph goes on into this line.
    if (pendingTask && start === 'continue') out[pendingTask.at]!.task = pendingTask.task;
    pendingTask = null;

    if (start === 'continue') {
      // Paragraph continuation, lazy or not: nothing closes.
      continue;
    }
    if (start === 'html' && htmlKind === 7 && inParagraph && opened.length === 0 && !allMatched) {
      // micromark puts a kind-7 HTML block that starts on a lazy line inside the containers that are
      // still open, where it runs on while lines continue them all.
      leaf = { kind: 'html', depth: stack.length, html: 7 };
      bl.html = true;
      continue;
    }
    // Containers this line did not continue are closed, and so is the leaf unless it goes on.
    const closedAny = matched < stack.length;
    stack.length = matched;
    if (leaf && leaf.depth > matched) leaf = null;
    // An underlined paragraph is a heading, and a heading is not a task item.
    if (start === 'setext' && leaf?.kind === 'paragraph' && leaf.task >= 0) out[leaf.task]!.task = null;
    if (start === 'setext' || opened.length > 0) leaf = null;
    if (start === 'setext') continue;
    for (const c of opened) {
      const parent = stack[stack.length - 1];
      if (parent) parent.hasChild = true;
      stack.push(c);
    }
    const depth = stack.length;
    const owner = stack[depth - 1];
    if (start === 'blank') {
      // A blank line ends a paragraph; an indented code block runs on across it.
      if (leaf && leaf.kind === 'paragraph') leaf = null;
      continue;
    }
    if (start !== 'indented' && leaf?.kind === 'indented') leaf = null;
    if (owner) owner.hasChild = true;
    switch (start) {
      case 'text':
        leaf = { kind: 'paragraph', depth, task: taskHere ? out.length - 1 : -1 };
        if (taskHere && !taskPending) bl.task = taskHere;
        else if (taskHere) pendingTask = { at: out.length - 1, task: taskHere };
        break;
      case 'indented':
        if (leaf?.kind !== 'indented') leaf = { kind: 'indented', depth, fresh: closedAny };
        else leaf.fresh = false;
        bl.code = true;
        break;
      case 'fence': {
        const f = fenceInfo!;
        fences.push({ open: line.index, close: null, end: line.index + 1, indent: f.col, info: f.info });
        leaf = { kind: 'fence', depth, char: f.char, length: f.length, fence: fences.length - 1 };
        bl.code = true;
        bl.fence = fences.length - 1;
        break;
      }
      case 'html': {
        const kind = htmlKind!;
        bl.html = true;
        bl.comment = kind === 2;
        const { at } = cur.indent();
        leaf = htmlBlockEnds(kind, text.slice(at), true) ? null : { kind: 'html', depth, html: kind };
        break;
      }
      default:
        leaf = null;
    }
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
