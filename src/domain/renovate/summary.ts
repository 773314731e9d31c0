import { parseRenovateTitle, titleSaysMajor } from './title.js';
import type { PackageUpdate, QueueEntry } from './types.js';
import { parseVersion } from './versions.js';

/**
 * What a queue row says a PR changes: `kube-prometheus-stack 81→82 major`, `7 packages: grafana,
 * kube-prometheus-stack +5 minor`. The packages are the classifier's (the body's update table, else
 * the title's dependency); a title the classifier could not read is shown as it is.
 */
export function updateSummary(entry: Pick<QueueEntry, 'title' | 'packages' | 'updateType'>): string {
  const kind = entry.updateType === 'unknown' ? '' : ` ${entry.updateType}`;
  const [only, ...rest] = entry.packages;
  if (only && rest.length === 0) return `${only.name}${change(only)}${kind}`;
  if (only) {
    const names = entry.packages.slice(0, 2).map((p) => p.name);
    const more = entry.packages.length - names.length;
    return `${entry.packages.length} packages: ${names.join(', ')}${more ? ` +${more}` : ''}${kind}`;
  }
  const t = parseRenovateTitle(entry.title);
  if (t?.nonMajorGroup) return `all non-major dependencies (contents unknown)${kind}`;
  if (t?.action === 'lock file maintenance') return `lock file maintenance${kind}`;
  if (t?.depName) return `${t.depName}${t.to ? ` →${bare(t.to)}` : ''}${kind}`;
  return entry.title;
}

/**
 * A merged PR's row, which has only its title: the dependency and target it names
 * (`postgres →18 major`), or the title as it is when it is not a Renovate title.
 */
export function titleSummary(title: string): string {
  const t = parseRenovateTitle(title);
  if (!t) return title;
  const major = titleSaysMajor(t);
  return updateSummary({ title, packages: [], updateType: t.tag ?? (major ? 'major' : 'unknown') });
}

/**
 * ` 81→82` for a major update, ` 81.3→81.4` for a minor one, the whole versions otherwise: the part
 * that moved, as the row has room for (the PR detail has the exact versions).
 */
function change(p: PackageUpdate): string {
  if (!p.to) return '';
  if (!p.from) return ` →${bare(p.to)}`;
  const depth = p.updateType === 'major' ? 1 : p.updateType === 'minor' ? 2 : 0;
  const a = parseVersion(p.from);
  const b = parseVersion(p.to);
  if (depth && a && b && a.parts.length >= depth && b.parts.length >= depth && a.rest === b.rest) {
    return ` ${a.parts.slice(0, depth).join('.')}→${b.parts.slice(0, depth).join('.')}`;
  }
  return ` ${p.from}→${p.to}`;
}

/** `v83` → `83`: the title's `to vN` spelled as the versions are. */
const bare = (v: string) => v.replace(/^v(?=\d)/i, '');
