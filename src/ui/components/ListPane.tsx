import { Box } from 'ink';
import { Text } from '../text.js';
import React, { useMemo } from 'react';
import { useTheme } from '../contexts.js';
import type { Binding } from '../keys/bindings.js';
import { useBindings } from '../keys/use-bindings.js';
import { Priority } from '../keypress-context.js';
import type { LivenessText } from '../liveness.js';
import { clampCursor, filterRows, moveCursor, MOVES, type ListCursor, type Row } from '../rows.js';
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
  /** The pane's own bindings on the selected row (merge on the queue); null when nothing is selected. */
  rowBindings?(row: Row | null): Binding[];
  /** Shown instead of rows when there is nothing to show (only when the data is trustworthy). */
  emptyText: string;
}

/** A pane holding a virtualised, filterable, navigable list. */
export function ListPane(props: ListPaneProps) {
  const { rows, filter, cursor, onCursor, onOpen, rowBindings, focused, active, height, status } = props;
  const theme = useTheme();
  const shown = useMemo(() => filterRows(rows, filter), [rows, filter]);
  const body = paneBodyHeight(height);
  const c = clampCursor(cursor, shown, body);

  const bindings = useMemo<Binding[]>(() => {
    const selected = shown[c.index];
    const row = selected?.selectable ? selected : null;
    return [
      ...MOVES.map((move) => ({ command: move, run: () => onCursor(moveCursor(c, move, shown, body)) })),
      ...(rowBindings?.(row) ?? []),
      // Enter is taken even with nothing to open, so it never falls through to another view.
      { command: 'open' as const, run: () => row && onOpen?.(row) },
    ];
  }, [c, shown, body, onCursor, onOpen, rowBindings]);
  // Only the focused pane's keys are live and hinted; behind help or a dialog its hints stay.
  useBindings(bindings, { priority: Priority.Normal, isActive: focused && active, visible: focused });

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
