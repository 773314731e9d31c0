import { Box } from 'ink';
import { Text } from '../text.js';
import React, { useCallback, useState } from 'react';
import { useSettings, useTheme } from '../contexts.js';
import { VIEW_TITLE, type KeyView } from '../keys/commands.js';
import { COLON_HELP_TITLE, colonHelpLines, helpLines } from '../keys/key-docs.js';
import type { KeyPress } from '../keys/keypress.js';
import { Priority, useKeypress } from '../keypress-context.js';

export function HelpOverlay({ width, height, readOnly, onClose }: { width: number; height: number; readOnly: boolean; onClose(): void }) {
  const theme = useTheme();
  const { keys } = useSettings();
  const [offset, setOffset] = useState(0);
  const lines = helpLines(keys.specs, readOnly, theme.glyphs);
  const inner = Math.max(height - 3, 1);
  // Two columns only when each can hold a key and its description; a side pane scrolls one.
  const twoColumns = width >= 120;
  const keyWidth = width < 70 ? 13 : 22;
  const rows: React.ReactNode[] = [];
  let view: KeyView | null = null;
  for (const l of lines) {
    if (l.view !== view) {
      view = l.view;
      rows.push(
        <Text key={`s:${view}`} bold color={theme.accent} wrap="truncate">
          {VIEW_TITLE[view]}
        </Text>,
      );
    }
    rows.push(
      <Text key={l.command} wrap="truncate">
        {'  '}
        {l.keys.padEnd(keyWidth - 2)}
        {l.description}
      </Text>,
    );
  }
  // The `:` commands, every one (the palette's list), after the keys.
  rows.push(
    <Text key="s:colon" bold color={theme.accent} wrap="truncate">
      {COLON_HELP_TITLE}
    </Text>,
  );
  for (const c of colonHelpLines())
    rows.push(
      <Text key={`colon:${c.name}`} wrap="truncate">
        {'  '}
        {c.label.padEnd(keyWidth - 2)}
        {c.description}
      </Text>,
    );
  const perScreen = twoColumns ? inner * 2 : inner;
  const max = Math.max(rows.length - perScreen, 0);
  const shown = Math.min(offset, max);
  const onKey = useCallback(
    (k: KeyPress) => {
      if (keys.matches('interrupt', k)) return false;
      if (k.name === 'escape' || keys.matches('help', k) || k.name === 'q') onClose();
      else if (keys.matches('down', k)) setOffset(Math.min(shown + 1, max));
      else if (keys.matches('up', k)) setOffset(Math.max(shown - 1, 0));
      else if (keys.matches('pageDown', k)) setOffset(Math.min(shown + inner - 1, max));
      else if (keys.matches('pageUp', k)) setOffset(Math.max(shown - inner + 1, 0));
      else if (keys.matches('top', k)) setOffset(0);
      else if (keys.matches('bottom', k)) setOffset(max);
      return true;
    },
    [keys, onClose, shown, max, inner],
  );
  useKeypress(onKey, { priority: Priority.High });
  const visible = rows.slice(shown, shown + perScreen);
  const columns = twoColumns && visible.length > inner ? [visible.slice(0, inner), visible.slice(inner)] : [visible.slice(0, inner)];
  const more = max > 0 ? `  ${shown + 1}-${Math.min(shown + perScreen, rows.length)}/${rows.length} j/k` : '';
  return (
    <Box flexDirection="column" width={width} height={height} borderStyle={theme.glyphs.border} borderColor={theme.accent} overflow="hidden">
      <Text bold wrap="truncate">
        Keys {readOnly ? '(read-only: write keys hidden)' : ''} <Text color={theme.muted}>Esc or ? closes{more}</Text>
      </Text>
      <Box flexDirection="row">
        {columns.map((col, i) => (
          <Box key={i} flexDirection="column" width={Math.floor((width - 2) / columns.length)} overflow="hidden">
            {col}
          </Box>
        ))}
      </Box>
    </Box>
  );
}
