import React, { useMemo } from 'react';
import { useStore } from 'zustand';
import type { ActionItem } from '../domain/issue/types.js';
import { isNothingToDo } from '../domain/steps/plan-step.js';
import type { ItemRef } from '../domain/console-engine.js';
import type { StepRun } from '../store/step-store.js';
import { useEngine, useFreeze, useFrozen, useNow, useTheme } from '../ui/contexts.js';
import { DetailScreen, type DetailControl } from './DetailScreen.js';
import { itemDetailRows } from './detail-lines.js';

/** What the step keys do; a verdict, a defer and an escalation first ask for their note. */
export interface StepActions {
  start(ref: ItemRef): void;
  judge(verdict: 'pass' | 'fail', ref: ItemRef): void;
  defer(ref: ItemRef): void;
  /** The verdict and a longer note from the operator's editor (`E`). */
  judgeInEditor(ref: ItemRef, item: ActionItem): void;
  rollback(ref: ItemRef): void;
  escalate(ref: ItemRef): void;
}

export type StepCommand = 'stepStart' | 'stepPass' | 'stepFail' | 'stepDefer' | 'stepNoteEditor' | 'stepRollback' | 'stepEscalate';

const NOT_WIRED = 'the step engine is not wired in this build';

/** Why each step control is off for `item` now (null: it can act); the controls' disabledReason. */
export function stepOffReasons(item: ActionItem | null, step: StepRun | null, wired: boolean): Record<StepCommand, string | null> {
  if (!wired)
    return {
      stepStart: NOT_WIRED,
      stepPass: NOT_WIRED,
      stepFail: NOT_WIRED,
      stepDefer: NOT_WIRED,
      stepNoteEditor: NOT_WIRED,
      stepRollback: NOT_WIRED,
      stepEscalate: NOT_WIRED,
    };
  const gone = item === null ? 'nothing selected: the item is no longer in the issue' : null;
  const name = item ? (item.id ?? `the item at line ${item.line}`) : '';
  const mine = step && item && step.itemLine === item.line ? step : null;
  const judging = mine?.status === 'awaiting-judgement';
  // One step at a time: another item's step that still runs or waits for a verdict blocks a start.
  const busy =
    step === null
      ? null
      : step.status === 'running'
        ? `a step is running: ${step.itemId ?? step.title}`
        : step.status === 'awaiting-judgement'
          ? `${step.itemId ?? step.title} waits for your verdict (p passed, f failed)`
          : null;
  const verdict = judging
    ? null
    : `nothing to judge: ${mine?.status === 'running' ? 'the step is still running' : `no step of ${name || 'this item'} waits for a verdict`}`;
  const done = item?.checked ? `${name} is already done (ticked)` : null;
  return {
    stepStart: gone ?? done ?? busy,
    stepPass: gone ?? verdict,
    stepFail: gone ?? verdict,
    stepNoteEditor: gone ?? verdict,
    // Its own step awaiting a verdict is judged deferred; otherwise the item is deferred unrun.
    stepDefer: gone ?? done ?? (judging ? null : mine?.status === 'running' ? 'the step is still running (Ctrl-C cancels)' : busy),
    // "N/A (read-only)", "None: a purge cannot be undone": no rollback step to offer.
    stepRollback:
      gone ?? (!item?.rollback || isNothingToDo(item.rollback) ? `${name} has no rollback step (Rollback: ${item?.rollback ?? 'none given'})` : null),
    stepEscalate: gone,
  };
}

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
  const off = useMemo(() => stepOffReasons(item, step, wired), [item, step, wired]);
  const controls = useMemo<DetailControl[]>(
    () => [
      { command: 'stepStart', label: 'start step', disabledReason: () => off.stepStart, run: () => actions.start(ref) },
      { command: 'stepPass', label: 'passed', disabledReason: () => off.stepPass, run: () => actions.judge('pass', ref) },
      { command: 'stepFail', label: 'failed', disabledReason: () => off.stepFail, run: () => actions.judge('fail', ref) },
      { command: 'stepDefer', label: 'defer', disabledReason: () => off.stepDefer, run: () => actions.defer(ref) },
      {
        command: 'stepNoteEditor',
        label: 'editor note',
        hideWhenOff: true,
        disabledReason: () => off.stepNoteEditor,
        run: () => item && actions.judgeInEditor(ref, item),
      },
      { command: 'stepRollback', label: 'rollback', disabledReason: () => off.stepRollback, run: () => actions.rollback(ref) },
      { command: 'stepEscalate', label: 'escalate', disabledReason: () => off.stepEscalate, run: () => actions.escalate(ref) },
    ],
    [off, actions, ref, item],
  );
  const title = item ? `${item.id ?? '--'}  ${item.title}` : `item ${ref.id ?? `at line ${ref.line}`} is no longer in the issue`;
  const running =
    mine?.status === 'running' && mine.startedAt !== null ? ` for ${Math.max(0, Math.round((now - mine.startedAt) / 1000))} s (Ctrl-C cancels)` : '';
  const status = mine
    ? `step ${mine.status}${running}${mine.exitCode !== null ? `, exit ${mine.exitCode}` : ''}${mine.message ? `: ${mine.message}` : ''}`
    : null;
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
      busy={mine?.status === 'running'}
    />
  );
}
