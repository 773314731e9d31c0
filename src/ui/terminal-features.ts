/**
 * What the terminal can do beyond drawing text, decided from the environment once at start-up.
 *
 * OSC 8 hyperlinks: a terminal that does not know them should ignore the sequence, but some print
 * it (old VTE, the Linux console, some serial terminals) and a multiplexer may drop or mangle it,
 * so they are used only where the terminal is known to support them, or when asked:
 * HOMELAB_CONSOLE_HYPERLINKS=1 (or the common FORCE_HYPERLINK=1) turns them on, =0 off.
 * Inside tmux they are off by default: tmux ≥ 3.4 passes OSC 8 on only with
 * `set -as terminal-features ',*:hyperlinks'`, which the console cannot see; set the variable when
 * yours does. Screen never passes them on. TERM=dumb and no TTY never get the full screen at all.
 */
export function hyperlinksFor(env: NodeJS.ProcessEnv = process.env): boolean {
  const forced = env.HOMELAB_CONSOLE_HYPERLINKS ?? env.FORCE_HYPERLINK;
  if (forced !== undefined && forced !== '') return forced !== '0' && forced.toLowerCase() !== 'false';
  if (env.TERM === 'dumb' || env.TERM === 'linux') return false;
  if (env.TMUX || env.STY || env.TERM?.startsWith('screen')) return false;
  const program = env.TERM_PROGRAM ?? '';
  if (['iTerm.app', 'WezTerm', 'vscode', 'ghostty', 'Hyper', 'rio'].includes(program)) return true;
  if (env.KITTY_WINDOW_ID || env.TERM === 'xterm-kitty' || env.TERM === 'xterm-ghostty' || env.TERM === 'foot' || env.TERM?.startsWith('foot-')) return true;
  if (env.WT_SESSION) return true; // Windows Terminal
  if (env.KONSOLE_VERSION && Number(env.KONSOLE_VERSION) >= 201200) return true;
  // VTE (GNOME Terminal, Tilix …) from 0.50; VTE_VERSION is 5000 for 0.50.0.
  return Number(env.VTE_VERSION ?? 0) >= 5000;
}

// Only a plain URL goes into the sequence: printable ASCII without spaces, so nothing in it can end
// the sequence early or start another one (ESC, BEL, ST are all outside this range).
const SAFE_URL = /^(?:https?|file):\/\/[\x21-\x7e]+$/;

/** `text` wrapped in an OSC 8 hyperlink to `url`; null when `url` is not one the sequence may carry. */
export function osc8(url: string, text: string): string | null {
  if (!SAFE_URL.test(url) || url.length > 2000) return null;
  return `\x1b]8;;${url}\x1b\\${text}\x1b]8;;\x1b\\`;
}

/**
 * OSC 52: put `text` on the clipboard of the terminal the operator sits at. It travels through ssh
 * as ordinary output; tmux takes it into its paste buffer (and on to the outer terminal) when its
 * `set-clipboard` option is `on` (the default `external` ignores applications asking). Terminated
 * by BEL, which more terminals accept than ST.
 */
export function osc52(text: string): string {
  return `\x1b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\x07`;
}
