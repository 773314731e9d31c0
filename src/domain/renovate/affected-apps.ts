import type { ApplicationView } from '../health/types.js';

/** `https://git.example/ops/homelab.git` / `ssh://git@host:2222/ops/homelab` → `ops/homelab`. */
export function repoSlug(url: string): string {
  return url
    .trim()
    .replace(/\.git$/, '')
    .replace(/\/+$/, '')
    .split(/[/:]/)
    .filter(Boolean)
    .slice(-2)
    .join('/')
    .toLowerCase();
}

function normalisePath(p: string): string {
  return p.trim().replace(/^\.\//, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

/** True when a changed file lies inside an Application source path (`.` or empty = the whole repository). */
export function pathCovers(sourcePath: string, file: string): boolean {
  const dir = normalisePath(sourcePath);
  const f = normalisePath(file);
  if (dir === '' || dir === '.') return true;
  return f === dir || f.startsWith(`${dir}/`);
}

/**
 * The Applications a PR touches: those with a source path containing one of its changed files.
 * When `repo` (`owner/name`) is given, Applications whose source repository is another one are
 * skipped (a Helm chart from a chart repository has a path there, not here). Sorted by name.
 */
export function affectedApplications(files: readonly string[], apps: readonly ApplicationView[], repo?: string): string[] {
  const want = repo ? repo.toLowerCase() : null;
  const names = new Set<string>();
  for (const app of apps) {
    if (want && app.repoURL && repoSlug(app.repoURL) !== want) continue;
    if (app.sourcePaths.some((sp) => files.some((f) => pathCovers(sp, f)))) names.add(app.name);
  }
  return [...names].sort();
}
