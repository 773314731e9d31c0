import type { Key } from 'ink';
import { UNICODE_GLYPHS, type GlyphSet } from '../glyphs.js';

/** A keypress normalised once, by the single stdin owner, for every handler. */
export interface KeyPress {
  /** `up`, `pagedown`, `return`, `escape`, `tab`, … for special keys; the typed text otherwise. */
  name: string;
  ctrl: boolean;
  shift: boolean;
  meta: boolean;
  /** Printable text (several characters for a paste or fast typing); '' for special keys. */
  text: string;
}

const SPECIAL: Array<[keyof Key, string]> = [
  ['upArrow', 'up'],
  ['downArrow', 'down'],
  ['leftArrow', 'left'],
  ['rightArrow', 'right'],
  ['pageUp', 'pageup'],
  ['pageDown', 'pagedown'],
  ['home', 'home'],
  ['end', 'end'],
  ['return', 'return'],
  ['escape', 'escape'],
  ['tab', 'tab'],
  ['backspace', 'backspace'],
  ['delete', 'delete'],
];

export function normalizeKey(input: string, key: Key): KeyPress {
  for (const [flag, name] of SPECIAL) {
    if (key[flag]) return { name, ctrl: key.ctrl, shift: key.shift, meta: key.meta, text: '' };
  }
  // Ink reports Ctrl-F as input "f" with ctrl set.
  const printable = key.ctrl || key.meta ? '' : input;
  return { name: input, ctrl: key.ctrl, shift: key.shift, meta: key.meta, text: printable };
}

/** "ctrl+f", "shift+tab", "pagedown", "G", "?" → a predicate. Printable keys match case-sensitively. */
export function parseBinding(binding: string): (k: KeyPress) => boolean {
  const parts = binding === '+' ? ['+'] : binding.split('+');
  // `space` is the printable ' ' (it arrives as text), spelled as a word in the table and docs.
  const last = parts[parts.length - 1] ?? '';
  const name = last === 'space' ? ' ' : last;
  const mods = new Set(parts.slice(0, -1).map((m) => m.toLowerCase()));
  const ctrl = mods.has('ctrl');
  const shift = mods.has('shift');
  const meta = mods.has('alt') || mods.has('meta');
  const special = name.length > 1;
  return (k) => {
    if (k.ctrl !== ctrl || k.meta !== meta) return false;
    if (special) return k.name === name.toLowerCase() && k.shift === shift;
    // A printable key's shift state is already in the character ("G" vs "g").
    return k.name === name;
  };
}

/** How a binding is written in help and the hint bar (arrows from the glyph table). */
export function displayBinding(binding: string, glyphs: GlyphSet = UNICODE_GLYPHS): string {
  const names: Record<string, string> = {
    up: glyphs.keyUp,
    down: glyphs.keyDown,
    left: glyphs.keyLeft,
    right: glyphs.keyRight,
    pageup: 'PgUp',
    pagedown: 'PgDn',
    home: 'Home',
    end: 'End',
    return: 'Enter',
    escape: 'Esc',
    tab: 'Tab',
    backspace: 'Bksp',
    space: 'Space',
  };
  return binding
    .split('+')
    .map((p, i, all) => (i < all.length - 1 ? p[0]!.toUpperCase() + p.slice(1) : (names[p] ?? p)))
    .join('-');
}
