import { parseCommandArgs } from '../args.js';
import type { CommandModule } from '../command.js';
import { UsageError, UserError } from '../errors.js';
import { analyseMaintenanceBody, fileBodySource, type BodySource, type IssueBody } from '../issue-body.js';
import { LIVE_OPTIONS, LIVE_USAGE, normaliseIssueFlag, runLiveEdit } from '../gitea-live.js';
import { appendChangeLogRow } from '../../domain/issue/edits/change-log-edit.js';
import { composeEdits, optionalEdit } from '../../domain/issue/edits/compose.js';
import { setLastUpdated, setOverallStatus } from '../../domain/issue/edits/field-edits.js';
import { untickItem } from '../../domain/issue/edits/item-edits.js';
import { stepCompletionEdit, stepOutcomeEdit } from '../../domain/issue/edits/step-edit.js';
import type { Analysis } from '../../domain/issue/parse.js';
import { isValidTimeZone, type Stamp } from '../../domain/issue/timestamp.js';
import type { ActionItem, BodyEdit, OverallStatus } from '../../domain/issue/types.js';
import { writeData } from '../output.js';
import { openContext } from '../context.js';

const USAGE = `usage: homelab-console edit --issue-file FILE --tick ID [--note TEXT] [--status GREEN|YELLOW|RED] [--log TEXT]
       homelab-console edit --issue-file FILE [--untick ID [--note REASON]] [--status …] [--log TEXT]
       homelab-console edit --issue-file FILE --defer ID --note REASON [--status …]
       homelab-console edit --issue [N] [--repo OWNER/NAME] --tick ID [--note …] [--status …] [--log …]

Edits a maintenance issue body and prints the result on stdout; every byte the edit does not
touch stays as it was (line endings, trailing spaces, a missing final newline).

  --issue-file FILE  the issue body (markdown)
  --tick ID          tick the item and append *(completed YYYY-MM-DD HH:MM TZ — NOTE)* to its line
  --untick ID        untick the item and remove its completion note; with --note, mark it
                     *(rolled back YYYY-MM-DD HH:MM TZ — REASON)* and log a Rollback row
  --defer ID         leave the item open, marked *(deferred YYYY-MM-DD — REASON)*, and log a row
                     (closure accepts deferred items); needs --note
  --note TEXT        the outcome for the completion note (and the log row's Result), or the reason
  --status S         set Overall Status (GREEN, YELLOW or RED) in the body's own notation
  --log TEXT         append a Change Log row with TEXT as its Action
  --at ISO-TIME      the time to record (default: now)
  --tz ZONE          the IANA time zone to write times in (default: TZ, else the system zone)

Any edit also sets Last Updated when the body has one.

With --issue the edit goes to the live issue instead (see docs/gitea.md): re-applied on the
server's freshest body, guarded by content_version on Gitea ≥ 1.26. Exit 0 when the edit is in
and verified, 4 when a conflict stopped it (nothing overwritten), 2 for bad arguments, 1 otherwise.

${LIVE_USAGE}`;

const OPTIONS = {
  'issue-file': { type: 'string' },
  tick: { type: 'string' },
  untick: { type: 'string' },
  defer: { type: 'string' },
  note: { type: 'string' },
  status: { type: 'string' },
  log: { type: 'string' },
  at: { type: 'string' },
  tz: { type: 'string' },
  ...LIVE_OPTIONS,
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

/** What the operator asked for, checked. */
interface EditRequest {
  tick: string | null;
  untick: string | null;
  defer: string | null;
  note: string | null;
  status: OverallStatus | null;
  log: string | null;
  stamp: Stamp;
}

function request(values: Values): EditRequest {
  const tick = values.tick ?? null;
  const untick = values.untick ?? null;
  const defer = values.defer ?? null;
  if ([tick, untick, defer].filter((x) => x !== null).length > 1) throw new UsageError('edit: give one of --tick, --untick or --defer');
  if (tick === null && untick === null && defer === null && values.status === undefined && values.log === undefined) {
    throw new UsageError('edit: nothing to do; give --tick ID, --untick ID, --defer ID, --status or --log');
  }
  if (values.note !== undefined && tick === null && untick === null && defer === null)
    throw new UsageError('edit: --note goes with --tick, --untick or --defer');
  if (defer !== null && !values.note?.trim()) throw new UsageError('edit: --defer needs --note REASON (why it is deferred)');
  let status: OverallStatus | null = null;
  if (values.status !== undefined) {
    const s = values.status.trim().toUpperCase();
    if (s !== 'GREEN' && s !== 'YELLOW' && s !== 'RED') throw new UsageError(`edit: --status takes GREEN, YELLOW or RED, got '${values.status}'`);
    status = s;
  }
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) throw new UsageError(`edit: --at takes an ISO time like 2026-11-26T14:30:00Z, got '${values.at}'`);
  const timeZone = values.tz ?? (process.env.TZ || Intl.DateTimeFormat().resolvedOptions().timeZone);
  if (!isValidTimeZone(timeZone)) throw new UsageError(`edit: unknown time zone '${timeZone}'`);
  return { tick, untick, defer, note: values.note ?? null, status, log: values.log ?? null, stamp: { at, timeZone } };
}

