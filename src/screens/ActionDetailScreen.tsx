import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import type { ItemRef } from '../store/engine.js';
import { useEngine, useFreeze, useFrozen, useTheme } from '../ui/contexts.js';
import { DetailScreen, type DetailControl } from './DetailScreen.js';
import { itemDetailRows } from './detail-lines.js';

export interface StepActions {
  start(ref: ItemRef): void;
  judge(verdict: 'pass' | 'fail'): void;
  rollback(ref: ItemRef): void;
  escalate(ref: ItemRef): void;
}

interface Props {
  item: ItemRef;
  width: number;
  height: number;
  active: boolean;
  readOnly: boolean;
  actions: StepActions;
}

export function ActionDetailScreen({ item: ref, width, height, active, readOnly, actions }: Props) {
  const engine = useEngine();
  const theme = useTheme();
  const frozen = useFrozen();
  const item = useFreeze(
    useStore(engine.stores.issue, (s) => s.document?.items.find((i) => (ref.id ? i.id === ref.id : i.line === ref.line)) ?? null),
    frozen,
  );
  const step = useStore(engine.stores.step, (s) => s.current);
  const rows = useMemo(() => (item ? itemDetailRows(item, theme) : []), [item, theme]);
  const wired = engine.capabilities.steps;
  const mine = step && item && step.itemLine === item.line ? step : null;
  const controls: DetailControl[] = readOnly
    ? []
    : [
        { command: 'stepStart', label: 'start step', enabled: wired && !item?.checked, run: () => actions.start(ref) },
        { command: 'stepPass', label: 'passed', enabled: wired && mine?.status === 'awaiting-judgement', run: () => actions.judge('pass') },
        { command: 'stepFail', label: 'failed', enabled: wired && mine?.status === 'awaiting-judgement', run: () => actions.judge('fail') },
        { command: 'stepRollback', label: 'rollback', enabled: wired && Boolean(item?.rollback), run: () => actions.rollback(ref) },
        { command: 'stepEscalate', label: 'escalate', enabled: wired, run: () => actions.escalate(ref) },
      ];
  const title = item ? `${item.id ?? '--'}  ${item.title}` : `item ${ref.id ?? `at line ${ref.line}`} is no longer in the issue`;
  const status = mine ? `step ${mine.status}${mine.exitCode !== null ? `, exit ${mine.exitCode}` : ''}${mine.message ? `: ${mine.message}` : ''}` : null;
  return (
    <DetailScreen
      title={title}
      rows={rows}
      width={width}
      height={height}
      active={active}
      controls={controls}
      disabledReason={!readOnly && !wired ? 'step controls are off: the step engine is not wired in this build' : null}
      status={status}
    />
  );
}
