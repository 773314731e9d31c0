import { Box } from 'ink';
import { Text } from '../ui/text.js';
import React, { useMemo } from 'react';
import type { LayerName } from '../domain/health/types.js';
import type { ActionItem } from '../domain/issue/types.js';
import { ActionItemsPane, type PaneSlot } from '../panes/ActionItemsPane.js';
import { CephPane } from '../panes/CephPane.js';
import { LayerHealthPane } from '../panes/LayerHealthPane.js';
import { OutputArea } from '../panes/OutputArea.js';
import type { QueueRowPayload } from '../panes/queue-rows.js';
import { RenovateQueuePane, type QueueActions } from '../panes/RenovateQueuePane.js';
import { useTheme } from '../ui/contexts.js';
import { PANE_TITLES, PANES, type CompactLayout, type PaneId, type Rect, type WideLayout } from '../ui/layout.js';
import type { ListCursor } from '../ui/rows.js';
import type { StepActions } from './ActionDetailScreen.js';
import { CompactSummary } from './CompactSummary.js';

export interface MainScreenProps {
  layout: WideLayout | CompactLayout;
  focus: PaneId;
  /** False while an overlay owns the keys. */
  active: boolean;
  filters: Record<PaneId, string>;
  cursors: Record<PaneId, ListCursor>;
  /** One stable setter per pane, so a pane whose props did not change skips rendering. */
  onCursor: Record<PaneId, (cursor: ListCursor) => void>;
  onOpenItem(item: ActionItem): void;
  /** An open or merged PR, or the Dependency Dashboard. */
  onOpenQueueRow(row: QueueRowPayload): void;
  /** A layer's every reason and offender (null: every layer, from the Overall line). */
  onOpenLayer(layer: LayerName | null): void;
  /** `ceph health detail`: every check's detail lines. */
  onOpenCeph(): void;
  /** Merge, roll back, continue: read-only turns the keys off through the binding table. */
  queueActions: QueueActions;
  /** The step keys on the Action items pane's selected row. */
  stepActions: StepActions;
}

function PaneFor({ id, rect, props }: { id: PaneId; rect: Rect; props: MainScreenProps }) {
  const focused = props.focus === id;
  const { active } = props;
  const filter = props.filters[id];
  const cursor = props.cursors[id];
  const onCursor = props.onCursor[id];
  const slot: PaneSlot = useMemo(
    () => ({ focused, active, width: rect.width, height: rect.height, filter, cursor, onCursor }),
    [focused, active, rect.width, rect.height, filter, cursor, onCursor],
  );
  switch (id) {
    case 'items':
      return <ActionItemsPane slot={slot} onOpenItem={props.onOpenItem} stepActions={props.stepActions} />;
    case 'health':
      return <LayerHealthPane slot={slot} onOpenLayer={props.onOpenLayer} />;
    case 'ceph':
      return <CephPane slot={slot} onOpen={props.onOpenCeph} />;
    case 'queue':
      return <RenovateQueuePane slot={slot} onOpen={props.onOpenQueueRow} actions={props.queueActions} />;
  }
}

function Tabs({ focus, width }: { focus: PaneId; width: number }) {
  const theme = useTheme();
  return (
    <Box height={1} width={width} overflow="hidden">
      <Text wrap="truncate">
        {PANES.map((p, i) => (
          <Text key={p} inverse={p === focus} bold={p === focus} color={p === focus ? theme.accent : theme.muted}>
            {` ${i + 1} ${PANE_TITLES[p]} `}
          </Text>
        ))}
      </Text>
    </Box>
  );
}

export function MainScreen(props: MainScreenProps) {
  const { layout } = props;
  if (layout.kind === 'compact') {
    return (
      <Box flexDirection="column">
        <CompactSummary width={layout.pane.width} height={layout.summary} />
        <Tabs focus={props.focus} width={layout.pane.width} />
        <PaneFor id={props.focus} rect={layout.pane} props={props} />
        {layout.output.height > 0 ? <OutputArea width={layout.output.width} height={layout.output.height} /> : null}
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      <Box flexDirection="row">
        <PaneFor id="items" rect={layout.panes.items} props={props} />
        <Box flexDirection="column">
          <PaneFor id="health" rect={layout.panes.health} props={props} />
          <PaneFor id="ceph" rect={layout.panes.ceph} props={props} />
          <PaneFor id="queue" rect={layout.panes.queue} props={props} />
        </Box>
      </Box>
      <OutputArea width={layout.output.width} height={layout.output.height} />
    </Box>
  );
}
