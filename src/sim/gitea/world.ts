import { createGiteaSimEmitter, type GiteaSimEmitter } from './events.js';
import { diffTrees, SimGit, type SimFileChange } from './git.js';

/** Which server the simulator pretends to be; only Gitea ≥ 1.26 has content_version. */
export type GiteaFlavor = 'gitea-1.26' | 'gitea-1.25' | 'forgejo';

export const FLAVOR_VERSION: Record<GiteaFlavor, string> = {
  'gitea-1.26': '1.26.4',
  'gitea-1.25': '1.25.3',
  forgejo: '16.0.1+gitea-1.22.0',
};

export interface SimUser {
  id: number;
  login: string;
  fullName: string;
  email: string;
  isAdmin: boolean;
  created: string;
}

export interface SimLabel {
  id: number;
  name: string;
  color: string;
  description: string;
}

export interface SimPull {
  headBranch: string;
  baseBranch: string;
  headSha: string;
  /** The base commit the head branch was cut from. */
  mergeBase: string;
  merged: boolean;
  mergedAt: string | null;
  mergeCommitSha: string | null;
  mergedBy: string | null;
  /** Gitea's background conflict check is running: merge answers 500, `mergeable` is false. */
  checking: boolean;
  conflicted: boolean;
}

export interface SimIssue {
  id: number;
  number: number;
  title: string;
  body: string;
  state: 'open' | 'closed';
  labelIds: number[];
  poster: string;
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  contentVersion: number;
  pull: SimPull | null;
}

export interface SimStatus {
  id: number;
  context: string;
  state: 'pending' | 'success' | 'error' | 'failure' | 'warning' | 'skipped';
  description: string;
  targetUrl: string;
  creator: string;
  createdAt: string;
}

export interface SimProtection {
  ruleName: string;
  enablePush: boolean;
  enableStatusCheck: boolean;
  statusCheckContexts: string[];
  requiredApprovals: number;
  createdAt: string;
}

export interface WriteCounters {
  /** Every non-GET request that arrived, even one a fault then swallowed (read-only mode must send none). */
  received: number;
  /** Every non-GET request that reached a handler. */
  attempted: number;
  /** Writes that changed state. */
  applied: number;
  byOperation: Record<string, number>;
}

export type BodySave = { ok: true; issue: SimIssue } | { ok: false; reason: 'not-found' | 'stale'; issue?: SimIssue };

/** The state behind the simulated Gitea: one repository, its issues, PRs, labels and git history. */
export class GiteaWorld {
  flavor: GiteaFlavor;
  readonly events: GiteaSimEmitter = createGiteaSimEmitter();
  readonly git = new SimGit();
  readonly users = new Map<string, SimUser>();
  /** token → login */
  readonly tokens = new Map<string, string>();
  readonly labels: SimLabel[] = [];
  readonly issues = new Map<number, SimIssue>();
  readonly statuses = new Map<string, SimStatus[]>();
  readonly protections: SimProtection[] = [];
  readonly counters: WriteCounters = { received: 0, attempted: 0, applied: 0, byOperation: {} };
  /** Every request that arrived, reads too, by `METHOD /swagger/template` (a fault may then swallow it). */
  readonly requests: Record<string, number> = {};
  /**
   * Whether the issue list honours `since`/`before` (Gitea ≥ 1.12, Forgejo). False plays a server
   * that predates them and ignores both, as it ignores any unknown query parameter.
   */
  listSince = true;
  readonly repo = { id: 5, owner: 'ops', name: 'homelab', defaultBranch: 'main', archived: false, created: '2025-10-15T16:21:42Z' };
  private nextId = { user: 1, label: 1, issue: 100, status: 1 };
  private clockOffset = 0;

  constructor(flavor: GiteaFlavor = 'gitea-1.26') {
    this.flavor = flavor;
  }

  get hasContentVersion(): boolean {
    return this.flavor === 'gitea-1.26';
  }

  /** Monotonic ISO time (two writes in one millisecond still order). */
  now(): string {
    const t = Math.max(Date.now(), this.clockOffset + 1000);
    this.clockOffset = t;
    return new Date(t).toISOString().replace(/\.\d{3}Z$/, 'Z');
  }

  addUser(login: string, options: { fullName?: string; isAdmin?: boolean; token?: string } = {}): SimUser {
    const user: SimUser = {
      id: this.nextId.user++,
      login,
      fullName: options.fullName ?? '',
      email: `${login}@homelab.test`,
      isAdmin: options.isAdmin ?? false,
      created: '2025-10-15T15:27:42Z',
    };
    this.users.set(login, user);
    if (options.token) this.tokens.set(options.token, login);
    return user;
  }

  user(login: string): SimUser {
    const u = this.users.get(login);
    if (!u) throw new Error(`no user ${login}`);
    return u;
  }

