import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayText, hiddenCharacterChallenge, hiddenCharacters, inertJson } from '../../src/domain/display.js';

// Everything a terminal could act on or that renders as nothing: what must never survive display.
// eslint-disable-next-line no-control-regex -- the point of the test
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]|[\u{e0000}-\u{e007f}]/u;

// Strings that lean on the dangerous ranges, not only printable ASCII.
const hostileChar = fc.oneof(
  fc.constantFrom(
    '\x1b',
    '\x07',
    '\x9b',
    '\x00',
    '\r',
    '\t',
    '\n',
    '\x7f',
    '\u202e',
    '\u2066',
    '\u200b',
    '\ufeff',
    '\u00ad',
    '\u{e0041}',
    '\ud800',
    '⚠\ufe0f',
    '[',
    ']',
    ';',
    'm',
    '0',
  ),
  fc.string({ unit: 'binary', maxLength: 1 }),
  fc.string({ maxLength: 1 }),
);
const hostile = fc.array(hostileChar, { maxLength: 40 }).map((xs) => xs.join(''));
const modes = fc.constantFrom('text' as const, 'line' as const, 'command' as const);

describe('displayText', () => {
  it('spells escape sequences so they print as text instead of acting', () => {
    expect(displayText('echo visible-part \x1b[8m; echo HIDDEN-PAYLOAD > file\x1b[0m', { mode: 'command' })).toBe(
      'echo visible-part \\x1b[8m; echo HIDDEN-PAYLOAD > file\\x1b[0m',
    );
    expect(displayText('\x1b]0;pwned\x07\x1b[2J', { mode: 'line' })).toBe('\\x1b]0;pwned\\x07\\x1b[2J');
    expect(displayText('\x1b]52;c;ZWNobyBoaQ==\x07')).toBe('\\x1b]52;c;ZWNobyBoaQ==\\x07');
    expect(displayText('\x9b31m C1 CSI')).toBe('\\x9b31m C1 CSI');
  });

  it('shows bidi overrides, isolates and zero-width characters by name', () => {
    expect(displayText('rm -rf /tmp/\u202Eexe.txt')).toBe('rm -rf /tmp/⟨U+202E⟩exe.txt');
    expect(displayText('\u2066B2\u2069 B\u200B2 \uFEFF\u00AD')).toBe('⟨U+2066⟩B2⟨U+2069⟩ B⟨U+200B⟩2 ⟨U+FEFF⟩\\xad');
    expect(displayText('tag\u{E0041}')).toBe('tag⟨U+E0041⟩');
  });

  it('keeps what only changes how a character looks, and ordinary text, as it is', () => {
    for (const t of ['⚠️ warning', '✓ GREEN', 'ümlaut — dash', '日本語', 'plain ascii $(x) `y`']) expect(displayText(t)).toBe(t);
  });

  it('reads CRLF as a line break in text, keeps tabs aligned, and spells them in a command', () => {
    expect(displayText('a\r\nb\tc')).toBe('a\nb       c');
    expect(displayText('a\nb', { mode: 'line' })).toBe('a\\nb');
    expect(displayText('a\r\nb\tc', { mode: 'command' })).toBe('a\\r\nb\\tc');
  });

  it('leaves nothing a terminal acts on, in every mode (property)', () => {
    fc.assert(
      fc.property(hostile, modes, (s, mode) => {
        const out = displayText(s, { mode });
        expect(ACTIVE.test(out.replace(/\n/g, mode === 'line' ? '\x00' : ''))).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent, so a second pass (the Text component) changes nothing (property)', () => {
    fc.assert(
      fc.property(hostile, modes, (s, mode) => {
        const once = displayText(s, { mode });
        expect(displayText(once, { mode })).toBe(once);
        // A command shown in the dialog is drawn by the one-line Text: it must pass through unchanged.
        if (mode === 'command') for (const line of once.split('\n')) expect(displayText(line, { mode: 'line' })).toBe(line);
      }),
      { numRuns: 3000 },
    );
  });

  it('counts what it spells, for the dialog warning and its challenge', () => {
    expect(hiddenCharacters('echo a \x1b[8m b \x1b[0m\u202e').count).toBe(3);
    expect(hiddenCharacters('kubectl get pods\n').count).toBe(0);
    expect(hiddenCharacterChallenge('echo \x1b[8m', 'B2')).toBe('B2');
    expect(hiddenCharacterChallenge('echo \x1b[8m', 'B\u200b2')).toBe('run');
    expect(hiddenCharacterChallenge('echo ok', 'B2')).toBeNull();
  });
});

describe('inertJson', () => {
  it('round-trips every string exactly while the text holds nothing a terminal acts on (property)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(hostile, fc.array(hostile, { maxLength: 3 }), fc.integer())), (value) => {
        const json = inertJson(value);
        expect(JSON.parse(json)).toEqual(value);
        expect(ACTIVE.test(json.replace(/\n/g, ''))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });
});
