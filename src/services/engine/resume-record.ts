import { appendChangeLogRow } from '../../domain/issue/edits/change-log-edit.js';
import { errorLine, redactSecrets } from '../../domain/redact.js';
import type { Stores } from '../../store/index.js';
import type { RunMode } from '../../store/session-store.js';
import { writeBodyEdit } from '../gitea/body-writer.js';
import type { GiteaClient } from '../gitea/client.js';
import type { Journal } from '../journal/journal.js';

export interface ResumeRecordPorts {
  stores: Stores;
  gitea: () => GiteaClient | null;
  journal: Journal | null;
  mode: RunMode;
  timeZone: string;
  now?: () => number;
  refresh(target: 'issue'): Promise<void>;
}

/**
 * Resuming after an escalation is recorded like the escalation was: a journal event and a Change
 * Log row in the maintenance issue (so a reader of the issue sees the stop lifted, not only its
 * start). The row is written after the stop is lifted; a failed write is kept in the journal and
 * said, never undoes the resume.
 */
export async function recordResume(p: ResumeRecordPorts, reason: string): Promise<string | null> {
  const at = new Date(p.now?.() ?? Date.now());
  const detail = redactSecrets(`resumed after the escalation (${reason})`);
  const append = (d: string) => {
    try {
      p.journal?.append({ type: 'event', stepId: null, at: at.toISOString(), event: 'resumed', detail: d });
    } catch {
      // The journal is the record of last resort; a full disk must not fail the resume.
    }
  };
  append(detail);
  const client = p.gitea();
  const number = p.stores.issue.getState().number;
  if (!client || number === null || p.mode !== 'WRITE') return null;
  const edit = appendChangeLogRow({
    stamp: { at, timeZone: p.timeZone },
    action: 'Resumed after the escalation',
    result: redactSecrets(`escalated: ${reason}; steps, merges and closure may run again, each with its own checks`),
    phase: 'Escalation',
  });
  try {
    const r = await writeBodyEdit(client, number, edit, { mode: p.stores.issue.getState().editMode ?? 'last-writer-wins' });
    if (r.outcome === 'conflict') {
      append(`Change Log row not written: ${r.conflict}`);
      return `the Change Log row was not written: ${r.conflict}`;
    }
    await p.refresh('issue');
    return null;
  } catch (err) {
    const why = redactSecrets(errorLine(err));
    append(`Change Log row not written: ${why}`);
    return `the Change Log row was not written: ${why}`;
  }
}
