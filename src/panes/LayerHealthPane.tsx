import React, { memo, useMemo } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/shallow';
import type { LayerName } from '../domain/health/types.js';
import { ListPane } from '../ui/components/ListPane.js';
import { paneBodyHeight } from '../ui/components/Pane.js';
import { useFreeze, useFrozen, useNow, useStores, useTheme } from '../ui/contexts.js';
import type { Liveness } from '../store/liveness.js';
import { checkedAt, describeLiveness, worstLiveness, type LivenessText } from '../ui/liveness.js';
import type { Row } from '../ui/rows.js';
import type { PaneSlot } from './ActionItemsPane.js';
import { healthRows } from './health-rows.js';

export const LayerHealthPane = memo(function LayerHealthPane({ slot, onOpenLayer }: { slot: PaneSlot; onOpenLayer(layer: LayerName | null): void }) {
  const stores = useStores();
  const theme = useTheme();
  const now = useNow();
  const frozen = useFrozen();
  const gate = useFreeze(
    useStore(stores.health, (s) => s.gate),
    frozen,
  );
  const sources = useStore(
    stores.cluster,
    useShallow((s) => [s.liveness.nodes, s.liveness.pods, s.liveness.applications]),
  );
  const body = paneBodyHeight(slot.height);
  // Filtering searches every offender; otherwise the status lines stay and offenders share the rest.
  const rows = useMemo(() => (gate ? healthRows(gate, theme, slot.filter ? null : body) : []), [gate, theme, slot.filter, body]);
  const open = useMemo(() => (row: Row) => onOpenLayer((row.payload as LayerName | null) ?? null), [onOpenLayer]);
  const ceph = useStore(stores.ceph, (s) => s.liveness);
  // Without Ceph configured the System layer grades it UNKNOWN; the pane's freshness is the watches'.
  const live = healthLiveness(ceph.state === 'idle' || ceph.state === 'not-installed' ? sources : [...sources, ceph], now);
  // Until the first grade exists, say so instead of an empty (or falsely GREEN) list.
  const status = gate ? live : { ...live, hasData: false, text: live.hasData ? 'grading...' : live.text };
  return <ListPane title="Layer health" number={2} rows={rows} status={status} emptyText="no layers graded" onOpen={open} {...slot} />;
});

/**
 * Watches and the Ceph poll feed the grade. A quiet watch is current, not stale: when every source
 * is live the pane says how recently any of them brought news; otherwise it names the worst one.
 */
export function healthLiveness(sources: Liveness[], now: number): LivenessText {
  const worst = worstLiveness(sources);
  if (worst.state !== 'live') return describeLiveness(worst, now);
  const newest = Math.max(...sources.map((l) => (l.state === 'live' ? checkedAt(l) : 0)));
  return describeLiveness({ state: 'live', updatedAt: newest }, now);
}
