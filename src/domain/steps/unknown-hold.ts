/** What the journal, the issue and the console say of a step whose outcome nobody knows. */
export const UNKNOWN_OUTCOME = 'outcome unknown — verify';

/**
 * Why nothing may run now: a step a crash left with an unknown outcome that the operator has not
 * verified; null when none. The session's arbiter, the step engine and the key gate all ask this.
 */
export function holdReason(list: ReadonlyArray<{ title: string; at: string; acknowledged: boolean }>): string | null {
  const open = list.filter((u) => !u.acknowledged);
  if (open.length === 0) return null;
  const first = open[0]!;
  const more = open.length > 1 ? ` and ${open.length - 1} more` : '';
  return `${UNKNOWN_OUTCOME}: ${first.title} (started ${first.at})${more} — mark what you find (:verify) before anything else runs`;
}
