import type { ActionItem } from '../issue/types.js';

/** Text that names PR `n`: `PR #47`, `PR 47`, `pulls/47`, `pull/47`, `#47` next to "merge"/"renovate". */
function mentions(text: string | null, n: number): boolean {
  if (!text) return false;
  const re = new RegExp(`(?:\\bPRs?\\s*#?\\s*${n}\\b|\\bpulls?/${n}\\b|#${n}\\b)`, 'i');
  return re.test(text);
}

/**
 * The maintenance issue's item for PR `n`: an unchecked item whose title names it (a "merge" item
 * wins over a "review" one), else one whose commands name it. Null when the runbook has none.
 */
export function findPrItem(items: readonly ActionItem[], n: number, { ticked = false }: { ticked?: boolean } = {}): ActionItem | null {
  // A rollback looks among the ticked items: the merge it undoes ticked one.
  const open = items.filter((i) => i.checked === ticked);
  const byTitle = open.filter((i) => mentions(i.title, n));
  const merge = byTitle.find((i) => /\bmerge\b/i.test(i.title));
  if (merge) return merge;
  if (byTitle[0]) return byTitle[0];
  return open.find((i) => mentions(i.commands, n) && /\bmerge\b/i.test(i.commands ?? '')) ?? null;
}
