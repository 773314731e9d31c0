import React, { memo, useCallback, useMemo } from 'react';
import { useCopy } from '../ui/clipboard.js';
import { itemCopy } from '../ui/copy-targets.js';
import { useStore } from 'zustand';
import type { ActionItem } from '../domain/issue/types.js';
import { ListPane } from '../ui/components/ListPane.js';
import { useEngine, useFreeze, useFrozen, useNow, useStores, useTheme } from '../ui/contexts.js';
import { describeLiveness } from '../ui/liveness.js';
import type { ListCursor, Row } from '../ui/rows.js';
import type { StepActions } from '../screens/ActionDetailScreen.js';
import type { Binding } from '../ui/keys/bindings.js';
import { itemRows } from './items-rows.js';
import { stepRowBindings } from './step-row-bindings.js';

const NO_ITEMS: ActionItem[] = [];
const NO_FOCUS: string[] = [];

export interface PaneSlot {
  focused: boolean;
  active: boolean;
  width: number;
  height: number;
  filter: string;
  cursor: ListCursor;
  onCursor(c: ListCursor): void;
}

export const ActionItemsPane = memo(function ActionItemsPane({
  slot,
  onOpenItem,
  stepActions,
}: {
  slot: PaneSlot;
  onOpenItem(item: ActionItem): void;
  /** The step keys on the selected row: the detail screen's actions. */
  stepActions: StepActions;
}) {
  const stores = useStores();
  const wired = useEngine().capabilities.steps;
  const step = useStore(stores.step, (s) => s.current);
  const theme = useTheme();
  const frozen = useFrozen();
  const now = useNow();
  const doc = useFreeze(
    useStore(stores.issue, (s) => s.document),
    frozen,
  );
  const items = doc?.items ?? NO_ITEMS;
  const liveness = useStore(stores.issue, (s) => s.liveness);
  const focus = useStore(stores.session, (s) => (s.focus.length ? s.focus : NO_FOCUS));
  const rows = useMemo(() => (doc ? itemRows(doc, focus, theme) : []), [doc, focus, theme]);
  const open = useMemo(() => (row: Row) => onOpenItem(row.payload as ActionItem), [onOpenItem]);
  const copy = useCopy();
  const rowBindings = useCallback(
    (row: Row | null): Binding[] => {
      const item = (row?.payload as ActionItem | undefined) ?? null;
      const toCopy = itemCopy(item);
      return [
        ...stepRowBindings(item, step, wired, stepActions),
        { command: 'copy', disabledReason: () => toCopy.reason ?? null, run: () => toCopy.target && copy(toCopy.target) },
      ];
    },
    [step, wired, stepActions, copy],
  );
  const done = items.filter((i) => i.checked).length;
  return (
    <ListPane
      title={`Action items ${items.length ? `${done}/${items.length}` : ''}`}
      number={1}
      rows={rows}
      status={describeLiveness(liveness, now)}
      emptyText="no action items in this issue"
      onOpen={open}
      rowBindings={rowBindings}
      {...slot}
    />
  );
});
