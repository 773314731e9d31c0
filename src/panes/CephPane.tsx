import React, { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import { ListPane } from '../ui/components/ListPane.js';
import { useFreeze, useFrozen, useNow, useStores, useTheme } from '../ui/contexts.js';
import { describeLiveness } from '../ui/liveness.js';
import type { PaneSlot } from './ActionItemsPane.js';
import { cephRows } from './ceph-rows.js';

export const CephPane = memo(function CephPane({ slot, onOpen }: { slot: PaneSlot; onOpen(): void }) {
  const stores = useStores();
  const theme = useTheme();
  const now = useNow();
  const frozen = useFrozen();
  const summary = useFreeze(
    useStore(stores.ceph, (s) => s.summary),
    frozen,
  );
  const liveness = useStore(stores.ceph, (s) => s.liveness);
  const rows = useMemo(() => (summary ? cephRows(summary, theme) : []), [summary, theme]);
  const status = describeLiveness(liveness, now);
  return (
    <ListPane
      title="Ceph"
      number={3}
      rows={rows}
      status={summary ? status : { ...status, hasData: false }}
      emptyText="no Ceph data"
      onOpen={onOpen}
      {...slot}
    />
  );
});
