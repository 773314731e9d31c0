/** A border's characters, in the shape Ink's `borderStyle` accepts. */
export interface BoxStyle {
  topLeft: string;
  top: string;
  topRight: string;
  right: string;
  bottomRight: string;
  bottom: string;
  bottomLeft: string;
  left: string;
}

/**
 * The one glyph table: every symbol the UI draws (status glyphs, markers, arrows, rules, table
 * lines, borders, ellipses) comes from here, in a Unicode set (code page 437, which a Linux
 * console font and tmux render) and an ASCII set for a terminal whose locale is not UTF-8 (where
 * `√` arrives as two bytes of mojibake). Status keeps glyph + word in both sets, so the ASCII
 * glyphs only need to be distinct, not pretty.
 */
export interface GlyphSet {
  ascii: boolean;
  ok: string;
  warn: string;
  fail: string;
  unknown: string;
  next: string;
  cursor: string;
  checked: string;
  unchecked: string;
  bullet: string;
  /** A wait's glyph when its spinner is held (animation off): the spinner's first frame. */
  busy: string;
  /** Severity glyphs (CRITICAL, HIGH, MEDIUM, LOW). */
  critical: string;
  high: string;
  medium: string;
  low: string;
  arrow: string;
  ellipsis: string;
  /** Where text was cut to fit a column: one column wide. */
  cut: string;
  dash: string;
  rule: string;
  /** A Markdown heading's marker: level 1–2, level 3+. */
  heading1: string;
  heading2: string;
  /** Between table columns, and where the header rule crosses them. */
  column: string;
  cross: string;
  /** Key names in the hint bar and help. */
  keyUp: string;
  keyDown: string;
  keyLeft: string;
  keyRight: string;
  /** Borders: a pane, the focused pane (focus shows in the shape too, for NO_COLOR), a dialog. */
  border: BoxStyle;
  borderFocused: BoxStyle;
  borderDialog: BoxStyle;
}

const box = (c: string, h: string, v: string): BoxStyle => ({
  topLeft: c,
  top: h,
  topRight: c,
  right: v,
  bottomRight: c,
  bottom: h,
  bottomLeft: c,
  left: v,
});

export const UNICODE_GLYPHS: GlyphSet = {
  ascii: false,
  ok: '√',
  warn: '▲',
  fail: '■',
  unknown: '?',
  next: '►',
  cursor: '>',
  checked: '[x]',
  unchecked: '[ ]',
  bullet: '·',
  busy: '┤',
  critical: '■',
  high: '▲',
  medium: '•',
  low: '·',
  arrow: '→',
  ellipsis: '…',
  cut: '…',
  dash: '—',
  rule: '─',
  heading1: '══ ',
  heading2: '── ',
  column: ' │ ',
  cross: '─┼─',
  keyUp: '↑',
  keyDown: '↓',
  keyLeft: '←',
  keyRight: '→',
  border: { topLeft: '┌', top: '─', topRight: '┐', right: '│', bottomRight: '┘', bottom: '─', bottomLeft: '└', left: '│' },
  borderFocused: { topLeft: '╔', top: '═', topRight: '╗', right: '║', bottomRight: '╝', bottom: '═', bottomLeft: '╚', left: '║' },
  borderDialog: { topLeft: '╔', top: '═', topRight: '╗', right: '║', bottomRight: '╝', bottom: '═', bottomLeft: '╚', left: '║' },
};

export const ASCII_GLYPHS: GlyphSet = {
  ascii: true,
  ok: '+',
  warn: '!',
  fail: 'X',
  unknown: '?',
  next: '>',
  cursor: '>',
  checked: '[x]',
  unchecked: '[ ]',
  bullet: '-',
  busy: '-',
  critical: 'X',
  high: '!',
  medium: '*',
  low: '.',
  arrow: '->',
  ellipsis: '...',
  cut: '~',
  dash: '--',
  rule: '-',
  heading1: '== ',
  heading2: '-- ',
  column: ' | ',
  cross: '-+-',
  keyUp: 'Up',
  keyDown: 'Down',
  keyLeft: 'Left',
  keyRight: 'Right',
  border: box('+', '-', '|'),
  borderFocused: box('#', '=', '#'),
  borderDialog: box('#', '=', '#'),
};

