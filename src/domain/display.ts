/**
 * The one display sanitiser: text that came from outside (issue and PR bodies and titles, Gitea
 * and Kubernetes fields, command output, Ceph messages, journal entries) passes through here
 * before a terminal sees it. Nothing in it can move the cursor, change colours, set the window
 * title, write the clipboard, clear the screen, reorder text or hide it: every control character
 * and every invisible format character is replaced by a visible spelling of itself.
 *
 *   C0 controls, DEL, C1 controls      → \x1b, \x07, \x9b …  (\n kept in multi-line text)
 *   bidi overrides and isolates,
 *   zero-width and other invisible
 *   format characters, lone surrogates → ⟨U+202E⟩, ⟨U+200B⟩ …
 *
 * ESC is replaced, so the rest of an escape sequence (`[8m`, `]0;title`) is left as plain,
 * visible text. Variation selectors (the U+FE0F of ⚠️) are kept: they change how the character
 * before them looks, never hide or move text. The mapping is idempotent (its output contains
 * nothing it would change) and the executed text is never passed through it: it is for display.
 */

// What is replaced. Tab, LF and CR are handled by the caller's mode; everything here always goes.
// \p{Cf} is every format character (bidi controls U+202A–202E and U+2066–2069, zero-width
// U+200B–200F, word joiner, BOM, tag characters …); Default_Ignorable_Code_Point adds the
// fillers that render as nothing (U+115F, U+3164, U+FFA0, U+034F …). In u-mode a surrogate range
// matches only a lone surrogate (a pair is one astral code point).
const HIDDEN =
  // eslint-disable-next-line no-control-regex -- matching control characters is this regex's job
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff]|(?![\ufe00-\ufe0f\u{e0100}-\u{e01ef}])[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;
// Printable ASCII (and LF) needs nothing: the common case returns at once.
const NON_PLAIN = /[^\x20-\x7e\n]/;

function spell(ch: string): string {
  const cp = ch.codePointAt(0)!;
  if (cp < 0x100) return `\\x${cp.toString(16).padStart(2, '0')}`;
  return `⟨U+${cp.toString(16).toUpperCase().padStart(4, '0')}⟩`;
}

export interface DisplayOptions {
  /**
   * 'text' (default): multi-line prose or output — LF kept, CRLF read as LF, tabs expanded to
   * the next 8-column stop. 'line': one line (a title, a table cell) — LF and CR spelled too,
   * tabs expanded. 'command': exactly what runs — LF kept, every other control (tab, CR)
   * spelled, so the operator sees each byte that is not a printable character.
   */
  mode?: 'text' | 'line' | 'command';
}

function expandTabs(line: string): string {
  if (!line.includes('\t')) return line;
  let out = '';
  for (const ch of line) {
    if (ch === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += ch;
  }
  return out;
}

/** `text` made inert for a terminal (see the file comment). Fast for text that needs nothing. */
export function displayText(text: string, options: DisplayOptions = {}): string {
  const mode = options.mode ?? 'text';
  if (!NON_PLAIN.test(text) && (mode !== 'line' || !text.includes('\n'))) return text;
  let s = text;
  if (mode !== 'command') {
    s = s.replace(/\r\n/g, '\n');
    s = s.split('\n').map(expandTabs).join('\n');
  }
  s = s.replace(HIDDEN, spell);
  s = s.replace(/[\t\r]/g, (c) => (c === '\t' ? '\\t' : '\\r'));
  if (mode === 'line') s = s.replace(/\n/g, '\\n');
  return s;
}

/** What `displayText` would spell visibly, by kind: for a warning that names them. */
export function hiddenCharacters(text: string): { count: number; examples: string[] } {
  const found: string[] = [];
  for (const m of text.matchAll(HIDDEN)) found.push(m[0]);
  const examples = [...new Set(found.map(spell))].slice(0, 4);
  return { count: found.length, examples };
}

/**
 * The typed challenge a command with hidden characters needs even when nothing in it is
 * destructive: the item's ID (when it is plain itself), else `run`; null when there are none.
 */
export function hiddenCharacterChallenge(command: string, itemId: string | null): string | null {
  if (hiddenCharacters(command).count === 0) return null;
  return itemId && /^[\x21-\x7e]+$/.test(itemId) ? itemId : 'run';
}

// JSON.stringify escapes C0 and lone surrogates but leaves DEL, C1, bidi and other format
// characters raw; a terminal reading `--json` output would act on them. Escaping them as \uXXXX
// keeps the exact value (JSON.parse gives back the same string) and the output inert.
const JSON_UNSAFE = /[\u007f-\u009f\u2028\u2029]|(?![\ufe00-\ufe0f\u{e0100}-\u{e01ef}])[\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/** JSON.stringify whose output contains no character a terminal would interpret. */
export function inertJson(value: unknown, indent = 2): string {
  const json = JSON.stringify(value, null, indent) ?? 'null';
  return json.replace(JSON_UNSAFE, (ch) => {
    let out = '';
    for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
    return out;
  });
}
