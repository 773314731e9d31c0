import type { QueueEntry } from '../domain/renovate/types.js';
import type { Row } from '../ui/rows.js';
import { GLYPH, type Theme } from '../ui/theme.js';

function ciLook(ci: QueueEntry['ci'], theme: Theme): { text: string; color: string | undefined } {
  switch (ci) {
    case 'success':
      return { text: `${GLYPH.ok} pass`, color: theme.ok };
    case 'pending':
      return { text: `${GLYPH.warn} wait`, color: theme.warn };
    case 'failure':
    case 'error':
      return { text: `${GLYPH.fail} FAIL`, color: theme.fail };
    default:
      return { text: `${GLYPH.unknown} none`, color: theme.muted };
  }
}

function riskColor(risk: QueueEntry['risk'], theme: Theme): string | undefined {
  return { LOW: theme.ok, MEDIUM: theme.warn, HIGH: theme.fail, CRITICAL: theme.danger }[risk];
}

export function queueRows(prs: QueueEntry[], theme: Theme, activePr: number | null): Row<QueueEntry>[] {
  return prs.map((pr, i) => {
    const ci = ciLook(pr.ci, theme);
    const mergeable = pr.mergeable === null ? '?' : pr.mergeable ? 'yes' : 'NO';
    return {
      key: `pr:${pr.number}`,
      selectable: true,
      payload: pr,
      filterText: `#${pr.number} ${pr.category} ${pr.risk} ${pr.updateType} ${pr.title}`,
      segments: [
        { text: activePr === pr.number ? GLYPH.next : `${i + 1}`.padStart(1), color: theme.accent, bold: activePr === pr.number },
        { text: ` #${pr.number}`.padEnd(5), bold: true },
        { text: ` ${pr.category.padEnd(10)}` },
        { text: ` ${pr.risk.padEnd(8)}`, color: riskColor(pr.risk, theme) },
        { text: ` ${pr.updateType.padEnd(6)}` },
        { text: ` merge:${mergeable.padEnd(3)}`, color: pr.mergeable === false ? theme.fail : undefined },
        { text: ` CI ` },
        { text: ci.text, color: ci.color },
        { text: `${pr.draft ? ' draft' : ''}  ${pr.title}`, dim: true },
      ],
    };
  });
}
