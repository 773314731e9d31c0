import type { Stamp } from '../timestamp.js';
import type { BodyEdit, OverallStatus } from '../types.js';
import { appendChangeLogRow } from './change-log-edit.js';
import { composeEdits, optionalEdit } from './compose.js';
import { setLastUpdated, setOverallStatus } from './field-edits.js';
import { tickItem, type ItemRef } from './item-edits.js';

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
