import { Box } from 'ink';
import { Text } from '../ui/text.js';
import React, { useMemo, useState } from 'react';
import { BusyGlyph } from '../ui/components/Busy.js';
import { Pane, paneBodyHeight } from '../ui/components/Pane.js';
import { VirtualizedList } from '../ui/components/VirtualizedList.js';
import { useSettings, useTheme } from '../ui/contexts.js';
import type { Binding } from '../ui/keys/bindings.js';
import type { Command } from '../ui/keys/commands.js';
import { displayBinding } from '../ui/keys/keypress.js';
import { useBindingReadOnly, useBindings, useOffReason } from '../ui/keys/use-bindings.js';
import { Priority } from '../ui/keypress-context.js';
import type { Row } from '../ui/rows.js';

/** A binding shown on the control line: `[s] start step`, or `[s] start step (off)` with its reason when pressed. */
export interface DetailControl extends Binding {
  label: string;
  /** Drawn only while it can act (a variant of its neighbours: the line stays within 120 columns); still bound, in help and the hint bar. */
  hideWhenOff?: boolean;
}

interface Props {
  title: string;
  rows: Row[];
  width: number;
  height: number;
  active: boolean;
  /**
   * Step or merge controls (memoised); off ones are labelled "(off)", write ones absent in
   * read-only mode. A view without actions (Ceph, layer, criteria, dashboard) leaves them out.
   */
  controls?: DetailControl[];
  disabledReason?: string | null;
  status?: string | null;
  /** The status is a wait in progress (a step running, the closure writing): drawn with the spinner. */
  busy?: boolean;
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

/** A stable empty list: a fresh [] on every render would re-register the bindings each time. */
const NO_CONTROLS: DetailControl[] = [];

/** A scrollable detail view (action item or PR) with its controls on the last lines. */
export function DetailScreen({
  title,
  rows,
  width,
  height,
  active,
  controls = NO_CONTROLS,
  disabledReason = null,
  status = null,
  busy = false,
  emptyControls = 'no controls in read-only mode',
}: Props) {
  const { keys } = useSettings();
  const theme = useTheme();
  const [offset, setOffset] = useState(0);
  const controlLines = 2;
  const body = Math.max(paneBodyHeight(height) - controlLines, 1);
  const max = Math.max(rows.length - body, 0);
  const shownOffset = Math.min(offset, max);

  const bindings = useMemo<Binding[]>(
    () => [
      ...SCROLL.map(([command, next]) => ({
        command,
        run: () => setOffset(Math.max(0, Math.min(next(shownOffset, Math.max(body - 1, 1), max), max))),
      })),
      ...controls,
    ],
    [shownOffset, body, max, controls],
  );
  useBindings(bindings, { priority: Priority.Normal, isActive: active, visible: true });
  const readOnly = useBindingReadOnly();
  const off = useOffReason();
  const shownControls = controls.filter((c) => !(readOnly && keys.specs[c.command].writes) && !(c.hideWhenOff && off(c) !== null));

  const more = rows.length > body ? `  lines ${shownOffset + 1}-${Math.min(shownOffset + body, rows.length)} of ${rows.length}` : '';
  return (
    <Pane title={title} focused width={width} height={height} note={more || null}>
      <VirtualizedList rows={rows} height={body} offset={shownOffset} selected={-1} showCursor={false} />
      <Box height={controlLines} flexDirection="column">
        <Text wrap="truncate">
          {shownControls.length === 0 ? <Text color={theme.muted}>{emptyControls}</Text> : null}
          {shownControls.map((c) => {
            const enabled = off(c) === null;
            return (
              <Text key={c.command} dimColor={!enabled} color={enabled ? theme.accent : theme.muted}>
                {`[${displayBinding(keys.specs[c.command].keys[0]!, theme.glyphs)}] ${c.label}${enabled ? '' : ' (off)'}  `}
              </Text>
            );
          })}
        </Text>
        <Text wrap="truncate" color={disabledReason ? theme.muted : theme.warn}>
          {busy && !disabledReason && status ? (
            <>
              <BusyGlyph />{' '}
            </>
          ) : null}
          {disabledReason ?? status ?? ''}
        </Text>
      </Box>
    </Pane>
  );
}
