import { Box } from 'ink';
import { Text } from '../text.js';
import React from 'react';
import { useTheme } from '../contexts.js';
import type { LivenessText } from '../liveness.js';

interface Props {
  title: string;
  /** Pane number shown in the title, for the 1–4 keys. */
  number?: number;
  focused: boolean;
  width: number;
  height: number;
  status?: LivenessText | null;
  /** Right-hand note in the title line, e.g. the active filter. */
  note?: string | null;
  children: React.ReactNode;
}

/** A bordered box with a one-line title that states the pane's liveness. Inner height = height − 3. */
export function Pane({ title, number, focused, width, height, status, note, children }: Props) {
  const theme = useTheme();
  const toneColor = status ? { ok: theme.muted, warn: theme.warn, fail: theme.fail, muted: theme.muted }[status.tone] : undefined;
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      // Focus shows in the border's shape too, so it survives NO_COLOR (═ and ║ are in CP437; # and = in ASCII).
      borderStyle={focused ? theme.glyphs.borderFocused : theme.glyphs.border}
      borderColor={focused ? theme.accent : theme.muted}
      overflow="hidden"
    >
      <Box height={1} overflow="hidden">
        <Text wrap="truncate" bold={focused}>
          {number !== undefined ? `${number} ` : ''}
          <Text color={focused ? theme.accent : undefined} bold>
            {title}
          </Text>
          {status ? (
            <Text color={toneColor}>
              {'  '}
              {status.text}
            </Text>
          ) : null}
          {note ? <Text color={theme.warn}>{`  ${note}`}</Text> : null}
        </Text>
      </Box>
      {children}
    </Box>
  );
}

/** Inner rows a pane of this outer height can show (border top/bottom and the title line). */
export function paneBodyHeight(outer: number): number {
  return Math.max(outer - 3, 0);
}
