import type { RelatedProposal } from '../domain/closure/related.js';
import type { RelatedState } from '../store/related-store.js';
import type { Row } from '../ui/rows.js';
import { type Theme } from '../ui/theme.js';

export interface RelatedRowPayload {
  proposal: RelatedProposal;
}

const line = (key: string, segments: Row['segments']): Row<RelatedRowPayload> => ({ key, segments, filterText: '', selectable: false });
const ACTION = { close: 'close with a resolution note', 'close-unmerged': 'close unmerged', merge: 'merge (merge loop)' } as const;

/** Each related issue or PR: selected or not, what would be done, why, and what was done. */
export function relatedRows(s: RelatedState, theme: Theme): Row<RelatedRowPayload>[] {
  if (s.phase === 'idle' || (s.phase === 'loading' && s.proposals.length === 0)) return [line('wait', [{ text: 'reading open issues and PRs...', dim: true }])];
  if (s.phase === 'error') return [line('err', [{ text: `${theme.glyphs.fail} ${s.error ?? 'could not read them'}`, color: theme.fail }])];
  if (s.proposals.length === 0) return [line('none', [{ text: 'no open issue or PR is related to this maintenance', dim: true }])];
  const rows: Row<RelatedRowPayload>[] = [];
  for (const p of s.proposals) {
    const on = s.selected.includes(p.number);
    const done = s.done[p.number];
    rows.push({
      key: `r:${p.number}`,
      selectable: true,
      filterText: `${p.number} ${p.title}`,
      payload: { proposal: p },
      segments: [
        { text: `${on ? theme.glyphs.checked : theme.glyphs.unchecked} `, bold: on },
        { text: `${p.isPull ? 'PR' : 'Issue'} #${p.number}`, bold: true },
        { text: ` ${p.title}` },
        { text: `  ${theme.glyphs.arrow} ${ACTION[p.action]}`, color: theme.accent },
        ...(done ? [{ text: `  ${done.ok ? theme.glyphs.ok : theme.glyphs.fail} ${done.text}`, color: done.ok ? theme.ok : theme.fail, bold: true }] : []),
      ],
    });
    rows.push(line(`w:${p.number}`, [{ text: `      why: ${p.reasons.join('; ')}`, dim: true }]));
    if (p.hold) rows.push(line(`h:${p.number}`, [{ text: `      ${theme.glyphs.warn} held back: ${p.hold}`, color: theme.warn }]));
  }
  return rows;
}
