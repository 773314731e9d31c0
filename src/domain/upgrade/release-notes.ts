/**
 * Breaking changes from a Renovate PR body (workflow 5.1 "Review Release Notes & Breaking Changes").
 * Renovate puts upstream notes under `### Release Notes`, one `<details><summary>repo (dep)</summary>`
 * block per package, each version a `### [`vX`](…)` heading. A heading that says breaking / removed /
 * deprecated / migration marks everything under it; elsewhere a single line that says so counts.
 * Without release notes (Renovate skipped them: no github.com token) the result says so, because
 * "no breaking changes found" and "nothing to read" are not the same answer.
 */
export interface BreakingChange {
  /** The `<summary>` of the package block, e.g. `postgres/postgres (postgres)`, or null outside one. */
  source: string | null;
  /** The version heading the line sits under (`v18.0.0`), or null. */
  version: string | null;
  /** The heading that marked it (`⚠ BREAKING CHANGES`), or null for a line that says so itself. */
  heading: string | null;
  text: string;
  /** Which words matched: breaking, removed, deprecated, migration. */
  kinds: BreakingKind[];
}

export type BreakingKind = 'breaking' | 'removed' | 'deprecated' | 'migration';

export interface ReleaseNotesReport {
  /** The body has a release-notes section with content. */
  present: boolean;
  /** Why there are none (Renovate's own note, or "no Release Notes section"), when absent. */
  absentReason: string | null;
  changes: BreakingChange[];
}

const KIND_PATTERNS: Array<[BreakingKind, RegExp]> = [
  ['breaking', /\bbreaking\b|\bincompatib/i],
  ['removed', /\bremov(?:e|ed|es|al|ing)\b|\bdropp?(?:ed|s)? support\b|\bno longer (?:supported|available)\b/i],
  ['deprecated', /\bdeprecat/i],
  ['migration', /\bmigrat(?:e|ed|es|ion|ions|ing)\b|\bupgrade (?:notes|guide|path)\b|\bpg_upgrade\b|\brequires? (?:a )?(?:dump|reindex)/i],
];

export function breakingKinds(text: string): BreakingKind[] {
  return KIND_PATTERNS.filter(([, re]) => re.test(text)).map(([k]) => k);
}

const SKIPPED = /Release Notes retrieval for this PR (?:were|was) skipped[^\n]*/i;

/** Renovate's hidden or decorative lines that must not read as changes. */
const NOISE = /^(?:\[compare source\]|compare source|<\/?details>|<\/?summary>|---+$|\*\*full changelog\*\*)/i;

function clean(line: string): string {
  return line
    .replace(/<[^>]+>/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/`/g, '')
    .replace(/^\s*(?:[-*+]|\d+\.)\s+/, '')
    .replace(/\*\*/g, '')
    .trim();
}

/** The release-notes part of the body: from `### Release Notes` to the next `---`/`### Configuration`. */
function releaseNotesSection(body: string): string | null {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const start = lines.findIndex((l) => /^#{2,4}\s+release notes\s*$/i.test(l.trim()));
  if (start < 0) return null;
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => /^#{2,3}\s+configuration\b/i.test(l.trim()));
  return (end < 0 ? rest : rest.slice(0, end)).join('\n');
}

export function extractBreakingChanges(body: string | null | undefined): ReleaseNotesReport {
  const text = body ?? '';
  const section = releaseNotesSection(text);
  if (section === null || section.trim() === '') {
    const skipped = text.match(SKIPPED);
    return {
      present: false,
      absentReason: skipped
        ? `Renovate did not include release notes: "${clean(skipped[0])}" — read them upstream`
        : 'the PR body has no Release Notes section — read them upstream',
      changes: [],
    };
  }
  const changes: BreakingChange[] = [];
  let source: string | null = null;
  let version: string | null = null;
  /** The marking heading and its level while inside one. */
  let marked: { text: string; level: number; kinds: BreakingKind[] } | null = null;
  let inFence = false;
  for (const raw of section.split('\n')) {
    const line = raw.trim();
    if (/^(```|~~~)/.test(line)) {
      inFence = !inFence;
      continue;
    }
    if (inFence || line === '') continue;
    const summary = line.match(/<summary>(.*?)<\/summary>/i);
    if (summary) {
      source = clean(summary[1]!);
      version = null;
      marked = null;
      continue;
    }
    if (/^<\/details>/i.test(line)) {
      source = null;
      version = null;
      marked = null;
      continue;
    }
    const heading = line.match(/^(#{1,6})\s+(.*)$/);
    if (heading) {
      const level = heading[1]!.length;
      const title = clean(heading[2]!);
      if (marked && level <= marked.level) marked = null;
      const kinds = breakingKinds(title);
      if (/^v?\d+(?:\.\d+)*(?:[-+][\w.]+)?(?:\s|$|\()/i.test(title)) {
        version = title.split(/\s/)[0]!;
        marked = null;
        if (kinds.length) marked = { text: title, level, kinds };
      } else if (kinds.length) marked = { text: title, level, kinds };
      continue;
    }
    const content = clean(line);
    if (!content || NOISE.test(content) || NOISE.test(line)) continue;
    const own = breakingKinds(content);
    if (marked) changes.push({ source, version, heading: marked.text, text: content, kinds: [...new Set([...marked.kinds, ...own])] });
    else if (own.length) changes.push({ source, version, heading: null, text: content, kinds: own });
  }
  return { present: true, absentReason: null, changes };
}

/** The report as issue lines (Markdown bullets). */
export function breakingChangeLines(report: ReleaseNotesReport, limit = 30): string[] {
  if (!report.present) return [`- release notes: ${report.absentReason}`];
  if (report.changes.length === 0) return ['- release notes read: no line says breaking, removed, deprecated or migration'];
  const lines = report.changes
    .slice(0, limit)
    .map((c) => `- ${[c.source, c.version].filter(Boolean).join(' ')}${c.heading ? ` [${c.heading}]` : ''}: ${c.text}`.replace(/^- : /, '- '));
  if (report.changes.length > limit) lines.push(`- … and ${report.changes.length - limit} more in the PR body`);
  return lines;
}
