import { Text as InkText } from 'ink';
import React from 'react';
import { displayText } from '../domain/display.js';
import { useTheme } from './contexts.js';
import { asciiFold } from './glyphs.js';
import { osc8 } from './terminal-features.js';

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

/**
 * A URL (or a label for one) that is also an OSC 8 hyperlink where the terminal supports them
 * (theme.hyperlinks). The label passes the same sanitiser as every Text; the sequence around it is
 * the one escape the UI itself writes, built only from a URL of printable ASCII (terminal-features'
 * osc8), so nothing from the data can open, close or extend it. Ink measures and cuts the text
 * without it: its width and truncation know OSC 8 (string-width strips it, slice-ansi keeps it open
 * and closed around the part that is kept).
 */
export function Link({ url, children, ...rest }: Omit<Props, 'multiline' | 'children'> & { url: string; children?: string }) {
  const theme = useTheme();
  const label = inert(children ?? url, false, theme.glyphs.ascii) as string;
  const linked = theme.hyperlinks ? osc8(url, label) : null;
  if (linked === null) return <Text {...rest}>{children ?? url}</Text>;
  return <InkText {...rest}>{linked}</InkText>;
}

function inert(node: React.ReactNode, multiline: boolean, ascii: boolean): React.ReactNode {
  if (typeof node === 'string') {
    const safe = displayText(node, { mode: multiline ? 'text' : 'line' });
    return ascii ? asciiFold(safe) : safe;
  }
  if (Array.isArray(node)) return node.map((n: React.ReactNode) => inert(n, multiline, ascii));
  return node;
}
