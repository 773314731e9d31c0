import { Box, Text } from 'ink';
import React, { useCallback, useMemo } from 'react';
import { useSettings, useTheme } from '../contexts.js';
import type { Command } from '../keys/commands.js';
import type { KeyPress } from '../keys/keypress.js';
import { Priority, useKeypress } from '../keypress-context.js';
import type { LivenessText } from '../liveness.js';
import { clampCursor, filterRows, moveCursor, type ListCursor, type Move, type Row } from '../rows.js';
import { Pane, paneBodyHeight } from './Pane.js';
import { VirtualizedList } from './VirtualizedList.js';

export interface ListPaneProps {
  title: string;
  number?: number;
  rows: Row[];
  status: LivenessText | null;
  focused: boolean;
  /** False while an overlay owns the keys or another screen is shown. */
  active: boolean;
  width: number;
  height: number;
  filter: string;
  cursor: ListCursor;
  onCursor(cursor: ListCursor): void;
  onOpen?(row: Row): void;
  /** Pane-specific keys acting on the selected row (merge on the queue); true = handled. */
  onRowKey?(row: Row, key: KeyPress): boolean;
  /** Shown instead of rows when there is nothing to show (only when the data is trustworthy). */
  emptyText: string;
}

const MOVES: Array<[Command, Move]> = [
  ['up', 'up'],
  ['down', 'down'],
  ['top', 'top'],
  ['bottom', 'bottom'],
  ['pageUp', 'pageUp'],
  ['pageDown', 'pageDown'],
];

/** A pane holding a virtualised, filterable, navigable list. */
export function ListPane(props: ListPaneProps) {
  const { rows, filter, cursor, onCursor, onOpen, onRowKey, focused, active, height, status } = props;
  const { keys } = useSettings();
  const theme = useTheme();
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const body = paneBodyHeight(height);
  const c = clampCursor(cursor, shown, body);

  const onKey = useCallback(
    (key: KeyPress) => {
      for (const [command, move] of MOVES) {
        if (keys.matches(command, key)) {
          onCursor(moveCursor(c, move, shown, body));
          return true;
        }
      }
      const selected = shown[c.index];
      if (selected?.selectable && onRowKey?.(selected, key)) return true;
      if (keys.matches('open', key)) {
        const row = shown[c.index];
        if (row?.selectable && onOpen) onOpen(row);
        return true;
      }
      return false;
    },
    [keys, c, shown, body, onCursor, onOpen, onRowKey],
  );
  useKeypress(onKey, { priority: Priority.Normal, isActive: focused && active });

  const waiting = status !== null && !status.hasData;
  const note = filter ? `/${filter} (${shown.filter((r) => r.selectable).length})` : null;
  return (
    <Pane title={props.title} number={props.number} focused={focused} width={props.width} height={height} status={status} note={note}>
      {waiting ? (
        <Box height={body}>
          <Text color={theme.muted}>{status.text}</Text>
        </Box>
      ) : shown.length === 0 ? (
        <Box height={body}>
          <Text color={theme.muted}>{filter ? 'nothing matches the filter' : props.emptyText}</Text>
        </Box>
      ) : (
        <VirtualizedList rows={shown} height={body} offset={c.offset} selected={c.index} showCursor={focused} />
      )}
    </Pane>
  );
}
