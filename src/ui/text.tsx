import { Text as InkText } from 'ink';
import React from 'react';
import { displayText } from '../domain/display.js';

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
 */
export function Text({ children, multiline, ...rest }: Props) {
  return <InkText {...rest}>{inert(children, multiline === true)}</InkText>;
}

function inert(node: React.ReactNode, multiline: boolean): React.ReactNode {
  if (typeof node === 'string') return displayText(node, { mode: multiline ? 'text' : 'line' });
  if (Array.isArray(node)) return node.map((n: React.ReactNode) => inert(n, multiline));
  return node;
}
