import { columnKind } from './edits/change-log-edit.js';
import type { ActionItem, IssueDocument } from './types.js';

const name = (i: ActionItem) => i.id ?? i.title;
const key = (i: ActionItem) => i.id ?? `${i.title}`;

/**
 * What changed between two readings of the body, in a line a person reads: items ticked,
 * unticked, added, removed, a state note, Change Log rows appended, Overall Status. "edited
 * (no item or Change Log change)" when only prose moved. Pure: the issue view's history.
 * With `authors`, appended rows say who they name (changeLogAuthors): for a change made elsewhere.
 */
export function describeBodyChange(before: IssueDocument, after: IssueDocument, o: { authors?: boolean } = {}): string {
  const parts: string[] = [];
  const old = new Map(before.items.map((i) => [key(i), i]));
  const now = new Map(after.items.map((i) => [key(i), i]));
  const ticked: string[] = [];
  const unticked: string[] = [];
  const noted: string[] = [];
  for (const [k, i] of now) {
    const was = old.get(k);
    if (!was) continue;
    if (!was.checked && i.checked) ticked.push(name(i));
    else if (was.checked && !i.checked) unticked.push(name(i));
    else if ((was.stateNote?.text ?? null) !== (i.stateNote?.text ?? null) && i.stateNote) noted.push(`${name(i)} ${i.stateNote.kind}`);
  }
  const added = [...now.keys()].filter((k) => !old.has(k)).map((k) => name(now.get(k)!));
  const removed = [...old.keys()].filter((k) => !now.has(k)).map((k) => name(old.get(k)!));
  if (ticked.length) parts.push(`ticked ${ticked.join(', ')}`);
  if (unticked.length) parts.push(`unticked ${unticked.join(', ')}`);
  if (noted.length) parts.push(`marked ${noted.join(', ')}`);
  if (added.length) parts.push(`added ${added.join(', ')}`);
  if (removed.length) parts.push(`removed ${removed.join(', ')}`);
  const rows = (after.changeLog?.rows.length ?? 0) - (before.changeLog?.rows.length ?? 0);
  const by = o.authors ? changeLogAuthors(before, after) : [];
  if (rows > 0) parts.push(`${rows} Change Log row${rows === 1 ? '' : 's'} appended${by.length ? ` by ${by.join(', ')}` : ''}`);
  else if (rows < 0) parts.push(`${-rows} Change Log row${rows === -1 ? '' : 's'} removed`);
  if (before.overallStatus !== after.overallStatus && after.overallStatus) parts.push(`Overall Status ${after.overallStatus}`);
  return parts.length ? parts.join('; ') : 'edited (no item or Change Log change)';
}

/**
 * Who the Change Log rows appended between two readings name in their user column (`User`, `By`,
 * `Who`), in order, each once. Gitea's API says who opened an issue, never who saved its body, so
 * for a change made elsewhere this is the record's own word on who acted; [] when the table has no
 * such column or the rows leave it empty.
 */
export function changeLogAuthors(before: IssueDocument, after: IssueDocument): string[] {
  const log = after.changeLog;
  if (!log) return [];
  const col = log.columns.findIndex((c) => columnKind(c) === 'user');
  if (col < 0) return [];
  const added = log.rows.slice(before.changeLog?.rows.length ?? 0);
  const names = added.map((r) => (r[col] ?? '').trim()).filter((n) => n !== '' && n !== '-');
  return [...new Set(names)];
}
