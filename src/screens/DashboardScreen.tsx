import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEngine, useFreeze, useFrozen, useTheme } from '../ui/contexts.js';
import { DetailScreen } from './DetailScreen.js';
import { dashboardRows } from './detail-lines.js';

/** The Dependency Dashboard's open items; nothing here acts. */
export function DashboardScreen({ width, height, active }: { width: number; height: number; active: boolean }) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const dashboard = useFreeze(
    useStore(engine.stores.queue, (s) => s.dashboard),
    frozen,
  );
  const rows = useMemo(() => (dashboard ? dashboardRows(dashboard, theme) : []), [dashboard, theme]);
  return (
    <DetailScreen
      title={dashboard ? `Dependency Dashboard #${dashboard.number}` : 'Dependency Dashboard: not found (no open issue with that title)'}
      rows={rows}
      width={width}
      height={height}
      active={active}
      emptyControls="read-only: merge from the Renovate queue (pane 4)"
    />
  );
}
