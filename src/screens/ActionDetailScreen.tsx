import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import type { ActionItem } from '../domain/issue/types.js';
import { isNothingToDo } from '../domain/steps/plan-step.js';
import type { ItemRef } from '../store/engine.js';
import type { StepRun } from '../store/step-store.js';
import type { Command } from '../ui/keys/commands.js';
import { useEngine, useFreeze, useFrozen, useNow, useTheme } from '../ui/contexts.js';
import { DetailScreen, type DetailControl } from './DetailScreen.js';
import { itemDetailRows } from './detail-lines.js';

export interface StepActions {
  start(ref: ItemRef): void;
  judge(verdict: 'pass' | 'fail'): void;
  rollback(ref: ItemRef): void;
  escalate(ref: ItemRef): void;
}

/** Which step controls apply to `item` now (the detail screen and the hint bar both ask). */
export function stepControlsEnabled(item: ActionItem | null, step: StepRun | null, wired: boolean): Record<'stepStart' | 'stepPass' | 'stepFail' | 'stepRollback' | 'stepEscalate', boolean> {
  const mine = step && item && step.itemLine === item.line ? step : null;
  const judging = mine?.status === 'awaiting-judgement';
  // One step at a time: another item's step that still runs or waits for a verdict blocks a start.
  const busy = step !== null && (step.status === 'running' || step.status === 'awaiting-judgement');
  return {
    stepStart: wired && item !== null && !item.checked && !busy,
    stepPass: wired && judging,
    stepFail: wired && judging,
    // "N/A (read-only)", "None: a purge cannot be undone": no rollback step to offer.
    stepRollback: wired && Boolean(item?.rollback) && !isNothingToDo(item?.rollback ?? null),
    stepEscalate: wired && item !== null,
  };
}

export const STEP_COMMANDS: Command[] = ['stepStart', 'stepPass', 'stepFail', 'stepRollback', 'stepEscalate'];

export function findItem(items: readonly ActionItem[] | undefined, ref: ItemRef): ActionItem | null {
  return items?.find((i) => (ref.id ? i.id === ref.id : i.line === ref.line)) ?? null;
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
    useStore(engine.stores.issue, (s) => findItem(s.document?.items, ref)),
    frozen,
  );
  const step = useStore(engine.stores.step, (s) => s.current);
  const now = useNow();
  const rows = useMemo(() => (item ? itemDetailRows(item, theme) : []), [item, theme]);
  const wired = engine.capabilities.steps;
  const mine = step && item && step.itemLine === item.line ? step : null;
  const on = stepControlsEnabled(item, step, wired);
  const controls: DetailControl[] = readOnly
    ? []
    : [
        { command: 'stepStart', label: 'start step', enabled: on.stepStart, run: () => actions.start(ref) },
        { command: 'stepPass', label: 'passed', enabled: on.stepPass, run: () => actions.judge('pass') },
        { command: 'stepFail', label: 'failed', enabled: on.stepFail, run: () => actions.judge('fail') },
        { command: 'stepRollback', label: 'rollback', enabled: on.stepRollback, run: () => actions.rollback(ref) },
        { command: 'stepEscalate', label: 'escalate', enabled: on.stepEscalate, run: () => actions.escalate(ref) },
      ];
  const title = item ? `${item.id ?? '--'}  ${item.title}` : `item ${ref.id ?? `at line ${ref.line}`} is no longer in the issue`;
  const running = mine?.status === 'running' && mine.startedAt !== null ? ` for ${Math.max(0, Math.round((now - mine.startedAt) / 1000))} s (Ctrl-C cancels)` : '';
  const status = mine ? `step ${mine.status}${running}${mine.exitCode !== null ? `, exit ${mine.exitCode}` : ''}${mine.message ? `: ${mine.message}` : ''}` : null;
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
