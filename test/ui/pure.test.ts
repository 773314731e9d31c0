import { describe, expect, it } from 'vitest';
import { buildKeyTable, COMMANDS } from '../../src/ui/keys/commands.js';
import { parseBinding, type KeyPress } from '../../src/ui/keys/keypress.js';
import { splitTyped } from '../../src/ui/keypress-context.js';
import { computeLayout } from '../../src/ui/layout.js';
import { describeLiveness, worstLiveness } from '../../src/ui/liveness.js';
import { filterRows, moveCursor, START, type Row } from '../../src/ui/rows.js';
import { ASCII_GLYPHS, UNICODE_GLYPHS } from '../../src/ui/glyphs.js';
import { COLOR_THEME, layerLook, MONO_THEME, resolveTheme } from '../../src/ui/theme.js';

const key = (name: string, mods: Partial<KeyPress> = {}): KeyPress => ({
  name,
  ctrl: false,
  shift: false,
  meta: false,
  text: name.length === 1 ? name : '',
  ...mods,
});
const row = (k: string, selectable = true): Row => ({ key: k, segments: [{ text: k }], filterText: k, selectable });

describe('key table', () => {
  it('matches bindings with modifiers, and printable keys by case', () => {
    expect(parseBinding('ctrl+f')(key('f', { ctrl: true, text: '' }))).toBe(true);
    expect(parseBinding('ctrl+f')(key('f'))).toBe(false);
    expect(parseBinding('shift+tab')(key('tab', { shift: true }))).toBe(true);
    expect(parseBinding('tab')(key('tab', { shift: true }))).toBe(false);
    expect(parseBinding('G')(key('G', { shift: true }))).toBe(true);
    expect(parseBinding('g')(key('G', { shift: true }))).toBe(false);
  });

  it('applies overrides and rejects unknown command names', () => {
    const t = buildKeyTable({ down: ['n'] });
    expect(t.matches('down', key('n'))).toBe(true);
    expect(t.matches('down', key('j'))).toBe(false);
    expect(() => buildKeyTable({ dwon: ['n'] })).toThrow(/unknown command dwon/);
  });

  it('binds nothing tmux cannot deliver', () => {
    const all = Object.values(COMMANDS).flatMap((c) => c.keys);
    expect(all.filter((k) => /shift\+(return|enter)|ctrl\+(return|enter|i)$/.test(k))).toEqual([]);
  });

  it('splits a typed run into one key per character, Enter and Tab included', () => {
    expect(splitTyped(key('jj\r', { text: 'jj\r' })).map((k) => k.name)).toEqual(['j', 'j', 'return']);
    expect(splitTyped(key('up', { text: '' }))).toHaveLength(1);
  });
});

describe('list cursor', () => {
  const rows = [row('h1', false), row('a'), row('b'), row('h2', false), row('c'), row('d')];
  it('skips headers and stops at the ends', () => {
    let c = moveCursor(START, 'down', rows, 3);
    expect(rows[c.index]!.key).toBe('b');
    c = moveCursor(c, 'down', rows, 3);
    expect(rows[c.index]!.key).toBe('c');
    c = moveCursor(c, 'bottom', rows, 3);
    expect(rows[c.index]!.key).toBe('d');
    expect(moveCursor(c, 'down', rows, 3)).toEqual(c);
    c = moveCursor(c, 'top', rows, 3);
    expect(rows[c.index]!.key).toBe('a');
  });
  it('keeps the selected row inside the visible window', () => {
    let c = START;
    for (let i = 0; i < 4; i++) {
      c = moveCursor(c, 'down', rows, 2);
      expect(c.index).toBeGreaterThanOrEqual(c.offset);
      expect(c.index).toBeLessThan(c.offset + 2);
    }
  });
  it('filters selectable rows, and ! inverts', () => {
    expect(filterRows(rows, 'c').map((r) => r.key)).toEqual(['c']);
    expect(filterRows(rows, '!c').map((r) => r.key)).toEqual(['a', 'b', 'd']);
  });
});

