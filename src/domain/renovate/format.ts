import type { DashboardEntry } from './dashboard.js';
import type { PackageUpdate, QueueEntry } from './types.js';

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

function pkg(p: PackageUpdate): string {
  const change = p.from && p.to ? `${p.from}→${p.to}` : p.to ? `→${p.to}` : '';
  return `${p.name}${change ? ` ${change}` : ''} (${p.updateType})`;
}

function mergeableText(e: QueueEntry): string {
  if (e.draft) return 'draft';
  return e.mergeable === null ? '?' : e.mergeable ? 'yes' : 'NO';
}

/** The human `queue` table: one header row, one row per PR, detail lines under each. */
export function formatQueueTable(entries: readonly QueueEntry[], { maxPackages = 4 }: { maxPackages?: number } = {}): string {
  if (entries.length === 0) return 'no open pull requests\n';
  const head = ['#', 'PR', 'ORDER', 'CATEGORY', 'RISK', 'UPDATE', 'MERGEABLE', 'CI', 'AGE', 'TITLE'];
  const rows = entries.map((e, i) => [
    String(i + 1),
    `#${e.number}`,
    String(e.order),
    e.category,
    e.risk,
    e.updateType,
    mergeableText(e),
    e.ci,
    e.ageDays === null ? '-' : `${e.ageDays}d`,
    e.title,
  ]);
  const widths = head.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ');
  const out = [line(head)];
  const indent = ' '.repeat(widths[0]! + 2);
  entries.forEach((e, i) => {
    out.push(line(rows[i]!));
    if (e.packages.length) {
      const shown = e.packages.slice(0, maxPackages).map(pkg).join(', ');
      const more = e.packages.length > maxPackages ? `, … +${e.packages.length - maxPackages} more` : '';
      out.push(`${indent}packages: ${shown}${more}`);
    }
    const flags = [e.containsDatabase && 'contains database', e.containsCore && 'contains core'].filter(Boolean);
    if (flags.length) out.push(`${indent}flags: ${flags.join(', ')}`);
    if (e.reasons.length) out.push(`${indent}why: ${e.reasons.slice(0, 3).join('; ')}`);
    if (e.changedFiles !== null) out.push(`${indent}apps: ${e.affectedApps.length ? e.affectedApps.join(', ') : '(none matched)'}`);
    if (e.excluded) out.push(`${indent}not merged by the loop: ${e.excluded}`);
  });
  return out.join('\n') + '\n';
}

export function formatDashboard(d: { number: number; title: string; items: readonly DashboardEntry[] }): string {
  const lines = [`Dependency Dashboard #${d.number} (read-only): ${d.items.length} open item${d.items.length === 1 ? '' : 's'}`];
  for (const it of d.items) lines.push(`  [${it.section || '-'}] ${it.text}${it.pr ? ` (#${it.pr})` : ''}`);
  return lines.join('\n') + '\n';
}
