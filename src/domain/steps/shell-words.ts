/**
 * A lenient lexer for the shell text found in maintenance bodies. It never throws: runbooks mix
 * bash with prose, unbalanced quotes and comments, and the classifier must still see every
 * command word. Quotes are removed from words; comments are dropped.
 */
export interface Redirect {
  op: string;
  target: string;
}

export interface SimpleCommand {
  /** Words after removing quotes, leading `VAR=value` assignments and shell keywords. */
  argv: string[];
  redirects: Redirect[];
  /** The command's own text as written (for messages). */
  text: string;
  /** Where `text` starts and ends in the lexed text (so a plan can cut the text around it). */
  start: number;
  end: number;
  /** The operator that ended the command (`&&`, `;`, `|`, a newline …), null at the end of the text. */
  sep: string | null;
  /** Leading `VAR=value` words, quotes removed (a line of only assignments is kept as a command). */
  assignments: Record<string, string>;
  /** The shell keywords stripped from its front (`if`, `then`, `do` …). */
  keywords: string[];
  /** How many `( … )` subshells it is inside. */
  depth: number;
}

const KEYWORDS = new Set(['do', 'then', 'else', 'elif', '!', 'time', '{', '}', 'done', 'fi', 'esac', 'if', 'while', 'until']);
const SEPARATORS = [';;', '&&', '||', '|&', ';', '|', '&', '\n', '(', ')'];

interface RawCommand {
  words: string[];
  redirects: Redirect[];
  start: number;
  end: number;
  sep: string | null;
  depth: number;
}

/** Splits shell text into simple commands (split at `;`, `&&`, `||`, `|`, `&`, newlines, parentheses). */
export function splitCommands(text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const raw of lex(text)) {
    const { argv, assignments, keywords } = stripPrefixes(raw.words);
    if (argv.length === 0 && raw.redirects.length === 0 && Object.keys(assignments).length === 0) continue;
    const slice = text.slice(raw.start, raw.end);
    const start = raw.start + (slice.length - slice.trimStart().length);
    const end = raw.start + slice.trimEnd().length;
    out.push({ argv, redirects: raw.redirects, text: text.slice(start, end), start, end, sep: raw.sep, assignments, keywords, depth: raw.depth });
  }
  return out;
}

function stripPrefixes(words: string[]): { argv: string[]; assignments: Record<string, string>; keywords: string[] } {
  const assignments: Record<string, string> = {};
  const keywords: string[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    const assign = /^([A-Za-z_][A-Za-z0-9_]*)=([^]*)$/.exec(w);
    if (assign) assignments[assign[1]!] = assign[2]!;
    else if (KEYWORDS.has(w)) keywords.push(w);
    else break;
    i += 1;
  }
  return { argv: words.slice(i), assignments, keywords };
}

function lex(text: string): RawCommand[] {
  const commands: RawCommand[] = [];
  let depth = 0;
  let cur: RawCommand = { words: [], redirects: [], start: 0, end: 0, sep: null, depth };
  let word: string | null = null;
  let pendingRedirect: string | null = null;
  let i = 0;

  const endWord = () => {
    if (word === null) return;
    if (pendingRedirect !== null) {
      cur.redirects.push({ op: pendingRedirect, target: word });
      pendingRedirect = null;
    } else cur.words.push(word);
    word = null;
  };
  const endCommand = (at: number, sep: string | null) => {
    endWord();
    cur.end = at;
    cur.sep = sep;
    if (cur.words.length || cur.redirects.length) commands.push(cur);
    if (sep === '(') depth += 1;
    else if (sep === ')') depth = Math.max(0, depth - 1);
    cur = { words: [], redirects: [], start: at, end: at, sep: null, depth };
  };

  while (i < text.length) {
    const c = text[i]!;
    if (c === '\\') {
      if (text[i + 1] === '\n') {
        i += 2; // line continuation
        continue;
      }
      word = (word ?? '') + (text[i + 1] ?? '');
      i += 2;
      continue;
    }
    if (c === "'") {
      const close = text.indexOf("'", i + 1);
      const stop = close < 0 ? text.length : close;
      word = (word ?? '') + text.slice(i + 1, stop);
      i = stop + 1;
      continue;
    }
    if (c === '"') {
      let j = i + 1;
      let s = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\' && j + 1 < text.length && '"\\$`'.includes(text[j + 1]!)) {
          s += text[j + 1];
          j += 2;
        } else {
          s += text[j];
          j += 1;
        }
      }
      word = (word ?? '') + s;
      i = j + 1;
      continue;
    }
    if (c === '`') {
      // Old-style command substitution: kept inside the word like `$(…)`.
      const close = text.indexOf('`', i + 1);
      const stop = close < 0 ? text.length : close;
      word = (word ?? '') + text.slice(i, stop + 1);
      i = stop + 1;
      continue;
    }
    if (c === '$' && text[i + 1] === '(') {
      // Command substitution: keep it inside the word, balanced.
      let depth = 0;
      let j = i + 1;
      for (; j < text.length; j++) {
        if (text[j] === '(') depth += 1;
        else if (text[j] === ')') {
          depth -= 1;
          if (depth === 0) break;
        }
      }
      word = (word ?? '') + text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (c === '#' && word === null) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r') {
      endWord();
      i += 1;
      continue;
    }
    const redirect = /^(?:\d?>>|\d?>&\d|&>>?|\d?>\||\d?>|<<<|<<-?|<)/.exec(text.slice(i, i + 4));
    if (redirect && (word === null || /^\d$/.test(word))) {
      if (word !== null) word = null; // the fd number belongs to the operator
      endWord();
      const op = redirect[0];
      i += op.length;
      if (/>&\d$/.test(op)) cur.redirects.push({ op, target: op.slice(-1) });
      else pendingRedirect = op;
      continue;
    }
    const sep = SEPARATORS.find((s) => text.startsWith(s, i));
    if (sep) {
      endCommand(i, sep);
      i += sep.length;
      cur.start = i;
      continue;
    }
    word = (word ?? '') + c;
    i += 1;
  }
  endCommand(text.length, null);
  return commands;
}

/** The words of a command after removing wrappers such as `sudo`, `env`, `timeout 30`, `nohup`. */
export function unwrap(argv: string[]): string[] {
  let a = argv;
  for (;;) {
    const head = a[0];
    if (head === 'sudo' || head === 'doas') {
      let i = 1;
      while (i < a.length && a[i]!.startsWith('-')) i += /^-[ugCDhpRrT]$/.test(a[i]!) ? 2 : 1;
      a = a.slice(i);
    } else if (head === 'env') {
      let i = 1;
      while (i < a.length && (a[i]!.startsWith('-') || a[i]!.includes('='))) i += 1;
      a = a.slice(i);
    } else if (head === 'nohup' || head === 'exec' || head === 'command' || head === 'builtin') a = a.slice(1);
    else if (head === 'timeout') {
      let i = 1;
      while (i < a.length && a[i]!.startsWith('-')) i += 1;
      a = a.slice(i + 1);
    } else if (head === 'xargs') {
      let i = 1;
      while (i < a.length && a[i]!.startsWith('-')) i += /^-[nIPdLsE]$/.test(a[i]!) ? 2 : 1;
      a = a.slice(i);
    } else return a;
  }
}

/** The last path segment of argv[0] (`/usr/bin/kubectl` → `kubectl`). */
export function commandName(argv: string[]): string {
  const head = argv[0] ?? '';
  return head.slice(head.lastIndexOf('/') + 1);
}
