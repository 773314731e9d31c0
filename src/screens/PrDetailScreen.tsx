import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import { useEngine, useFreeze, useFrozen, useTheme } from '../ui/contexts.js';
import { DetailScreen, type DetailControl } from './DetailScreen.js';
import { prDetailRows } from './detail-lines.js';

interface Props {
  number: number;
  width: number;
  height: number;
  active: boolean;
  readOnly: boolean;
  onMerge(pr: number): void;
}

export function PrDetailScreen({ number, width, height, active, readOnly, onMerge }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const pr = useFreeze(useStore(engine.stores.queue, (s) => s.prs.find((p) => p.number === number) ?? null), frozen);
  const loop = useStore(engine.stores.queue, (s) => (s.loop?.pr === number ? s.loop : null));
  const rows = useMemo(() => (pr ? prDetailRows(pr, theme) : []), [pr, theme]);
  const wired = engine.capabilities.mergeLoop;
  const controls: DetailControl[] = readOnly ? [] : [{ command: 'merge', label: 'merge', enabled: wired && pr !== null, run: () => onMerge(number) }];
  return (
    <DetailScreen
      title={pr ? `PR #${pr.number}` : `PR #${number} is no longer open`}
      rows={rows}
      width={width}
      height={height}
      active={active}
      controls={controls}
      disabledReason={!readOnly && !wired ? 'merge is off: the merge loop is not wired in this build' : null}
      status={loop ? `${loop.phase}: ${loop.message}` : null}
    />
  );
}
