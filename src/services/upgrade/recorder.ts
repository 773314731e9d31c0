import { appendChangeLogRow, composeEdits, optionalEdit, setLastUpdated } from '../../domain/issue/index.js';
import type { IssueStore } from '../../store/issue-store.js';
import { writeBodyEdit, type IssueBodyApi } from '../gitea/body-writer.js';
import type { Journal } from '../journal/journal.js';
import type { ProtocolRecorder } from './protocol-context.js';

/**
 * Each protocol step as a Change Log row of the open maintenance issue (conflict-safe, so a human's
 * concurrent edit survives) and an event in the journal. Multi-line findings (breaking changes,
 * rollback plan, recovery procedure, CRD diff) go to the journal in full; the row carries one line.
 */
export function protocolRecorder(
  api: IssueBodyApi | null,
  issue: IssueStore | null,
  journal: Journal | null,
  { timeZone }: { timeZone?: string } = {},
): ProtocolRecorder {
  return {
    async record({ pr, step, result, lines }) {
      journal?.append({
        type: 'event',
        stepId: `upgrade-pr-${pr}`,
        at: new Date().toISOString(),
        event: 'upgrade-stage',
        detail: [`PR #${pr}: ${step} — ${result}`, ...(lines ?? [])].join('\n'),
      });
      const s = issue?.getState();
      if (!api || !s || s.number === null || !s.editMode) return;
      const stamp = { at: new Date(), timeZone };
      const row = result.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '/');
      const edit = composeEdits(step, [
        optionalEdit(appendChangeLogRow({ stamp, action: step, result: row.length > 400 ? `${row.slice(0, 397)}…` : row, item: `PR #${pr}` })),
        optionalEdit(setLastUpdated(stamp)),
      ]);
      await writeBodyEdit(api, s.number, edit, { mode: s.editMode });
    },
  };
}
