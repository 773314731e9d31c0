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
}

const KEYWORDS = new Set(['do', 'then', 'else', 'elif', '!', 'time', '{', '}', 'done', 'fi', 'esac']);
const SEPARATORS = [';;', '&&', '||', '|&', ';', '|', '&', '\n', '(', ')'];

interface RawCommand {
  words: string[];
  redirects: Redirect[];
  start: number;
  end: number;
}

/** Splits shell text into simple commands (split at `;`, `&&`, `||`, `|`, `&`, newlines, parentheses). */
export function splitCommands(text: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  for (const raw of lex(text)) {
    const argv = stripPrefixes(raw.words);
    if (argv.length === 0 && raw.redirects.length === 0) continue;
    out.push({ argv, redirects: raw.redirects, text: text.slice(raw.start, raw.end).trim() });
  }
  return out;
}

function stripPrefixes(words: string[]): string[] {
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (KEYWORDS.has(w) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(w)) i += 1;
    else break;
  }
  return words.slice(i);
}

function lex(text: string): RawCommand[] {
  const commands: RawCommand[] = [];
  let cur: RawCommand = { words: [], redirects: [], start: 0, end: 0 };
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
  const endCommand = (at: number) => {
    endWord();
    cur.end = at;
    if (cur.words.length || cur.redirects.length) commands.push(cur);
    cur = { words: [], redirects: [], start: at, end: at };
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
      endCommand(i);
      i += sep.length;
      cur.start = i;
      continue;
    }
    word = (word ?? '') + c;
    i += 1;
  }
  endCommand(text.length);
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
