import { parseRenovateTitle } from './title.js';

/** The fields of a pull request the queue needs, from any of the shapes Gitea (or jq) gives. */
export interface PrInput {
  number: number;
  title: string;
  body: string | null;
  state: string | null;
  headBranch: string | null;
  headSha: string | null;
  baseBranch: string | null;
  author: string | null;
  labels: string[];
  mergeable: boolean | null;
  draft: boolean;
  merged: boolean | null;
  createdAt: string | null;
  htmlUrl: string | null;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);

/** Gitea's `head.label` is the branch name; `head.ref` is too until the branch is deleted (then `refs/pull/N/head`). */
function branchOf(v: unknown): string | null {
  if (typeof v === 'string') return str(v);
  if (!isObject(v)) return null;
  const label = str(v.label);
  const ref = str(v.ref);
  if (ref && !ref.startsWith('refs/pull/')) return ref.replace(/^refs\/heads\//, '');
  return label;
}

/**
 * True when a list item is a pull request: a PR object (head/base/mergeable), an /issues item whose
 * `pull_request` is set, or a jq-reduced item without any issue/PR field whose title is a Renovate title.
 */
export function isPullRequestItem(item: unknown): boolean {
  if (!isObject(item) || typeof item.number !== 'number') return false;
  if ('pull_request' in item) return isObject(item.pull_request);
  if ('head' in item || 'base' in item || 'mergeable' in item || 'merged' in item) return true;
  return typeof item.title === 'string' && (parseRenovateTitle(item.title)?.strong ?? false);
}

/** Reads one PR-like JSON object; null when it has no number or title. */
export function prInputFromJson(item: unknown): PrInput | null {
  if (!isObject(item) || typeof item.number !== 'number' || typeof item.title !== 'string') return null;
  const pr = isObject(item.pull_request) ? item.pull_request : null;
  const user = item.user ?? item.poster ?? item.author;
  const author = isObject(user) ? (str(user.login) ?? str(user.username)) : str(user);
  const labels = Array.isArray(item.labels) ? item.labels.map((l) => (isObject(l) ? str(l.name) : str(l))).filter((l): l is string => l !== null) : [];
  const head = item.head;
  const title = item.title;
  const draft = bool(item.draft) ?? bool(pr?.draft) ?? /^(?:WIP:|\[WIP\])/i.test(title);
  return {
    number: item.number,
    title,
    body: typeof item.body === 'string' ? item.body : null,
    state: str(item.state),
    headBranch: branchOf(head),
    headSha: isObject(head) ? str(head.sha) : null,
    baseBranch: branchOf(item.base),
    author,
    labels,
    mergeable: bool(item.mergeable),
    draft,
    merged: bool(item.merged) ?? bool(pr?.merged),
    createdAt: str(item.created_at),
    htmlUrl: str(item.html_url) ?? str(pr?.html_url),
  };
}

/**
 * The pull requests in a saved JSON document: a PR list, a single PR, or an /issues list (from
 * which the items that are pull requests are taken).
 */
export function prsFromJson(doc: unknown): PrInput[] {
  const items = Array.isArray(doc) ? doc : isObject(doc) ? [doc] : [];
  return items
    .filter(isPullRequestItem)
    .map(prInputFromJson)
    .filter((p): p is PrInput => p !== null);
}
