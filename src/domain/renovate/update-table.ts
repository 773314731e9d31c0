import type { PackageUpdate } from './types.js';
import { compareVersions, updateTypeFromColumn } from './versions.js';

export const RENOVATE_BODY_HEADER = 'This PR contains the following updates:';
export const RENOVATE_DEBUG_MARKER = '<!--renovate-debug:';

/** One row of the body's update table before the update type is settled. */
export interface TableRow extends PackageUpdate {
  /** The `Update` column as written, or null when the table has none (merge-confidence presets drop it). */
  updateColumn: string | null;
  /** The `Type` column (`dependencies`, `final`, `require`), or null. */
  depType: string | null;
}

/** Splits a markdown table row on unescaped pipes, dropping the outer empty cells. */
function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cur = '';
  let inCode = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (ch === '\\' && line[i + 1] === '|') {
      cur += '|';
      i++;
      continue;
    }
    if (ch === '`') inCode = !inCode;
    if (ch === '|' && !inCode) {
      cells.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  cells.push(cur.trim());
  if (line.trim().startsWith('|')) cells.shift();
  if (line.trim().endsWith('|')) cells.pop();
  return cells;
}

const isSeparator = (cells: string[]) => cells.length > 0 && cells.every((c) => /^:?-{1,}:?$/.test(c));

/** Header cell text without link markup: `[Age](https://…)` → `age`. */
function headerName(cell: string): string {
  return cell
    .replace(/^\[([^\]]*)\]\([^)]*\)$/, '$1')
    .trim()
    .toLowerCase();
}

/** `[grafana](https://…) ([source](…))`, `supabase/logflare`, `` `koa` `` → the package name. */
export function packageName(cell: string): string {
  const link = /^\[([^\]]+)\]\(/.exec(cell.trim());
  const text = link ? link[1]! : cell.trim().replace(/\s+\(.*$/, '');
  return text.replace(/`/g, '').trim();
}

/** `` `1.2` → `1.3` ``, `` [`^1.7.0` → `1.7.0`](https://…) ``, `` `a` -> `b` `` → from/to. */
export function parseChange(cell: string): { from: string | null; to: string | null } {
  let s = cell.trim();
  const wrapped = /^\[(.*)\]\([^)]*\)$/.exec(s);
  if (wrapped) s = wrapped[1]!;
  const parts = s.split(/\s*(?:→|->|&rarr;)\s*/);
  const clean = (v: string | undefined) => {
    const t = (v ?? '').replace(/`/g, '').trim();
    return t === '' ? null : t;
  };
  if (parts.length >= 2) return { from: clean(parts[0]), to: clean(parts[parts.length - 1]) };
  return { from: null, to: clean(parts[0]) };
}

/**
 * Finds the update table (the first table whose header has a Package and a Change column) and
 * returns its rows. Column order and the optional Type/Update/Age/Confidence/Pending columns vary.
 */
export function parseUpdateTable(body: string): TableRow[] {
  const lines = body.split(/\r?\n/);
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i]!.trim();
    if (!line.startsWith('|')) continue;
    const header = splitRow(line).map(headerName);
    const pkgCol = header.indexOf('package');
    const changeCol = header.indexOf('change');
    if (pkgCol < 0 || changeCol < 0 || !isSeparator(splitRow(lines[i + 1]!.trim()))) continue;
    const updateCol = header.indexOf('update');
    const typeCol = header.indexOf('type');
    const rows: TableRow[] = [];
    const seen = new Set<string>();
    for (let j = i + 2; j < lines.length && lines[j]!.trim().startsWith('|'); j++) {
      const cells = splitRow(lines[j]!.trim());
      const name = packageName(cells[pkgCol] ?? '');
      if (!name) continue;
      const { from, to } = parseChange(cells[changeCol] ?? '');
      const updateColumn = updateCol >= 0 ? (cells[updateCol] ?? '').trim() || null : null;
      const fromColumn = updateColumn ? updateTypeFromColumn(updateColumn) : 'unknown';
      const updateType = fromColumn !== 'unknown' ? fromColumn : compareVersions(from, to);
      // The same update listed once per Dockerfile stage (`Type` = `final`) is one package update.
      const key = `${name}\u0000${from}\u0000${to}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const depType = typeCol >= 0 ? (cells[typeCol] ?? '').trim() || null : null;
      rows.push({ name, from, to, updateType, updateColumn, depType });
    }
    return rows;
  }
  return [];
}
