// The maintenance-issue model: parse a body, plan the work, and edit it by minimal splices.
export type * from './types.js';
export { parseIssue, analyseIssue } from './parse.js';
export { buildPlan, parseFocus, inFocus, isDeferred } from './plan.js';
export { severityOf, priorityFromToken } from './priority.js';
export { formatTimestamp, completionNoteText, deferredNoteText, rolledBackNoteText, isValidTimeZone, type Stamp } from './timestamp.js';
export { tickItem, untickItem, deferItem, type ItemRef, type TickOptions, type UntickOptions, type DeferOptions } from './edits/item-edits.js';
export { setOverallStatus, setLastUpdated } from './edits/field-edits.js';
export { appendChangeLogRow, type ChangeLogEntry } from './edits/change-log-edit.js';
export { fillClosure, type ClosureFill } from './edits/closure-edit.js';
export { composeEdits, optionalEdit } from './edits/compose.js';
export { stepCompletionEdit, stepOutcomeEdit, type StepCompletion, type StepOutcome, type StepOutcomeKind } from './edits/step-edit.js';
export { resolvedTitle, isResolvedTitle } from './edits/title.js';
