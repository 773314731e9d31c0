import { createHash } from 'node:crypto';

export interface SimCommit {
  sha: string;
  parents: string[];
  /** path → file content: the whole tree at this commit. */
  tree: ReadonlyMap<string, string>;
  message: string;
  author: string;
  date: string;
  /** What this commit changed against its first parent. */
  changed: SimFileChange[];
}

export interface SimFileChange {
  filename: string;
  status: 'added' | 'modified' | 'deleted';
  additions: number;
  deletions: number;
}

const sha1 = (text: string) => createHash('sha1').update(text).digest('hex');

/** The blob id git itself would give this content. */
export function blobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function lineDiff(before: string | undefined, after: string | undefined): { additions: number; deletions: number } {
  const a = before === undefined ? [] : before.split('\n');
  const b = after === undefined ? [] : after.split('\n');
  const counts = new Map<string, number>();
  for (const l of a) counts.set(l, (counts.get(l) ?? 0) + 1);
  let kept = 0;
  for (const l of b) {
    const n = counts.get(l) ?? 0;
    if (n > 0) {
      counts.set(l, n - 1);
      kept++;
    }
  }
  return { additions: b.length - kept, deletions: a.length - kept };
}

export function diffTrees(base: ReadonlyMap<string, string>, head: ReadonlyMap<string, string>): SimFileChange[] {
  const out: SimFileChange[] = [];
  const paths = new Set([...base.keys(), ...head.keys()]);
  for (const p of [...paths].sort()) {
    const before = base.get(p);
    const after = head.get(p);
    if (before === after) continue;
    const status = before === undefined ? 'added' : after === undefined ? 'deleted' : 'modified';
    out.push({ filename: p, status, ...lineDiff(before, after) });
  }
  return out;
}

/** A tiny git: commits with whole trees, branches as names for SHAs. Enough for PRs, merges and reverts. */
export class SimGit {
  readonly commits = new Map<string, SimCommit>();
  readonly branches = new Map<string, string>();
  private counter = 0;

  commit(options: {
    parents: string[];
    /** path → new content, or null to delete. */
    changes: Record<string, string | null>;
    message: string;
    author: string;
    date: string;
    /** Tree to start from; defaults to the first parent's. */
    baseTree?: ReadonlyMap<string, string>;
  }): SimCommit {
    const parent = options.parents[0] ? this.get(options.parents[0]) : undefined;
    const start = options.baseTree ?? parent?.tree ?? new Map<string, string>();
    const tree = new Map(start);
    for (const [p, content] of Object.entries(options.changes)) {
      if (content === null) tree.delete(p);
      else tree.set(p, content);
    }
    const listing = [...tree.entries()].map(([p, c]) => `${p}:${blobSha(c)}`).join('\n');
    const sha = sha1(`${options.parents.join(',')}\n${options.message}\n${options.author}\n${options.date}\n${listing}\n${++this.counter}`);
    const commit: SimCommit = {
      sha,
      parents: options.parents,
      tree,
      message: options.message,
      author: options.author,
      date: options.date,
      changed: diffTrees(parent?.tree ?? new Map(), tree),
    };
    this.commits.set(sha, commit);
    return commit;
  }

  get(sha: string): SimCommit {
    const c = this.commits.get(sha);
    if (!c) throw new Error(`no commit ${sha}`);
    return c;
  }

  /** A branch name, a full SHA, or an unambiguous SHA prefix (≥ 7). */
  resolve(ref: string): SimCommit | null {
    const name = ref.replace(/^refs\/heads\//, '');
    const fromBranch = this.branches.get(name);
    if (fromBranch) return this.get(fromBranch);
    if (this.commits.has(ref)) return this.get(ref);
    if (/^[0-9a-f]{7,39}$/.test(ref)) {
      const hits = [...this.commits.keys()].filter((s) => s.startsWith(ref));
      if (hits.length === 1) return this.get(hits[0]!);
    }
    return null;
  }
}
