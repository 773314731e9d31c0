import { randomUUID } from 'node:crypto';
import { bodyLines, type BodyLines, type InFlightSubject } from '../../domain/steps/in-flight.js';
import { errorLine, redactSecrets } from '../../domain/redact.js';
import { specOf, type EditSpec } from '../../domain/issue/edits/spec.js';
import type { BodyEdit } from '../../domain/issue/types.js';
import type { WriteObserver, WriteWatch } from '../gitea/body-writer.js';
import { outcomeEntry, type IntentEntry, type JournalEntry, type OutcomeEntry, type StepRecord } from './journal.js';

interface Appender {
  append(entry: JournalEntry): void;
}

const KIND: Record<InFlightSubject['what'], IntentEntry['kind']> = { 'body-write': 'body-write', merge: 'merge', closure: 'closure' };

/**
 * One write in flight, as the journal keeps it: the intent before anything is sent, a progress
 * event per step (a PATCH about to go out with the lines it adds, a merge made, one of the closure's
 * writes done), the outcome at the end. A kill -9 anywhere in between leaves an intent without an
 * outcome, which a restart shows as "outcome unknown — verify" with what was in flight.
 */
export class InFlight {
  readonly stepId = randomUUID();
  private ended = false;

  constructor(
    private readonly journal: Appender | null,
    readonly subject: InFlightSubject,
    title: string,
    commandText: string,
  ) {
    this.append({
      type: 'intent',
      stepId: this.stepId,
      at: new Date().toISOString(),
      issue: 'issue' in subject ? `#${subject.issue}` : null,
      itemId: null,
      itemLine: null,
      title,
      kind: KIND[subject.what],
      commandText,
      mode: 'WRITE',
      attempt: 1,
      inFlight: subject,
    });
  }

  private append(entry: JournalEntry): void {
    try {
      this.journal?.append(entry);
    } catch {
      // The journal is the record of last resort; a full disk must not fail the write it records.
    }
  }

  progress(detail: string, lines?: BodyLines, spec?: EditSpec | null): void {
    if (this.ended) return;
    this.append({
      type: 'event',
      stepId: this.stepId,
      at: new Date().toISOString(),
      event: 'progress',
      detail: redactSecrets(detail),
      ...(lines ? { lines } : {}),
      ...(spec ? { spec } : {}),
    });
  }

  finish(status: OutcomeEntry['status'], message: string): void {
    if (this.ended) return;
    this.ended = true;
    this.append(outcomeEntry(this.stepId, new Date().toISOString(), status, redactSecrets(message)));
  }
}

/** A body write followed into the journal: intent, each PATCH with the lines it changes, outcome. */
function watchWrite(journal: Appender, number: number, edit: BodyEdit, queuedId: string | undefined): WriteWatch {
  const description = edit.description;
  const spec = specOf(edit);
  const record = new InFlight(
    journal,
    { what: 'body-write', issue: number, edit: description, ...(spec ? { spec } : {}), ...(queuedId ? { queued: queuedId } : {}) },
    `Write to #${number}: ${description}`,
    `edit the body of #${number}: ${description}`,
  );
  let attempt = 0;
  return {
    sending(read, sent) {
      attempt++;
      // The spec again: applied now, it carries what it saw (a restart re-checks with that, not the intent's).
      record.progress(`sending the edit (PATCH ${attempt})`, bodyLines(read, sent), specOf(edit));
    },
    round(r) {
      if (r.what === 'patched' || r.what === 'unchanged') return;
      record.progress(`${r.what} (round ${r.attempt})${r.detail ? `: ${r.detail.split('\n')[0]}` : ''}`);
    },
    end(e) {
      if (!e.ok) record.finish('error', `not written: ${errorLine(e.error)}`);
      else if (e.result.outcome === 'conflict') record.finish('failed', `not written: ${e.result.conflict}`);
      // Kept in the offline queue: its replay is written (and journaled in flight) on its own.
      else if (e.result.outcome === 'queued') record.finish('deferred', `queued (${e.result.reason}): the queue writes it when Gitea answers`);
      else record.finish('passed', e.result.changed ? `landed: ${description}` : `already in the body: ${description}`);
    },
  };
}

/** Every body write through this client is journaled as in flight (observeWrites in the writer). */
export function journalWrites(journal: Appender): WriteObserver {
  return (number, edit, write) => watchWrite(journal, number, edit, write?.queuedId);
}

/** What a record of a write in flight says: its subject, the lines its last PATCH carried, the progress made. */
export interface InFlightFacts {
  subject: InFlightSubject;
  lines: BodyLines | null;
  /** The edit as data as its last PATCH carried it (null: never sent, or sent by a console that did not record it). */
  sentSpec: EditSpec | null;
  progress: string[];
}

export function inFlightFacts(r: StepRecord): InFlightFacts | null {
  const subject = r.intent.inFlight;
  if (!subject) return null;
  const progress = r.events.filter((e) => e.event === 'progress');
  const sent = progress.filter((e) => e.lines).at(-1)?.lines ?? null;
  const sentSpec = (progress.filter((e) => e.spec).at(-1)?.spec as EditSpec | undefined) ?? null;
  const latest = subject.what === 'body-write' && sentSpec ? { ...subject, spec: sentSpec } : subject;
  return { subject: latest, lines: sent, sentSpec, progress: progress.map((e) => e.detail) };
}
