import React, { memo, useCallback, useMemo } from 'react';
import type { Binding } from '../ui/keys/bindings.js';
import { useStore } from 'zustand';
import { ListPane } from '../ui/components/ListPane.js';
import { useFreeze, useFrozen, useNow, useStores, useTheme } from '../ui/contexts.js';
import { describeLiveness } from '../ui/liveness.js';
import type { Row } from '../ui/rows.js';
import type { PaneSlot } from './ActionItemsPane.js';
import { queueRows, type QueueRowPayload } from './queue-rows.js';

/** What the queue pane's keys do (read-only mode turns them off in the binding table, not here). */
export interface QueueActions {
  merge(pr: number): void;
  rollback(pr: number): void;
  /** Continue the merge loop after it stopped. */
  resume(): void;
  /** A key that does not apply to the selected row: say why instead of doing nothing. */
  explain(text: string): void;
}

export const RenovateQueuePane = memo(function RenovateQueuePane({
  slot,
  onOpen,
  actions,
}: {
  slot: PaneSlot;
  onOpen(row: QueueRowPayload): void;
  actions: QueueActions;
}) {
  const stores = useStores();
  const theme = useTheme();
  const now = useNow();
  const frozen = useFrozen();
  const prs = useFreeze(
    useStore(stores.queue, (s) => s.prs),
    frozen,
  );
  const merged = useFreeze(
    useStore(stores.queue, (s) => s.merged),
    frozen,
  );
  const dashboard = useFreeze(
    useStore(stores.queue, (s) => s.dashboard),
    frozen,
  );
  const liveness = useStore(stores.queue, (s) => s.liveness);
  const loopPr = useStore(stores.queue, (s) => s.loop?.pr ?? null);
  const loopText = useStore(stores.queue, (s) => (s.loop ? `#${s.loop.pr} ${s.loop.phase}` : null));
  const narrow = slot.width < 70;
  const rows = useMemo(() => queueRows(prs, theme, loopPr, merged, dashboard, narrow), [prs, theme, loopPr, merged, dashboard, narrow]);
  const open = useMemo(() => (row: Row) => onOpen(row.payload as QueueRowPayload), [onOpen]);
  const stopped = useStore(stores.queue, (s) => s.loop?.phase === 'stopped');
  const rowBindings = useCallback(
    (row: Row | null): Binding[] => {
      const p = (row?.payload as QueueRowPayload | undefined) ?? null;
      return [
        {
          command: 'merge',
          disabledReason: () => (prs.length === 0 ? 'no open Renovate PR to merge' : null),
          run: () => {
            if (p?.kind === 'open') actions.merge(p.pr.number);
            else actions.explain(p?.kind === 'merged' ? `PR #${p.pr.number} is already merged (b rolls it back)` : 'select an open PR to merge');
          },
        },
        {
          command: 'prRollback',
          disabledReason: () => (merged.length === 0 ? 'no merged PR to roll back: none was merged recently' : null),
          run: () => {
            if (p?.kind === 'merged') actions.rollback(p.pr.number);
            else
              actions.explain(
                p?.kind === 'open'
                  ? `PR #${p.pr.number} is not merged: only a merged PR (under "Merged recently") can be rolled back`
                  : 'select a merged PR to roll back',
              );
          },
        },
        { command: 'mergeResume', disabledReason: () => (stopped ? null : 'the merge loop is not stopped: nothing to continue'), run: actions.resume },
      ];
    },
    [actions, prs.length, merged.length, stopped],
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
      rowBindings={rowBindings}
      {...slot}
    />
  );
});