/**
 * Whether the terminal's character set is UTF-8, decided as a C program's setlocale(LC_CTYPE, "")
 * does: the first non-empty of LC_ALL, LC_CTYPE, LANG names the locale; none at all is the "C"
 * locale, which is ASCII. The codeset is the part after the dot (`en_US.UTF-8`, `C.utf8`).
 */
export function localeIsUtf8(env: NodeJS.ProcessEnv = process.env): boolean {
  const locale = [env.LC_ALL, env.LC_CTYPE, env.LANG].find((v) => v !== undefined && v !== '');
  if (locale === undefined) return false;
  const codeset = /\.([^@]+)/.exec(locale)?.[1] ?? '';
  return /^utf-?8$/i.test(codeset);
}

export function glyphsFor(env: NodeJS.ProcessEnv = process.env): GlyphSet {
  return localeIsUtf8(env) ? UNICODE_GLYPHS : ASCII_GLYPHS;
}

// Every single-column Unicode glyph of the table maps to its single-column ASCII twin (so text
// that already contains one, e.g. a journal line with `→`, folds the way the UI draws it), plus
// the punctuation that arrives from outside: issue bodies, Gitea and Kubernetes fields, output.
const FOLD: Record<string, string> = (() => {
  const map: Record<string, string> = {};
  const pairs = (u: GlyphSet, a: GlyphSet) => {
    for (const key of Object.keys(u) as (keyof GlyphSet)[]) {
      const uv = u[key];
      const av = a[key];
      if (typeof uv === 'string' && typeof av === 'string' && [...uv].length === 1 && av.length === 1) map[uv] ??= av;
      if (typeof uv === 'object' && typeof av === 'object')
        for (const side of Object.keys(uv) as (keyof BoxStyle)[]) if (uv[side].length === 1 && av[side].length === 1) map[uv[side]] ??= av[side];
    }
  };
  pairs(UNICODE_GLYPHS, ASCII_GLYPHS);
  const extra: Record<string, string> = {
    '→': '>',
    '←': '<',
    '↑': '^',
    '↓': 'v',
    '⇒': '>',
    '…': '.',
    '—': '-',
    '–': '-',
    '‐': '-',
    '−': '-',
    '‘': "'",
    '’': "'",
    '“': '"',
    '”': '"',
    '«': '"',
    '»': '"',
    '‹': '<',
    '›': '>',
    '⟨': '<',
    '⟩': '>',
    '×': 'x',
    '✓': '+',
    '✔': '+',
    '✗': 'x',
    '✘': 'x',
    '▶': '>',
    '│': '|',
    '┼': '+',
    '├': '+',
    '┤': '+',
    '┬': '+',
    '┴': '+',
    '═': '=',
    '\u00a0': ' ',
  };
  for (const [k, v] of Object.entries(extra)) map[k] ??= v;
  return map;
})();

// Wide characters (CJK, emoji) take two columns; their fold keeps the width, so a layout measured
// before folding still fits.
const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{1f300}-\u{1faff}\u{20000}-\u{3fffd}]/u;
const MARK = /\p{M}/gu;

/**
 * `text` in printable ASCII, one column for one column: the table's glyphs become their ASCII
 * twins, accented letters lose the accent (é → e), variation selectors and combining marks go,
 * and anything else becomes `?` (two for a wide character). Idempotent; ASCII passes unchanged.
 * For a terminal whose locale is not UTF-8: the last step before text reaches it.
 */
export function asciiFold(text: string): string {
  // eslint-disable-next-line no-control-regex -- the fast path is "already ASCII"
  if (!/[^\u0000-\u007f]/.test(text)) return text;
  let out = '';
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) {
      out += ch;
      continue;
    }
    const mapped = FOLD[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    const base = ch.normalize('NFD').replace(MARK, '');
    // A lone combining mark or variation selector folds to nothing (base is empty).
    if (/^[\u0020-\u007e]*$/.test(base)) out += base;
    else out += WIDE.test(ch) ? '??' : '?';
  }
  return out;
}
