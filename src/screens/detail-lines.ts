import type { ActionItem } from '../domain/issue/types.js';
import type { QueueEntry } from '../domain/renovate/types.js';
import type { MergedPr, QueueState } from '../store/queue-store.js';
import type { Row, Segment } from '../ui/rows.js';
import { severityLook, type Theme } from '../ui/theme.js';

function textRow(key: string, segments: Segment[]): Row {
  return { key, segments, filterText: '', selectable: false };
}

function section(rows: Row[], title: string, body: string | null, theme: Theme, color?: string) {
  rows.push(textRow(`h:${title}`, [{ text: title, bold: true, color: theme.accent }]));
  if (!body) {
    rows.push(textRow(`e:${title}`, [{ text: '  (not given)', dim: true }]));
  } else {
    body.split('\n').forEach((line, i) => rows.push(textRow(`${title}:${i}`, [{ text: `  ${line}`, color }])));
  }
  rows.push(textRow(`sp:${title}`, [{ text: '' }]));
}

/** The action detail screen's body: every field, commands as their exact text. */
export function itemDetailRows(item: ActionItem, theme: Theme): Row[] {
  const sev = severityLook(item.severity, theme);
  const rows: Row[] = [
    textRow('meta', [
      { text: item.checked ? theme.glyphs.checked : theme.glyphs.unchecked },
      { text: ` ${item.id ?? '--'} `, bold: true },
      { text: `${sev.glyph} ${sev.word}`, color: sev.color },
      { text: `  ${item.priority ?? ''}  layer ${item.layer ?? '-'}  group ${item.group ?? '-'}  line ${item.line}` },
    ]),
    textRow('sp', [{ text: '' }]),
  ];
  section(rows, 'Goal', item.goal, theme);
  section(rows, 'Commands', item.commands, theme, theme.accent);
  section(rows, 'Expected', item.expected, theme);
  section(rows, 'If fails', item.ifFails, theme);
  section(rows, 'Rollback', item.rollback, theme);
  if (item.notes.length) section(rows, 'Notes', item.notes.join('\n'), theme);
  return rows;
}

export function prDetailRows(pr: QueueEntry, theme: Theme): Row[] {
  const rows: Row[] = [
    textRow('title', [{ text: `#${pr.number} ${pr.title}`, bold: true }]),
    textRow('meta', [{ text: `category ${pr.category} (order ${pr.order})  risk ${pr.risk}  update ${pr.updateType}${pr.draft ? '  DRAFT' : ''}` }]),
    textRow('state', [
      {
        text: `mergeable ${pr.mergeable === null ? '?' : pr.mergeable ? 'yes' : 'NO'}  CI ${pr.ci}  head ${pr.headSha?.slice(0, 10) ?? '?'} (${pr.headBranch ?? '?'})`,
      },
    ]),
    textRow('sp', [{ text: '' }]),
  ];
  section(rows, 'Packages', pr.packages.map((p) => `${p.name}: ${p.from ?? '?'} -> ${p.to ?? '?'} (${p.updateType})`).join('\n') || null, theme);
  if (pr.excluded) section(rows, 'Not merged by the loop', pr.excluded, theme, theme.warn);
  if (pr.reasons.length) section(rows, 'Why this category and risk', pr.reasons.join('\n'), theme);
  section(rows, 'Affected Applications', pr.affectedApps.join(', ') || null, theme);
  const flags = [pr.containsDatabase ? 'touches a database: back up first' : '', pr.containsCore ? 'touches core infrastructure' : ''].filter(Boolean);
  if (flags.length) section(rows, 'Warnings', flags.join('\n'), theme, theme.warn);
  if (pr.htmlUrl) rows.push(textRow('url', [{ text: pr.htmlUrl, dim: true, link: pr.htmlUrl }]));
  return rows;
}

export function mergedPrDetailRows(pr: MergedPr, theme: Theme): Row[] {
  const rows: Row[] = [
    textRow('title', [{ text: `#${pr.number} ${pr.title}`, bold: true }]),
    textRow('state', [
      { text: `${theme.glyphs.ok} merged ${pr.mergedAt ?? '(time unknown)'}  merge commit ${pr.mergeSha?.slice(0, 10) ?? '?'}  from ${pr.headBranch ?? '?'}` },
    ]),
    textRow('sp', [{ text: '' }]),
  ];
  section(
    rows,
    'Rollback',
    [
      'b plans a revert: every file the PR changed goes back to its version before the merge, in one',
      'commit on the base branch (or a branch and a PR when the branch is protected). The dialog shows',
      'the exact files and API call; then the console waits for the affected Applications to sync',
      'back and runs the full gate. A revert does not undo data migrations a new version has run.',
    ].join('\n'),
    theme,
  );
  return rows;
}

/** The Dependency Dashboard's open items by section (read-only: Renovate owns that issue). */
export function dashboardRows(dashboard: NonNullable<QueueState['dashboard']>, theme: Theme): Row[] {
  const rows: Row[] = [
    textRow('title', [{ text: `#${dashboard.number} ${dashboard.title}`, bold: true }]),
    textRow('ro', [{ text: 'read-only: Renovate rewrites this issue on every run; the console never ticks, edits or closes it', dim: true }]),
    textRow('sp', [{ text: '' }]),
  ];
  const sections = [...new Set(dashboard.items.map((i) => i.section))];
  for (const name of sections) {
    const items = dashboard.items.filter((i) => i.section === name);
    section(
      rows,
      `${name || 'Items'} (${items.length})`,
      items.map((i) => `${i.checked ? theme.glyphs.checked : theme.glyphs.unchecked} ${i.text}`).join('\n'),
      theme,
    );
  }
  if (sections.length === 0) rows.push(textRow('none', [{ text: 'no open items', dim: true }]));
  return rows;
}
