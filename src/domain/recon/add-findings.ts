import { appendChangeLogRow } from '../issue/edits/change-log-edit.js';
import { composeEdits, optionalEdit } from '../issue/edits/compose.js';
import { applied } from '../issue/edits/result.js';
import { analyseCached } from '../issue/parse.js';
import type { Stamp } from '../issue/timestamp.js';
import type { BodyEdit, EditResult } from '../issue/types.js';
import type { Finding } from './findings.js';
import { addProposalsEdit, proposeItems, type Proposal } from './propose.js';

export interface AddFindingsEdit extends BodyEdit {
  /** The proposals the last apply() wrote (their IDs are the body's next ones at that moment). */
  lastAdded(): Proposal[];
}

/**
 * Adds the chosen findings as items, proposed afresh against the body the edit is applied to: when a
 * person added an item meanwhile (even one taking the ID the picker showed), the conflict-safe writer
 * re-applies this edit to their body and the new items take the next free IDs — their edit is kept,
 * nothing is doubled. A finding an open item now covers is left out; with none left it changes nothing.
 */
export function addFindingsEdit(findings: readonly Finding[], date: string, stamp: Stamp, phase = 'Recon'): AddFindingsEdit {
  let last: Proposal[] = [];
  const toAdd = (body: string) => proposeItems(findings, analyseCached(body).document.items);
  return {
    description: `add ${findings.length} recon finding${findings.length === 1 ? '' : 's'} as items`,
    apply(body: string): EditResult {
      const proposals = toAdd(body);
      last = proposals;
      if (proposals.length === 0) return applied(body, body);
      const ids = proposals.map((p) => p.id).join(', ');
      return composeEdits(`add recon items ${ids}`, [
        addProposalsEdit(proposals, date),
        optionalEdit(
          appendChangeLogRow({
            stamp,
            action: `Recon: added ${ids}`,
            result: proposals.map((p) => `${p.id} ${p.finding.kind} ${p.finding.name}: ${p.finding.reason}`).join('; '),
            phase,
          }),
        ),
      ]).apply(body);
    },
    isApplied(body: string): boolean {
      return toAdd(body).length === 0;
    },
    lastAdded: () => last,
  };
}
