import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayText } from '../../src/domain/display.js';
import { redactSecrets } from '../../src/domain/redact.js';
import type { ConfirmRequest } from '../../src/domain/console-engine.js';
import { dialogLayout } from '../../src/ui/components/ConfirmDialog.js';

const request = (command: string): ConfirmRequest => ({
  action: 'run-step',
  title: 'Run H1',
  target: 'H1 in ops/homelab#42',
  command,
  destructive: false,
  challenge: null,
  notes: [],
  binding: { kind: 'item', id: 'H1', version: '1' },
  dryRun: false,
});

// Commands as a hostile body would write them: shell text laced with controls and invisibles.
const piece = fc.oneof(
  fc.constantFrom(
    'kubectl ',
    'curl -X POST "$GITEA_URL/api/v1/repos/o/r/pulls/4/merge" ',
    'echo ',
    '; ',
    '&& ',
    '\n',
    '\t',
    '\r',
    '\x1b[8m',
    '\x1b]0;t\x07',
    '\u202e',
    '\u200b',
    '\x9b',
    'é',
    '⚠\ufe0f',
    'x'.repeat(30),
  ),
  fc.string({ unit: 'binary', maxLength: 3 }),
);
const command = fc.array(piece, { maxLength: 25 }).map((xs) => xs.join(''));

describe('the confirmation dialog shows the bytes that run', () => {
  it('its command lines, joined, are the executed command after the visible-escaping transformation (property)', () => {
    fc.assert(
      fc.property(command, fc.integer({ min: 40, max: 200 }), (cmd, width) => {
        const shown = dialogLayout(request(cmd), 10_000, width).commandLines;
        const expected = redactSecrets(cmd)
          .split('\n')
          .map((l) => displayText(l, { mode: 'command' }))
          .join('');
        expect(shown.join('')).toBe(expected);
        // Each line is drawn by the one-line Text, which must leave it exactly as laid out.
        for (const line of shown) expect(displayText(line, { mode: 'line' })).toBe(line);
      }),
      { numRuns: 2000 },
    );
  });
});
