/** One line of a body: its text without the line ending, where it sits, and the ending it had. */
export interface Line {
  /** 0-based line number. */
  index: number;
  /** Offset of the first character of `text` in the body. */
  start: number;
  text: string;
  /** `\n`, `\r\n`, a lone `\r`, or '' for a last line without a final newline. */
  eol: '' | '\n' | '\r\n' | '\r';
}

/**
 * Splits a body into lines, remembering each line's own ending so edits can keep every byte. Line
 * endings are CommonMark's: LF, CRLF, or a CR alone. A leading byte-order mark belongs to no line
 * (CommonMark and Gitea ignore it), so the first line's text starts after it and edits keep it.
 */
export function splitLines(body: string): Line[] {
  const lines: Line[] = [];
  let start = body.charCodeAt(0) === 0xfeff ? 1 : 0;
  let index = 0;
  let from = start;
  while (start < body.length) {
    const nl = nextBreak(body, from);
    if (nl === -1) {
      lines.push({ index, start, text: body.slice(start), eol: '' });
      break;
    }
    const eol = body.charCodeAt(nl) === 10 ? '\n' : body.charCodeAt(nl + 1) === 10 ? '\r\n' : '\r';
    lines.push({ index, start, text: body.slice(start, nl), eol });
    index += 1;
    start = nl + eol.length;
    from = start;
  }
  return lines;
}

/** Index of the next CR or LF at or after `from`, or -1. */
function nextBreak(body: string, from: number): number {
  for (let i = from; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c === 10 || c === 13) return i;
  }
  return -1;
}

/** The ending new lines should use: the one most lines in the body use (LF when there is none). */
export function dominantEol(lines: readonly Line[]): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  for (const line of lines) {
    if (line.eol === '\r\n') crlf += 1;
    else if (line.eol === '\n') lf += 1;
  }
  return crlf > lf ? '\r\n' : '\n';
}

/** Replaces the text of one line (not its ending). */
export function replaceLineText(body: string, line: Line, text: string): string {
  return body.slice(0, line.start) + text + body.slice(line.start + line.text.length);
}

/** Inserts a new line after `line`, using `eol`; a body without a final newline keeps lacking one. */
export function insertLineAfter(body: string, line: Line, text: string, eol: '\n' | '\r\n'): string {
  const textEnd = line.start + line.text.length;
  if (line.eol === '') return body.slice(0, textEnd) + eol + text + body.slice(textEnd);
  const after = textEnd + line.eol.length;
  return body.slice(0, after) + text + eol + body.slice(after);
}

/** Number of leading columns of indentation (a tab advances to the next multiple of 4). */
export function indentOf(text: string): number {
  let col = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) col += 1;
    else if (c === 9) col += 4 - (col % 4);
    else return col;
  }
  return col;
}

export function isBlank(text: string): boolean {
  return text.trim() === '';
}
