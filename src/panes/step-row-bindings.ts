import type { ItemRef } from '../domain/console-engine.js';
import type { ActionItem } from '../domain/issue/types.js';
import { stepOffReasons, type StepActions } from '../screens/ActionDetailScreen.js';
import type { StepRun } from '../store/step-store.js';
import type { Binding } from '../ui/keys/bindings.js';

const NOTHING_SELECTED = 'nothing selected: move to an action item (j/k)';

/**
 * The step keys on the Action items pane's selected row: the same commands, reasons and actions as
 * the item's detail screen (start, pass, fail, defer, editor note, rollback, escalate), so acting on
 * an item needs no Enter first. Read-only and an escalation turn them off in the binding table.
 */
export function stepRowBindings(item: ActionItem | null, step: StepRun | null, wired: boolean, actions: StepActions): Binding[] {
  const off = stepOffReasons(item, step, wired);
  const reason = (r: string | null) => () => (wired && item === null ? NOTHING_SELECTED : r);
  const act = (fn: (ref: ItemRef, item: ActionItem) => void) => () => {
    if (item) fn({ id: item.id, line: item.line }, item);
  };
  return [
    { command: 'stepStart', disabledReason: reason(off.stepStart), run: act((r) => actions.start(r)) },
    { command: 'stepPass', disabledReason: reason(off.stepPass), run: act((r) => actions.judge('pass', r)) },
    { command: 'stepFail', disabledReason: reason(off.stepFail), run: act((r) => actions.judge('fail', r)) },
    { command: 'stepDefer', disabledReason: reason(off.stepDefer), run: act((r) => actions.defer(r)) },
    { command: 'stepNoteEditor', disabledReason: reason(off.stepNoteEditor), run: act((r, i) => actions.judgeInEditor(r, i)) },
    { command: 'stepRollback', disabledReason: reason(off.stepRollback), run: act((r) => actions.rollback(r)) },
    { command: 'stepEscalate', disabledReason: reason(off.stepEscalate), run: act((r) => actions.escalate(r)) },
  ];
}
