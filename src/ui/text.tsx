import { Text as InkText } from 'ink';
import React from 'react';
import { displayText } from '../domain/display.js';
import { useTheme } from './contexts.js';
import { asciiFold } from './glyphs.js';

type Props = React.ComponentProps<typeof InkText> & {
  /** Keep line breaks (text laid out over several rows on purpose); default: one line, `\n` spelled. */
  multiline?: boolean;
};

/**
 * The only Text the UI uses (lint forbids Ink's own outside this file): every string child passes
 * through the display sanitiser, so nothing that came from outside — a title, a command, a line
 * of output — can reach the terminal as an escape sequence, a bidi override, an invisible
 * character, or a line break that would make a row taller than the layout gave it. Ink adds its
 * own styling after this, so colours and bold still work.
 *
 * When the locale is not UTF-8 (the theme's ASCII glyph set) every string is folded to ASCII as
 * well, and so is what Ink itself adds when it cuts a line (its `…`): the cut happens inside Ink,
 * after layout, so the fold rides on the text node that does the cutting (`ink-text`, the node
 * Ink's own Transform uses) and runs on each finished line.
 */
export function Text({ children, multiline, ...rest }: Props) {
  const ascii = useTheme().glyphs.ascii;
  const inner = <InkText {...rest}>{inert(children, multiline === true, ascii)}</InkText>;
  if (!ascii) return inner;
  return React.createElement(
    'ink-text',
    { style: { flexGrow: 0, flexShrink: 1, flexDirection: 'row', textWrap: rest.wrap ?? 'wrap' }, internal_transform: asciiFold },
    inner,
  );
}

function inert(node: React.ReactNode, multiline: boolean, ascii: boolean): React.ReactNode {
  if (typeof node === 'string') {
    const safe = displayText(node, { mode: multiline ? 'text' : 'line' });
    return ascii ? asciiFold(safe) : safe;
  }
  if (Array.isArray(node)) return node.map((n: React.ReactNode) => inert(n, multiline, ascii));
  return node;
}
