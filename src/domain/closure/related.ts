import type { ActionItem } from '../issue/types.js';

/** An open issue or PR as the related-work proposal needs it. */
export interface ThreadRef {
  number: number;
  title: string;
  body: string;
  isPull: boolean;
  labels: string[];
  poster: string;
  /** PRs: Renovate's branch (`renovate/cloudflared-2.x`), to find a newer PR for the same package. */
  headBranch?: string;
  createdAt: string;
  /** PRs: combined status and mergeability, for the "failing checks or conflicts" rule. */
  checks?: 'success' | 'pending' | 'failure' | 'none';
  mergeable?: boolean;
}

export type RelatedAction = 'close' | 'merge' | 'close-unmerged';

export interface RelatedProposal {
  number: number;
  title: string;
  isPull: boolean;
  action: RelatedAction;
  reasons: string[];
  /** Pre-selected for the operator: false for anything the "Do NOT close" list covers. */
  selected: boolean;
  /** Why it is not pre-selected (or may not be acted on at all). */
  hold?: string;
}

export interface RelatedInput {
  maintenance: { number: number; body: string };
  items: readonly ActionItem[];
  open: readonly ThreadRef[];
  /** PRs merged during the window (their bodies carry `Fixes #N`). */
  merged: ReadonlyArray<{ number: number; title: string; body: string }>;
  renovateLogin?: string;
}

const FIXES = /\b(?:fix(?:es|ed)?|close[sd]?|resolve[sd]?)\s*:?\s+#(\d+)/gi;

/** `Fixes #12`, `closes #3`, `Resolves: #7` → the numbers. */
export function fixedNumbers(text: string): number[] {
  return [...text.matchAll(FIXES)].map((m) => Number(m[1]));
}

/** `renovate/cloudflared-2.x` → `cloudflared`: the package a Renovate branch updates. */
export function renovatePackage(branch: string | undefined): string | null {
  if (!branch?.startsWith('renovate/')) return null;
  return branch.slice('renovate/'.length).replace(/-(?:\d+\.x|\d+(?:\.\d+)*|major|minor|patch|digest)$/i, '') || null;
}

const DASHBOARD = /dependency dashboard/i;
const FEATURE = /\b(feature|enhancement|request|idea|proposal)\b/i;

/** Component words an item fixed: Ceph, osd, paperless, home-assistant … (only words ≥ 4 letters, minus filler). */
const FILLER = new Set([
  'check',
  'restart',
  'after',
  'before',
  'clear',
  'archive',
  'reports',
  'validation',
  'universal',
  'preflight',
  'access',
  'stalled',
  'reads',
  'with',
  'from',
  'into',
  'merge',
  'update',
  'upgrade',
  'gate',
  'the',
  'and',
]);
function componentWords(items: readonly ActionItem[]): Set<string> {
  const out = new Set<string>();
  for (const i of items) {
    if (!i.checked) continue;
    for (const w of i.title.toLowerCase().match(/[a-z][a-z0-9-]{3,}/g) ?? []) if (!FILLER.has(w)) out.add(w);
  }
  return out;
}

/**
 * Open issues and PRs related to the maintenance work (workflow 4.2), each with its reasons, and
 * what the "Do NOT close" list holds back: the Dependency Dashboard, the maintenance issue itself,
 * feature requests, PRs with failing checks or conflicts, and anything no reason ties to this work.
 */
export function proposeRelated(x: RelatedInput): RelatedProposal[] {
  const mNum = x.maintenance.number;
  const referenced = new Set([...x.maintenance.body.matchAll(/(?<![\w/])#(\d+)\b/g)].map((m) => Number(m[1])));
  const fixedBy = new Map<number, number[]>();
  for (const pr of x.merged) for (const n of fixedNumbers(`${pr.title}\n${pr.body}`)) fixedBy.set(n, [...(fixedBy.get(n) ?? []), pr.number]);
  const words = componentWords(x.items);
  const newestByPackage = new Map<string, ThreadRef>();
  for (const t of x.open) {
    const pkg = t.isPull ? renovatePackage(t.headBranch) : null;
    if (!pkg) continue;
    const cur = newestByPackage.get(pkg);
    if (!cur || t.createdAt > cur.createdAt || (t.createdAt === cur.createdAt && t.number > cur.number)) newestByPackage.set(pkg, t);
  }

  const out: RelatedProposal[] = [];
  for (const t of x.open) {
    if (t.number === mNum) continue;
    const reasons: string[] = [];
    let action: RelatedAction = t.isPull ? 'merge' : 'close';
    if (referenced.has(t.number)) reasons.push(`referenced by #${mNum}`);
    const fixers = fixedBy.get(t.number);
    if (fixers) reasons.push(`fixed by merged PR ${fixers.map((n) => `#${n}`).join(', ')}`);
    const parent = new RegExp(`(?:part of|child of|parent:?|spawned from|follow-?up (?:to|of))\\s+#${mNum}\\b`, 'i');
    if (parent.test(t.body)) reasons.push(`child of #${mNum}`);
    const hay = `${t.title}\n${t.body}`.toLowerCase();
    const named = [...words].filter((w) => new RegExp(`\\b${w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(hay));
    if (!t.isPull && named.length) reasons.push(`names ${named.slice(0, 3).join(', ')}, which an item fixed`);
    const pkg = t.isPull ? renovatePackage(t.headBranch) : null;
    const newest = pkg ? newestByPackage.get(pkg) : undefined;
    if (pkg && newest && newest.number !== t.number) {
      reasons.push(`superseded by #${newest.number} (newer ${pkg} update)`);
      action = 'close-unmerged';
    }
    if (reasons.length === 0) continue;
    let hold: string | undefined;
    if (DASHBOARD.test(t.title)) hold = 'the Dependency Dashboard is never closed';
    else if (t.labels.includes('maintenance')) hold = 'another maintenance issue';
    else if (!t.isPull && FEATURE.test(`${t.title} ${t.labels.join(' ')}`)) hold = 'a feature request, separate work';
    else if (t.isPull && action === 'merge' && t.checks === 'failure') hold = 'failing checks';
    else if (t.isPull && action === 'merge' && t.mergeable === false) hold = 'merge conflicts';
    else if (t.isPull && action === 'merge' && !referenced.has(t.number)) hold = 'not listed in the maintenance issue';
    out.push({ number: t.number, title: t.title, isPull: t.isPull, action, reasons, selected: hold === undefined, ...(hold ? { hold } : {}) });
  }
  return out.sort((a, b) => a.number - b.number);
}

/** The resolution note prepended to a related issue's body (4.7: never a comment). */
export function resolutionNote(maintenance: number, reason: string, at: string): string {
  return `> **Resolved as part of maintenance issue #${maintenance}** (${at}): ${reason.replace(/\s+/g, ' ').trim()}. See #${maintenance} for the full resolution details.\n\n`;
}

/** One row of the body's `PR/Issue Actions` table (Type, Number, Title, Action, Timestamp, Notes). */
export function actionRow(p: { isPull: boolean; number: number; title: string }, action: string, at: string, notes: string): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim() || '-';
  return `| ${p.isPull ? 'PR' : 'Issue'} | #${p.number} | ${cell(p.title)} | ${cell(action)} | ${at} | ${cell(notes)} |`;
}
