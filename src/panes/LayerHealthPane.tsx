import React, { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import { ListPane } from '../ui/components/ListPane.js';
import { useFreeze, useFrozen, useNow, useStores, useTheme } from '../ui/contexts.js';
import { describeLiveness, worstLiveness } from '../ui/liveness.js';
import type { PaneSlot } from './ActionItemsPane.js';
import { healthRows } from './health-rows.js';

export const LayerHealthPane = memo(function LayerHealthPane({ slot }: { slot: PaneSlot }) {
  const stores = useStores();
  const theme = useTheme();
  const now = useNow();
  const frozen = useFrozen();
  const gate = useFreeze(useStore(stores.health, (s) => s.gate), frozen);
  const sources = useStore(
    stores.cluster,
    useShallow((s) => [s.liveness.nodes, s.liveness.pods, s.liveness.applications]),
  );
  const rows = useMemo(() => (gate ? healthRows(gate, theme) : []), [gate, theme]);
  const live = describeLiveness(worstLiveness(sources), now);
  // Until the first grade exists, say so instead of an empty (or falsely GREEN) list.
  const status = gate ? live : { ...live, hasData: false, text: live.hasData ? 'grading...' : live.text };
  return <ListPane title="Layer health" number={2} rows={rows} status={status} emptyText="no layers graded" {...slot} />;
});
