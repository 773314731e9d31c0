import type { Stamp } from '../timestamp.js';
import type { BodyEdit, OverallStatus } from '../types.js';
import { appendChangeLogRow } from './change-log-edit.js';
import { composeEdits, optionalEdit } from './compose.js';
import { setLastUpdated, setOverallStatus } from './field-edits.js';
import { deferItem, tickItem, untickItem, type ItemRef } from './item-edits.js';

export interface StepCompletion {
  item: ItemRef;
  stamp: Stamp;
  /** What came of it: goes into the completion note (and the log row's Result unless `result` is given). */
  outcome?: string;
  /** A shorter Result cell for the Change Log row. */
  result?: string;
  /** New Overall Status, when the step changed it. */
  status?: OverallStatus;
  /** A Change Log row's Action text; no row when absent. */
  log?: string;
  user?: string;
}

/**
 * What finishing one step writes, as one edit: tick the item with its completion note, bump Last
 * Updated, append a Change Log row, set Overall Status. The item must be there; the other targets are
 * skipped when a body lacks them.
 */
export function stepCompletionEdit(step: StepCompletion): BodyEdit {
  const edits: BodyEdit[] = [tickItem(step.item, { stamp: step.stamp, outcome: step.outcome })];
  if (step.log !== undefined) {
    edits.push(
      optionalEdit(
        appendChangeLogRow({
          stamp: step.stamp,
          action: step.log,
          result: step.result ?? step.outcome,
          item: step.item.id ?? undefined,
          status: step.status,
          user: step.user,
        }),
      ),
    );
  }
  if (step.status) edits.push(optionalEdit(setOverallStatus(step.status)));
  edits.push(optionalEdit(setLastUpdated(step.stamp)));
  const label = step.item.id ?? step.item.title ?? 'item';
  return composeEdits(`complete ${label}${step.outcome ? ` (${step.outcome})` : ''}`, edits);
}

/** How a step (or a decision about an item) ended, as the body records it. */
export type StepOutcomeKind = 'done' | 'failed' | 'cancelled' | 'deferred' | 'rolled-back' | 'interrupted' | 'logged';

export interface StepOutcome {
  kind: StepOutcomeKind;
  /** The item it concerns; null for a row about something else (a PR no item names, the safe state). */
  item: ItemRef | null;
  stamp: Stamp;
  /** The item line's note: the outcome of `done`, the reason of `deferred` and `rolled-back`. */
  note?: string;
  /** The Change Log row's Action. */
  action: string;
  /** The row's Result. */
  result: string;
  /** The row's Item cell; the item's ID by default. */
  itemLabel?: string;
  /** `Execute`, `Rollback`, `Merge` … (the Phase column, when the table has one). */
  phase?: string;
  /** Overall Status after it: the last gate's grade. */
  status?: OverallStatus;
  user?: string;
}

/**
 * Every outcome written once, in the body's own style, as one edit: the item's line (ticked with a
 * completion note; unticked with a rolled-back note; left open with a deferred note; untouched for
 * failed, cancelled, interrupted and logged — the row tells those), a Change Log row, Overall Status from
 * the last gate, Last Updated. Only the item must be there; the other targets are optional.
 */
export function stepOutcomeEdit(o: StepOutcome): BodyEdit {
  const edits: BodyEdit[] = [];
  if (o.item) {
    if (o.kind === 'done') edits.push(tickItem(o.item, { stamp: o.stamp, outcome: o.note }));
    else if (o.kind === 'rolled-back') edits.push(untickItem(o.item, { stamp: o.stamp, reason: o.note }));
    else if (o.kind === 'deferred') edits.push(deferItem(o.item, { stamp: o.stamp, reason: o.note }));
  }
  edits.push(
    optionalEdit(
      appendChangeLogRow({
        stamp: o.stamp,
        action: o.action,
        result: o.result,
        item: o.itemLabel ?? o.item?.id ?? undefined,
        status: o.status,
        phase: o.phase,
        user: o.user,
      }),
    ),
  );
  if (o.status) edits.push(optionalEdit(setOverallStatus(o.status)));
  edits.push(optionalEdit(setLastUpdated(o.stamp)));
  const label = o.itemLabel ?? o.item?.id ?? o.item?.title ?? 'maintenance';
  return composeEdits(`${o.kind} ${label}: ${o.result}`, edits);
}
