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

const NOT_WIRED = 'the merge loop is not wired in this build';

/** One PR: an open one with its merge control, or a merged one with its rollback. */
export function PrDetailScreen({ number, width, height, active, readOnly, onMerge, onRollback, onResume }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const pr = useFreeze(
    useStore(engine.stores.queue, (s) => s.prs.find((p) => p.number === number) ?? null),
    frozen,
  );
  const merged = useFreeze(
    useStore(engine.stores.queue, (s) => s.merged.find((p) => p.number === number) ?? null),
    frozen,
  );
  const loop = useStore(engine.stores.queue, (s) => (s.loop?.pr === number ? s.loop : null));
  const stopped = useStore(engine.stores.queue, (s) => s.loop?.phase === 'stopped');
  const rows = useMemo(() => (pr ? prDetailRows(pr, theme) : merged ? mergedPrDetailRows(merged, theme) : []), [pr, merged, theme]);
  const wired = engine.capabilities.mergeLoop;
  const isOpen = pr !== null;
  const isMerged = merged !== null && pr === null;
  const controls = useMemo<DetailControl[]>(() => {
    const notWired = wired ? null : NOT_WIRED;
    return [
      {
        command: 'merge',
        label: 'merge',
        disabledReason: () => notWired ?? (isOpen ? null : `PR #${number} is not open: nothing to merge`),
        run: () => onMerge(number),
      },
      {
        command: 'prRollback',
        label: 'roll back',
        disabledReason: () => notWired ?? (isMerged ? null : `PR #${number} is not merged: nothing to roll back`),
        run: () => onRollback(number),
      },
      {
        command: 'mergeResume',
        label: 'continue loop',
        disabledReason: () => notWired ?? (stopped ? null : 'the merge loop is not stopped: nothing to continue'),
        run: onResume,
      },
    ];
  }, [wired, isOpen, isMerged, stopped, number, onMerge, onRollback, onResume]);
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
