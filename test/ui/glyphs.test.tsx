import { describe, expect, it } from 'vitest';
import { asciiFold, localeIsUtf8 } from '../../src/ui/glyphs.js';
import { FakeEngine } from './fake-engine.js';
import { BODY, fillAll, fillIssue } from './fixtures.js';
import { KEY, renderConsole } from './render.js';

// Outside text with everything a non-UTF-8 terminal cannot show: accents, typographic
// punctuation, arrows, box lines, emoji, CJK, and a title long enough to be cut by Ink.
const HOSTILE = 'Ünïcödé — “quoted” 🟢 → done… 配置 │ ═';
const BODY_WITH_UNICODE = BODY.replace('Purge dead osd.8', `Purge dead osd.8 ${HOSTILE} ${'and a long tail '.repeat(8)}`).replace(
  '## Action Items',
  `## Notes\n\n| Host | State |\n|---|---|\n| nüc-1 — rack | ✓ ok |\n\n## Action Items`,
);

const NON_ASCII = /[^\p{ASCII}]/u;

async function screens(locale: Record<string, string>, columns: number, rows: number): Promise<Array<[string, string]>> {
  const engine = new FakeEngine();
  fillAll(engine.stores);
  fillIssue(engine.stores, BODY_WITH_UNICODE);
  engine.stores.issue.setState({ title: `[Maintenance] ${HOSTILE}` });
  const ui = await renderConsole({ engine, columns, rows, locale });
  const out: Array<[string, string]> = [['dashboard', ui.rawFrame()]];
  await ui.press('?');
  await ui.waitForText('Help');
  out.push(['help', ui.rawFrame()]);
  await ui.press(KEY.escape);
  await ui.press(KEY.enter);
  await ui.waitForText('Goal');
  out.push(['item detail', ui.rawFrame()]);
  await ui.press(KEY.escape);
  await ui.press('i');
  await ui.waitForText('Changes since the session opened');
  out.push(['issue view', ui.rawFrame()]);
  await ui.unmount();
  return out;
}

describe('glyph set from the locale', () => {
  it('decides UTF-8 as setlocale does: LC_ALL, then LC_CTYPE, then LANG; none is the C locale', () => {
    expect(localeIsUtf8({ LANG: 'en_US.UTF-8' })).toBe(true);
    expect(localeIsUtf8({ LANG: 'C.utf8' })).toBe(true);
    expect(localeIsUtf8({ LC_CTYPE: 'de_DE.UTF-8', LANG: 'C' })).toBe(true);
    expect(localeIsUtf8({ LC_ALL: 'C', LANG: 'en_US.UTF-8' })).toBe(false);
    expect(localeIsUtf8({ LC_ALL: '', LC_CTYPE: '', LANG: 'en_US.UTF-8' })).toBe(true);
    expect(localeIsUtf8({ LANG: 'en_US.ISO-8859-1' })).toBe(false);
    expect(localeIsUtf8({ LANG: 'POSIX' })).toBe(false);
    expect(localeIsUtf8({ LANG: 'en_US' })).toBe(false);
    expect(localeIsUtf8({})).toBe(false);
  });

  it('folds text to ASCII column for column, and leaves ASCII alone', () => {
    expect(asciiFold('plain text | ok')).toBe('plain text | ok');
    const folded = asciiFold(HOSTILE);
    expect(folded).not.toMatch(NON_ASCII);
    expect(folded).toBe('Unicode - "quoted" ?? > done~ ???? | =');
    expect(asciiFold(folded)).toBe(folded);
  });

  for (const [name, locale] of [
    ['LANG=C', { LANG: 'C' }],
    ['LC_ALL=C over a UTF-8 LANG', { LC_ALL: 'C', LANG: 'en_US.UTF-8' }],
    ['LANG=en_US.ISO-8859-1', { LANG: 'en_US.ISO-8859-1' }],
  ] as const) {
    it(`${name}: no screen writes a non-ASCII character; status stays glyph + word`, async () => {
      for (const [columns, rows] of [
        [120, 40],
        [70, 24],
      ] as const) {
        const frames = await screens(locale, columns, rows);
        for (const [screen, frame] of frames) {
          const bad = NON_ASCII.exec(frame);
          expect(bad, `${screen} at ${columns}x${rows}: ${bad ? JSON.stringify(frame.slice(Math.max(bad.index - 30, 0), bad.index + 10)) : ''}`).toBeNull();
        }
        const dashboard = frames[0]![1];
        if (columns === 120) {
          expect(dashboard).toMatch(/X CRITICAL/);
          expect(dashboard).toMatch(/Apps +X RED/);
          expect(dashboard).toMatch(/Platform +! YELLOW/);
          // The focused pane keeps a border of its own shape.
          expect(dashboard).toContain('#====');
          expect(dashboard).toContain('+----');
        }
        const issue = frames[3]![1];
        expect(issue).toMatch(/nuc-1 - rack +\| \+ ok/);
      }
    });
  }

  it('a UTF-8 locale keeps the Unicode glyphs', async () => {
    const frames = await screens({ LANG: 'en_US.UTF-8' }, 120, 40);
    const dashboard = frames[0]![1];
    expect(dashboard).toMatch(/■ CRITICAL/);
    expect(dashboard).toMatch(/Apps +■ RED/);
    expect(dashboard).toContain('╔═');
    expect(dashboard).toContain('┌─');
    expect(dashboard).toContain(HOSTILE.slice(0, 10));
    expect(frames[3]![1]).toContain('nüc-1 — rack │ ✓ ok');
  });
});
