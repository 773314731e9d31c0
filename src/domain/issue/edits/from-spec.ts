import { escalationEdit } from '../../steps/escalation-edit.js';
import type { Stamp } from '../timestamp.js';
import type { BodyEdit } from '../types.js';
import { appendChangeLogRow } from './change-log-edit.js';
import { composeEdits, optionalEdit } from './compose.js';
import { setLastUpdated, setOverallStatus } from './field-edits.js';
import { deferItem, tickItem, untickItem } from './item-edits.js';
import type { EditSpec, StampSpec } from './spec.js';

const stamp = (s: StampSpec): Stamp => ({ at: new Date(s.at), ...(s.timeZone !== undefined ? { timeZone: s.timeZone } : {}) });

/** Rebuilds the edit a spec describes (from the journal, after a restart): the same edit the factory made. */
export function editFromSpec(spec: EditSpec): BodyEdit {
  switch (spec.op) {
    case 'tick':
      return tickItem(spec.ref, { ...(spec.stamp ? { stamp: stamp(spec.stamp) } : {}), ...(spec.outcome !== undefined ? { outcome: spec.outcome } : {}) });
    case 'untick':
      return untickItem(spec.ref, { ...(spec.stamp ? { stamp: stamp(spec.stamp) } : {}), ...(spec.reason !== undefined ? { reason: spec.reason } : {}) });
    case 'defer':
      return deferItem(spec.ref, { stamp: stamp(spec.stamp), ...(spec.reason !== undefined ? { reason: spec.reason } : {}) });
    case 'log':
      return appendChangeLogRow({ ...spec.entry, stamp: stamp(spec.entry.stamp) }, spec.seen);
    case 'status':
      return setOverallStatus(spec.status);
    case 'last-updated':
      return setLastUpdated(stamp(spec.stamp));
    case 'escalation':
      return escalationEdit(spec.key, spec.section);
    case 'compose':
      return composeEdits(spec.description, spec.edits.map(editFromSpec));
    case 'optional':
      return optionalEdit(editFromSpec(spec.edit));
  }
}
