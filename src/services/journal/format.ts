import { formatDuration } from '../../domain/steps/completion.js';
import { inFlightFacts } from './in-flight.js';
import { isUnknown, UNKNOWN_OUTCOME, type StepRecord } from './journal.js';

/** One line per step for `homelab-console journal`: when, item, status, what ran. */
export function formatRecord(r: StepRecord): string {
  const i = r.intent;
  const status = isUnknown(r)
    ? `${UNKNOWN_OUTCOME}${r.outcome ? ` (${r.outcome.status}${r.outcome.status === 'ran' ? ', no verdict' : ''})` : ''}`
    : r.outcome
      ? `${r.outcome.status}${r.outcome.exitCode !== null ? ` (exit ${r.outcome.exitCode}, ${formatDuration(r.outcome.durationMs)})` : ''}`
      : UNKNOWN_OUTCOME;
  const item = i.itemId ?? (i.itemLine !== null ? `line ${i.itemLine}` : '-');
  const what = i.commandText.split('\n')[0] ?? '';
  const judged = r.events.find((e) => e.event === 'judged');
  const updated = r.events.some((e) => e.event === 'body-updated');
  const extra = [judged ? `judged ${judged.detail}` : null, updated ? 'issue updated' : null].filter(Boolean).join(', ');
  const flight = inFlightLine(r);
  const where = [i.kubeContext ? `kube ${i.kubeContext}` : null, i.giteaHost ? `gitea ${i.giteaHost}` : null].filter(Boolean).join(', ');
  return `${i.at}  ${i.issue ?? ''} ${item}${where ? ` (${where})` : ''}  ${i.kind}${i.mode !== 'WRITE' ? ` [${i.mode}]` : ''}  ${status}${extra ? `  ${extra}` : ''}  — ${i.title}: ${what}${flight}`;
}

/** For a write left in flight: how far it got (the last progress) and whether a PATCH carried it. */
function inFlightLine(r: StepRecord): string {
  const f = inFlightFacts(r);
  if (!f || !isUnknown(r)) return '';
  const last = f.progress.at(-1);
  const sent =
    f.subject.what === 'body-write' ? (f.lines ? '; the edit was sent (the console checks the body when it starts)' : '; the edit was never sent') : '';
  return `\n    in flight: ${last ? `last progress: ${last}` : 'no progress recorded'}${sent}`;
}