/** Where the body comes from; live mode (`--issue N`) plugs in here. */
function bodySource(values: Values): BodySource {
  const file = values['issue-file'];
  if (!file) throw new UsageError('edit: --issue-file FILE is required');
  return fileBodySource('edit', file);
}

function findItem(a: Analysis, id: string, source: IssueBody): ActionItem {
  const items = a.document.items;
  const exact = items.filter((i) => i.id === id);
  const matches = exact.length > 0 ? exact : items.filter((i) => i.id !== null && i.id.toLowerCase() === id.toLowerCase());
  if (matches.length === 0) {
    const known = items.map((i) => i.id).filter((x): x is string => x !== null);
    const list = known.length > 0 ? ` (IDs: ${known.slice(0, 30).join(', ')}${known.length > 30 ? ', …' : ''})` : ' (its items have no IDs)';
    throw new UserError(`edit: no action item with ID '${id}' in ${source.label}${list}`, 2);
  }
  if (matches.length > 1) {
    throw new UserError(`edit: ${matches.length} action items have ID '${id}' (lines ${matches.map((m) => m.line).join(', ')}); edit the body by hand`, 2);
  }
  return matches[0] as ActionItem;
}

/** The edit the request means for this body (pure once the body is read). */
export function buildEdit(a: Analysis, req: EditRequest, source: IssueBody): BodyEdit {
  const d = a.document;
  if (req.status && d.overallStatus === null) throw new UserError(`edit: ${source.label} has no Overall Status field to set`, 2);
  if (req.log !== null && d.changeLog === null) throw new UserError(`edit: ${source.label} has no Change Log table to append to`, 2);
  if (req.tick !== null) {
    const item = findItem(a, req.tick, source);
    return stepCompletionEdit({
      item,
      stamp: req.stamp,
      outcome: req.note ?? undefined,
      status: req.status ?? undefined,
      log: req.log ?? undefined,
    });
  }
  const reasoned = req.defer ?? (req.untick !== null && req.note !== null ? req.untick : null);
  if (reasoned !== null) {
    // A decision with a reason: the item's note, a Change Log row, Overall Status, Last Updated.
    const item = findItem(a, reasoned, source);
    const deferring = req.defer !== null;
    const reason = (req.note ?? '').trim();
    return stepOutcomeEdit({
      kind: deferring ? 'deferred' : 'rolled-back',
      item,
      stamp: req.stamp,
      note: reason,
      action: req.log ?? `${deferring ? 'Defer' : 'Rollback'} ${item.id ?? ''}: ${item.title}`,
      result: `${deferring ? 'deferred' : 'rolled back'} — ${reason}`,
      phase: deferring ? 'Decision' : 'Rollback',
      status: req.status ?? undefined,
    });
  }
  const edits: BodyEdit[] = [];
  if (req.untick !== null) edits.push(untickItem(findItem(a, req.untick, source)));
  if (req.log !== null) edits.push(appendChangeLogRow({ stamp: req.stamp, action: req.log, item: req.untick ?? undefined, status: req.status ?? undefined }));
  if (req.status) edits.push(setOverallStatus(req.status));
  edits.push(optionalEdit(setLastUpdated(req.stamp)));
  return composeEdits('edit', edits);
}

const command: CommandModule = {
  summary: 'tick an item, set status, log a change: prints the edited body (file mode: --issue-file)',
  usage: USAGE,
  async run(argv) {
    const { values } = parseCommandArgs('edit', normaliseIssueFlag(argv), OPTIONS);
    const req = request(values);
    const ctx = openContext('edit', values);
    if (values.issue !== undefined) {
      if (values['issue-file']) throw new UsageError('edit: give --issue-file or --issue, not both');
      return runLiveEdit(ctx, { ...values, issue: values.issue }, (a, source) => buildEdit(a, req, source));
    }
    const source = await bodySource(values).load();
    const analysis = analyseMaintenanceBody('edit', source);
    const result = buildEdit(analysis, req, source).apply(source.body);
    if (!result.ok) throw new UserError(`edit: ${result.conflict}`, 2);
    // The body goes out exactly as edited: it is the issue's own text, and redacting it would corrupt it.
    writeData(result.body);
    return 0;
  },
};
export default command;
