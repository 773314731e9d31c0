import { titleSummary, updateSummary } from '../domain/renovate/summary.js';
import type { QueueEntry } from '../domain/renovate/types.js';
import type { MergedPr, QueueState } from '../store/queue-store.js';
import type { Row } from '../ui/rows.js';
import { type Theme } from '../ui/theme.js';

/** What a row of the Renovate pane stands for. */
export type QueueRowPayload = { kind: 'open'; pr: QueueEntry } | { kind: 'merged'; pr: MergedPr } | { kind: 'dashboard' };

function ciLook(ci: QueueEntry['ci'], theme: Theme): { text: string; color: string | undefined } {
  switch (ci) {
    case 'success':
      return { text: `${theme.glyphs.ok} pass`, color: theme.ok };
    case 'pending':
      return { text: `${theme.glyphs.warn} wait`, color: theme.warn };
    case 'failure':
    case 'error':
      return { text: `${theme.glyphs.fail} FAIL`, color: theme.fail };
    default:
      return { text: `${theme.glyphs.unknown} none`, color: theme.muted };
  }
}

function riskColor(risk: QueueEntry['risk'], theme: Theme): string | undefined {
  return { LOW: theme.ok, MEDIUM: theme.warn, HIGH: theme.fail, CRITICAL: theme.danger }[risk];
}

const heading = (key: string, text: string, theme: Theme): Row<QueueRowPayload> => ({
  key,
  selectable: false,
  filterText: '',
  segments: [{ text, bold: true, color: theme.accent }],
});

/** `2026-11-26T06:00:00Z` → `11-26 06:00`. */
function when(iso: string | null): string {
  const m = iso ? /^\d{4}-(\d\d-\d\d)T(\d\d:\d\d)/.exec(iso) : null;
  return m ? `${m[1]} ${m[2]}` : '?';
}

export function queueRows(
  prs: QueueEntry[],
  theme: Theme,
  activePr: number | null,
  merged: MergedPr[] = [],
  dashboard: QueueState['dashboard'] = null,
  /** A side pane: risk, CI and mergeable before the category and update type, which get cut. */
  narrow = false,
): Row<QueueRowPayload>[] {
  const rows: Row<QueueRowPayload>[] = prs.map((pr, i) => {
    const ci = ciLook(pr.ci, theme);
    const mergeable = pr.mergeable === null ? '?' : pr.mergeable ? 'yes' : 'NO';
    // What the PR changes (`kube-prometheus-stack 81→82 major`), not its title's `chore(deps): update …`.
    const what = updateSummary(pr);
    const base = {
      key: `pr:${pr.number}`,
      selectable: true,
      payload: { kind: 'open' as const, pr },
      filterText: `#${pr.number} ${pr.category} ${pr.risk} ${pr.updateType} ${what} ${pr.title}`,
    };
    if (narrow) {
      return {
        ...base,
        segments: [
          { text: activePr === pr.number ? theme.glyphs.next : `${i + 1}`, color: theme.accent, bold: activePr === pr.number },
          { text: ` #${pr.number}`.padEnd(5), bold: true },
          { text: ` ${pr.risk.padEnd(8)}`, color: riskColor(pr.risk, theme) },
          { text: ' CI ' },
          { text: ci.text, color: ci.color },
          { text: pr.mergeable === false ? ' NOT mergeable' : '', color: theme.fail },
          { text: `${pr.draft ? ' draft' : ''} ${what}` },
          { text: ` ${pr.category}`, dim: true },
        ],
      };
    }
    return {
      ...base,
      segments: [
        { text: activePr === pr.number ? theme.glyphs.next : `${i + 1}`.padStart(1), color: theme.accent, bold: activePr === pr.number },
        { text: ` #${pr.number}`.padEnd(5), bold: true },
        { text: ` ${pr.category.padEnd(10)}` },
        { text: ` ${pr.risk.padEnd(8)}`, color: riskColor(pr.risk, theme) },
        { text: ` merge:${mergeable.padEnd(3)}`, color: pr.mergeable === false ? theme.fail : undefined },
        { text: ` CI ` },
        { text: ci.text, color: ci.color },
        { text: `${pr.draft ? ' draft' : ''}  ${what}` },
      ],
    };
  });
  if (merged.length) {
    rows.push(heading('h:merged', 'Merged recently (Enter opens, b rolls back)', theme));
    for (const pr of merged) {
      rows.push({
        key: `merged:${pr.number}`,
        selectable: true,
        payload: { kind: 'merged', pr },
        filterText: `#${pr.number} merged ${titleSummary(pr.title)} ${pr.title}`,
        segments: [
          {
            text: activePr === pr.number ? theme.glyphs.next : theme.glyphs.ok,
            color: activePr === pr.number ? theme.accent : theme.ok,
            bold: activePr === pr.number,
          },
          { text: ` #${pr.number}`.padEnd(5), bold: true },
          { text: ` merged ${when(pr.mergedAt)} ${(pr.mergeSha ?? '').slice(0, 7)}` },
          { text: `  ${titleSummary(pr.title)}` },
        ],
      });
    }
  }
  if (dashboard) {
    const n = dashboard.items.length;
    rows.push({
      key: 'dashboard',
      selectable: true,
      payload: { kind: 'dashboard' },
      filterText: `dependency dashboard ${dashboard.items.map((i) => i.text).join(' ')}`,
      segments: [
        { text: theme.glyphs.bullet, color: theme.muted },
        { text: ` ${dashboard.title} #${dashboard.number}`, bold: true },
        { text: `  ${n} open item${n === 1 ? '' : 's'} (Enter shows them; read-only)`, dim: true },
      ],
    });
  }
  return rows;
}
