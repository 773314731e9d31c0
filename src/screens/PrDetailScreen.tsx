import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEngine, useFreeze, useFrozen, useTheme } from '../ui/contexts.js';
import { DetailScreen, type DetailControl } from './DetailScreen.js';
import { mergedPrDetailRows, prDetailRows } from './detail-lines.js';

interface Props {
  number: number;
  width: number;
  height: number;
  active: boolean;
  readOnly: boolean;
  onMerge(pr: number): void;
  onRollback(pr: number): void;
  onResume(): void;
}

/** One PR: an open one with its merge control, or a merged one with its rollback. */
export function PrDetailScreen({ number, width, height, active, readOnly, onMerge, onRollback, onResume }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const pr = useFreeze(useStore(engine.stores.queue, (s) => s.prs.find((p) => p.number === number) ?? null), frozen);
  const merged = useFreeze(useStore(engine.stores.queue, (s) => s.merged.find((p) => p.number === number) ?? null), frozen);
  const loop = useStore(engine.stores.queue, (s) => (s.loop?.pr === number ? s.loop : null));
  const stopped = useStore(engine.stores.queue, (s) => s.loop?.phase === 'stopped');
  const rows = useMemo(() => (pr ? prDetailRows(pr, theme) : merged ? mergedPrDetailRows(merged, theme) : []), [pr, merged, theme]);
  const wired = engine.capabilities.mergeLoop;
  const controls: DetailControl[] = readOnly
    ? []
    : [
        { command: 'merge', label: 'merge', enabled: wired && pr !== null, run: () => onMerge(number) },
        { command: 'prRollback', label: 'roll back', enabled: wired && merged !== null && pr === null, run: () => onRollback(number) },
        { command: 'mergeResume', label: 'continue loop', enabled: wired && stopped, run: onResume },
      ];
  const title = pr ? `PR #${pr.number} (open)` : merged ? `PR #${merged.number} (merged)` : `PR #${number} is neither open nor merged recently`;
  return (
    <DetailScreen
      title={title}
      rows={rows}
      width={width}
      height={height}
      active={active}
      controls={controls}
      disabledReason={!readOnly && !wired ? 'merge and rollback are off: the merge loop is not wired in this build' : null}
      status={loop ? `${loop.phase}: ${loop.message}` : null}
    />
  );
}
