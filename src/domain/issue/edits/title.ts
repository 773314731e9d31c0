/** `[Maintenance] 2026-11-26 - Homelab` → `[RESOLVED] [Maintenance] 2026-11-26 - Homelab`; unchanged when already resolved. */
export function resolvedTitle(title: string): string {
  if (/^\s*\[RESOLVED\]/i.test(title)) return title;
  return `[RESOLVED] ${title.trimStart()}`;
}

export function isResolvedTitle(title: string): boolean {
  return /^\s*\[RESOLVED\]/i.test(title);
}
