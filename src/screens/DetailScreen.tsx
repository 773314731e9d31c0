import { Box, Text } from 'ink';
import React, { useCallback, useState } from 'react';
import { Pane, paneBodyHeight } from '../ui/components/Pane.js';
import { VirtualizedList } from '../ui/components/VirtualizedList.js';
import { useSettings, useTheme } from '../ui/contexts.js';
import type { Command } from '../ui/keys/commands.js';
import { displayBinding, type KeyPress } from '../ui/keys/keypress.js';
import { Priority, useKeypress } from '../ui/keypress-context.js';
import type { Row } from '../ui/rows.js';

export interface DetailControl {
  command: Command;
  label: string;
  enabled: boolean;
  run(): void;
}

interface Props {
  title: string;
  rows: Row[];
  width: number;
  height: number;
  active: boolean;
  /** Step or merge controls; disabled ones are shown with the reason. */
  controls: DetailControl[];
  disabledReason: string | null;
  status: string | null;
  /** Shown where the controls go when there are none (read-only, or a view without actions). */
  emptyControls?: string;
}

const SCROLL: Array<[Command, (offset: number, page: number, max: number) => number]> = [
  ['up', (o) => o - 1],
  ['down', (o) => o + 1],
  ['top', () => 0],
  ['bottom', (_o, _p, max) => max],
  ['pageUp', (o, p) => o - p],
  ['pageDown', (o, p) => o + p],
];

/** A scrollable detail view (action item or PR) with its controls on the last lines. */
export function DetailScreen({ title, rows, width, height, active, controls, disabledReason, status, emptyControls = 'no controls in read-only mode' }: Props) {
  const { keys } = useSettings();
  const theme = useTheme();
  const [offset, setOffset] = useState(0);
  const controlLines = 2;
  const body = Math.max(paneBodyHeight(height) - controlLines, 1);
  const max = Math.max(rows.length - body, 0);
  const shownOffset = Math.min(offset, max);

  const onKey = useCallback(
    (k: KeyPress) => {
      for (const [command, next] of SCROLL) {
        if (keys.matches(command, k)) {
          setOffset(Math.max(0, Math.min(next(shownOffset, Math.max(body - 1, 1), max), max)));
          return true;
        }
      }
      for (const c of controls) {
        if (keys.matches(c.command, k)) {
          if (c.enabled) c.run();
          return true;
        }
      }
      return false;
    },
    [keys, shownOffset, body, max, controls],
  );
  useKeypress(onKey, { priority: Priority.Normal, isActive: active });

  const more = rows.length > body ? `  lines ${shownOffset + 1}-${Math.min(shownOffset + body, rows.length)} of ${rows.length}` : '';
  return (
    <Pane title={title} focused width={width} height={height} note={more || null}>
      <VirtualizedList rows={rows} height={body} offset={shownOffset} selected={-1} showCursor={false} />
      <Box height={controlLines} flexDirection="column">
        <Text wrap="truncate">
          {controls.length === 0 ? <Text color={theme.muted}>{emptyControls}</Text> : null}
          {controls.map((c) => (
            <Text key={c.command} dimColor={!c.enabled} color={c.enabled ? theme.accent : theme.muted}>
              {`[${displayBinding(keys.specs[c.command].keys[0]!)}] ${c.label}${c.enabled ? '' : ' (off)'}  `}
            </Text>
          ))}
        </Text>
        <Text wrap="truncate" color={disabledReason ? theme.muted : theme.warn}>
          {disabledReason ?? status ?? ''}
        </Text>
      </Box>
    </Pane>
  );
}
