import React, { memo, useCallback, useMemo } from 'react';
import { useStore } from 'zustand';
import type { QueueEntry } from '../domain/renovate/types.js';
import { ListPane } from '../ui/components/ListPane.js';
import { useFreeze, useFrozen, useNow, useSettings, useStores, useTheme } from '../ui/contexts.js';
import type { KeyPress } from '../ui/keys/keypress.js';
import { describeLiveness } from '../ui/liveness.js';
import type { Row } from '../ui/rows.js';
import type { PaneSlot } from './ActionItemsPane.js';
import { queueRows } from './queue-rows.js';

export const RenovateQueuePane = memo(function RenovateQueuePane({ slot, onOpenPr, onMerge }: { slot: PaneSlot; onOpenPr(pr: QueueEntry): void; onMerge: ((pr: number) => void) | null }) {
  const stores = useStores();
  const theme = useTheme();
  const now = useNow();
  const frozen = useFrozen();
  const prs = useFreeze(useStore(stores.queue, (s) => s.prs), frozen);
  const liveness = useStore(stores.queue, (s) => s.liveness);
  const loopPr = useStore(stores.queue, (s) => s.loop?.pr ?? null);
  const loopText = useStore(stores.queue, (s) => (s.loop ? `#${s.loop.pr} ${s.loop.phase}` : null));
  const rows = useMemo(() => queueRows(prs, theme, loopPr), [prs, theme, loopPr]);
  const open = useMemo(() => (row: Row) => onOpenPr(row.payload as QueueEntry), [onOpenPr]);
  const { keys } = useSettings();
  const onRowKey = useCallback(
    (row: Row, key: KeyPress) => {
      if (!onMerge || !keys.matches('merge', key)) return false;
      onMerge((row.payload as QueueEntry).number);
      return true;
    },
    [keys, onMerge],
  );
  const status = describeLiveness(liveness, now);
  return (
    <ListPane
      title={`Renovate queue${prs.length ? ` ${prs.length}` : ''}${loopText ? ` [${loopText}]` : ''}`}
      number={4}
      rows={rows}
      status={status}
      emptyText="no open Renovate PRs"
      onOpen={open}
      onRowKey={onRowKey}
      {...slot}
    />
  );
});