  addLabel(name: string, color: string, description = ''): SimLabel {
    const label: SimLabel = { id: this.nextId.label++, name, color: color.replace(/^#/, ''), description };
    this.labels.push(label);
    return label;
  }

  labelByName(name: string): SimLabel | undefined {
    return this.labels.find((l) => l.name === name);
  }

  nextNumber(): number {
    return Math.max(0, ...this.issues.keys()) + 1;
  }

  addIssue(fields: { number?: number; title: string; body: string; poster: string; labels?: string[]; createdAt?: string; pull?: SimPull }): SimIssue {
    const created = fields.createdAt ?? this.now();
    const issue: SimIssue = {
      id: this.nextId.issue++,
      number: fields.number ?? this.nextNumber(),
      title: fields.title,
      body: fields.body,
      state: 'open',
      labelIds: (fields.labels ?? []).map((n) => {
        const l = this.labelByName(n);
        if (!l) throw new Error(`no label ${n}`);
        return l.id;
      }),
      poster: fields.poster,
      createdAt: created,
      updatedAt: created,
      closedAt: null,
      contentVersion: 0,
      pull: fields.pull ?? null,
    };
    this.issues.set(issue.number, issue);
    return issue;
  }

  /**
   * Saves a body with a compare-and-swap on content_version (what Gitea's web UI and, on ≥ 1.26,
   * the API do). `expectedVersion` undefined means an unguarded save: last writer wins.
   */
  saveBody(number: number, body: string, by: string, expectedVersion?: number): BodySave {
    const issue = this.issues.get(number);
    if (!issue) return { ok: false, reason: 'not-found' };
    if (expectedVersion !== undefined && expectedVersion !== issue.contentVersion) return { ok: false, reason: 'stale', issue };
    issue.body = body;
    issue.contentVersion++;
    issue.updatedAt = this.now();
    this.events.emit('issue-edited', { number, by, contentVersion: issue.contentVersion, what: 'body' });
    return { ok: true, issue };
  }

  countRequest(operation: string): void {
    this.requests[operation] = (this.requests[operation] ?? 0) + 1;
  }

  countWrite(operation: string, applied: boolean): void {
    this.counters.attempted++;
    if (applied) this.counters.applied++;
    this.counters.byOperation[operation] = (this.counters.byOperation[operation] ?? 0) + 1;
  }

  addStatus(sha: string, context: string, state: SimStatus['state'], description: string, creator = 'admin'): void {
    const list = this.statuses.get(sha) ?? [];
    list.push({
      id: this.nextId.status++,
      context,
      state,
      description,
      targetUrl: `https://ci.homelab.test/${context}/${sha.slice(0, 8)}`,
      creator,
      createdAt: this.now(),
    });
    this.statuses.set(sha, list);
  }

  /** Latest status per context, combined as Gitea does; zero statuses is `pending` with total 0. */
  combinedStatus(sha: string): { state: SimStatus['state']; statuses: SimStatus[] } {
    const latest = new Map<string, SimStatus>();
    for (const s of this.statuses.get(sha) ?? []) latest.set(s.context, s);
    const statuses = [...latest.values()];
    let state: SimStatus['state'] = 'pending';
    if (statuses.some((s) => s.state === 'error' || s.state === 'failure' || s.state === 'warning')) state = 'failure';
    else if (statuses.length > 0 && statuses.every((s) => s.state === 'success' || s.state === 'skipped')) state = 'success';
    return { state, statuses };
  }

  protectionFor(branch: string): SimProtection | undefined {
    return this.protections.find(
      (p) =>
        p.ruleName === branch ||
        (p.ruleName.includes('*') && new RegExp(`^${p.ruleName.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(branch)),
    );
  }

  pullFiles(pull: SimPull): SimFileChange[] {
    return diffTrees(this.git.get(pull.mergeBase).tree, this.git.get(pull.headSha).tree);
  }

  /** The merge itself, after the HTTP layer checked permissions and preconditions. */
  merge(issue: SimIssue, by: string, message: string, deleteBranch: boolean): string {
    const pull = issue.pull!;
    const baseTip = this.git.resolve(pull.baseBranch)!;
    const changes: Record<string, string | null> = {};
    const headTree = this.git.get(pull.headSha).tree;
    const files = this.pullFiles(pull);
    for (const f of files) changes[f.filename] = headTree.get(f.filename) ?? null;
    const commit = this.git.commit({ parents: [baseTip.sha, pull.headSha], changes, message, author: by, date: this.now() });
    this.git.branches.set(pull.baseBranch, commit.sha);
    Object.assign(pull, { merged: true, mergedAt: commit.date, mergeCommitSha: commit.sha, mergedBy: by });
    issue.state = 'closed';
    issue.closedAt = commit.date;
    issue.updatedAt = commit.date;
    if (deleteBranch) this.git.branches.delete(pull.headBranch);
    const names = files.map((f) => f.filename);
    this.events.emit('merged', { number: issue.number, title: issue.title, sha: commit.sha, base: pull.baseBranch, head: pull.headBranch, files: names });
    this.events.emit('branch-changed', { branch: pull.baseBranch, sha: commit.sha, files: names, cause: 'merge', pr: issue.number });
    return commit.sha;
  }
}