describe('layout', () => {
  it('uses exactly the terminal height in both layouts', () => {
    for (const [cols, h] of [
      [200, 50],
      [120, 40],
      [100, 24],
      [99, 30],
      [40, 20],
      [40, 12],
    ] as const) {
      const l = computeLayout(cols, h, 100);
      const used =
        l.kind === 'wide'
          ? l.header + l.hint + l.output.height + l.panes.items.height
          : l.header + l.summary + l.tabs + l.hint + l.output.height + l.pane.height;
      expect(used, `${cols}x${h}`).toBe(h);
      if (l.kind === 'wide') expect(l.panes.health.height + l.panes.ceph.height + l.panes.queue.height).toBe(l.panes.items.height);
    }
    expect(computeLayout(99, 30, 100).kind).toBe('compact');
    expect(computeLayout(100, 30, 100).kind).toBe('wide');
  });
});

describe('liveness and theme', () => {
  it('never claims data while syncing, and says how stale a reconnecting source is', () => {
    expect(describeLiveness({ state: 'syncing', since: 0 }, 5000)).toMatchObject({ text: 'syncing...', hasData: false });
    expect(describeLiveness({ state: 'live', updatedAt: 1000 }, 13_000).text).toBe('updated 12 s ago');
    expect(describeLiveness({ state: 'reconnecting', attempt: 2, lastError: 'x', updatedAt: 1000 }, 61_000)).toMatchObject({
      text: 'reconnecting (attempt 2), data from 1 min ago',
      hasData: true,
    });
    expect(
      worstLiveness([
        { state: 'live', updatedAt: 1 },
        { state: 'syncing', since: 1 },
      ]).state,
    ).toBe('syncing');
  });
  it('NO_COLOR (non-empty) forces the mono theme; status keeps glyph and word', () => {
    const utf8 = { LANG: 'C.UTF-8' };
    // hyperlinks are a terminal feature, not a colour choice: compare with what the env gives.
    const noLinks = { hyperlinks: false };
    expect(resolveTheme('color', { ...utf8, NO_COLOR: '1' })).toEqual({ ...MONO_THEME, ...noLinks });
    expect(resolveTheme('color', { ...utf8, NO_COLOR: '' })).toEqual({ ...COLOR_THEME, ...noLinks });
    expect(resolveTheme('mono', utf8)).toEqual({ ...MONO_THEME, ...noLinks });
    expect(layerLook('RED', MONO_THEME)).toEqual({ glyph: UNICODE_GLYPHS.fail, word: 'RED', color: undefined });
  });
  it('uses only code page 437 glyphs (they render on a Linux console)', () => {
    // ┤┘┴└├┌┬┐ are ink-spinner's pipe frames (CP437 0xB4, 0xD9, 0xC1, 0xC0, 0xC3, 0xDA, 0xC2, 0xBF).
    const cp437 = '√▲■?►>[x] ·─•↑↓←→…—═│┼┌┐└┘╔╗╚╝║┤┴├┬';
    for (const g of Object.values(UNICODE_GLYPHS))
      if (typeof g === 'string') for (const ch of g) expect(cp437 + ' ').toContain(ch);
      else if (typeof g === 'object') for (const ch of Object.values(g).join('')) expect(cp437).toContain(ch);
  });
  it('the ASCII glyph set is printable ASCII and keeps the status glyphs apart', () => {
    for (const g of Object.values(ASCII_GLYPHS)) {
      const text = typeof g === 'object' ? Object.values(g).join('') : String(g);
      expect(text).toMatch(/^[\x20-\x7e]*$/);
    }
    const status = [ASCII_GLYPHS.ok, ASCII_GLYPHS.warn, ASCII_GLYPHS.fail, ASCII_GLYPHS.unknown];
    expect(new Set(status).size).toBe(status.length);
    expect(ASCII_GLYPHS.borderFocused).not.toEqual(ASCII_GLYPHS.border);
  });
});

describe('docs/console.md', () => {
  it('lists every command of the key table by the name the config file uses', async () => {
    const { readFileSync } = await import('node:fs');
    const { repoRoot } = await import('../support/shared.js');
    const doc = readFileSync(`${repoRoot}/docs/console.md`, 'utf8');
    const listed = doc.slice(doc.indexOf('Keys can be rebound'));
    for (const name of Object.keys(COMMANDS)) {
      if (/^pane\d$/.test(name)) continue; // written as pane1…pane4
      expect(listed, name).toContain(`\`${name}\``);
    }
  });
});
