import type { ActionItem } from '../domain/issue/types.js';
import type { QueueEntry } from '../domain/renovate/types.js';
import type { CopyTarget } from './clipboard.js';

/** What the copy key copies from a row, or why there is nothing (its disabledReason). */
export type CopyChoice = { target: CopyTarget; reason?: undefined } | { target?: undefined; reason: string };

type QueueRow = { kind: 'open'; pr: Pick<QueueEntry, 'number' | 'htmlUrl'> } | { kind: 'merged'; pr: { number: number } } | { kind: 'dashboard' };

/** The Renovate queue: an open PR's URL (what Gitea calls its html_url). */
export function queueCopy(row: QueueRow | null): CopyChoice {
  if (row === null) return { reason: 'nothing selected: select a PR to copy its URL' };
  if (row.kind === 'dashboard') return { reason: 'the Dependency Dashboard row has no URL to copy: select a PR' };
  if (row.kind === 'merged') return { reason: `PR #${row.pr.number} is merged: its URL is not kept, nothing to copy` };
  if (!row.pr.htmlUrl) return { reason: `PR #${row.pr.number} has no URL (Gitea sent none): nothing to copy` };
  return { target: { text: row.pr.htmlUrl, what: `PR #${row.pr.number}'s URL` } };
}

/** The action items: the selected item's commands, exactly as the step would run them. */
export function itemCopy(item: Pick<ActionItem, 'id' | 'line' | 'commands'> | null): CopyChoice {
  const name = item ? (item.id ?? `line ${item.line}`) : '';
  if (item === null) return { reason: 'nothing selected: select an action item to copy its commands' };
  if (!item.commands?.trim()) return { reason: `${name} has no commands: nothing to copy` };
  return { target: { text: item.commands, what: `${name}'s commands` } };
}
