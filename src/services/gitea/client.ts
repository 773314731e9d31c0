import type { z } from 'zod';
import { registerSecret } from '../../domain/redact.js';
import { GiteaError } from './errors.js';
import { GiteaHttp, type HttpOptions, type HttpRequest } from './http.js';
import type { RepoRef } from './credentials.js';
import {
  branchProtectionListSchema,
  branchSchema,
  changedFileListSchema,
  combinedStatusSchema,
  commitSchema,
  contentsResponseSchema,
  filesResponseSchema,
  issueListSchema,
  issueSchema,
  labelListSchema,
  labelSchema,
  pullRequestListSchema,
  pullRequestSchema,
  serverVersionSchema,
  userSchema,
  type GiteaBranch,
  type GiteaBranchProtection,
  type GiteaChangedFile,
  type GiteaCombinedStatus,
  type GiteaCommit,
  type GiteaIssue,
  type GiteaLabel,
  type GiteaPullRequest,
  type GiteaUser,
} from './schemas.js';

/** Gitea's MAX_RESPONSE_ITEMS default: larger `limit` values are silently clamped to it. */
export const PAGE_LIMIT = 50;

export type MergeStyle = 'merge' | 'rebase' | 'rebase-merge' | 'squash' | 'fast-forward-only';

export interface MergeOptions {
  /** The head SHA whose CI was evaluated; the server refuses (409) when the head moved. */
  headSha: string;
  style?: MergeStyle;
  deleteBranch?: boolean;
  title?: string;
  message?: string;
}

export interface FileChange {
  operation: 'create' | 'update' | 'delete';
  path: string;
  /** New content (plain text) for create/update. */
  content?: string;
  /** Blob SHA of the file being replaced or deleted. */
  sha?: string;
}

export interface StatusSummary extends GiteaCombinedStatus {
  /** `total_count` 0: the commit has no CI at all (Gitea then says `pending` forever). */
  hasCi: boolean;
}

export interface BranchProtectionCheck {
  protected: boolean;
  rule: string | null;
  userCanPush: boolean;
  userCanMerge: boolean;
  requiredChecks: string[];
  requiredApprovals: number;
}

export interface GiteaClientOptions extends HttpOptions {
  repo: RepoRef;
}

const enc = encodeURIComponent;
const encPath = (p: string) => p.split('/').map(enc).join('/');

/**
 * The Gitea calls the maintenance workflow needs, nothing more. Deliberately absent: comments
 * (the issue body is the record) and any blind retry of a write.
 */
export class GiteaClient {
  readonly http: GiteaHttp;
  readonly repo: RepoRef;

  constructor(options: GiteaClientOptions) {
    registerSecret(options.token);
    this.http = new GiteaHttp(options);
    this.repo = options.repo;
  }

  /** What the body writer derives its waits from (see body-writer.ts). */
  get writeTiming(): { requestTimeoutMs: number; backoffMs: number } {
    return { requestTimeoutMs: this.http.timeoutMs, backoffMs: this.http.backoffMs };
  }

  get repoName(): string {
    return `${this.repo.owner}/${this.repo.name}`;
  }

  private get r(): string {
    return `/repos/${enc(this.repo.owner)}/${enc(this.repo.name)}`;
  }

  private async get<S extends z.ZodType>(path: string, schema: S, operation: string, query?: HttpRequest['query']) {
    return (await this.http.json({ method: 'GET', path, query, operation }, schema)).data;
  }

  close(): Promise<void> {
    return this.http.close();
  }

  // ── who and what ───────────────────────────────────────────────────────────────────────────

  currentUser(): Promise<GiteaUser> {
    return this.get('/user', userSchema, 'GET current user');
  }

  async serverVersion(): Promise<string> {
    return (await this.get('/version', serverVersionSchema, 'GET server version')).version;
  }

  // ── issues ─────────────────────────────────────────────────────────────────────────────────

  getIssue(number: number): Promise<GiteaIssue> {
    return this.get(`${this.r}/issues/${number}`, issueSchema, `GET issue #${number}`);
  }

  /**
   * The newest open issue carrying `label`. Gitea drops unknown label names from the filter and
   * then returns every issue, and `/issues` lists pull requests too, so each result is checked.
   */
  async latestIssueWithLabel(label = 'maintenance'): Promise<GiteaIssue | null> {
    const matches: GiteaIssue[] = [];
    for await (const issue of this.pages(`${this.r}/issues`, issueListSchema, `GET open '${label}' issues`, {
      state: 'open',
      type: 'issues',
      labels: label,
    })) {
      if (!issue.pull_request && issue.labels.some((l) => l.name === label)) matches.push(issue);
    }
    matches.sort((a, b) => b.created_at.localeCompare(a.created_at) || b.number - a.number);
    return matches[0] ?? null;
  }

  /**
   * One page of issues (any state, never PRs) updated at or after `since` (RFC 3339; Gitea and
   * Forgejo compare whole seconds, inclusively): what the issue poll asks instead of the body.
   * `complete` is false when the page was full, so something may be missing from it.
   */
  async issuesUpdatedSince(since: string): Promise<{ issues: GiteaIssue[]; complete: boolean }> {
    const { data, res } = await this.http.json(
      {
        method: 'GET',
        path: `${this.r}/issues`,
        query: { state: 'all', type: 'issues', since, page: 1, limit: PAGE_LIMIT },
        operation: 'GET issues updated since the last read',
      },
      issueListSchema,
    );
    const total = Number(res.headers['x-total-count']);
    const complete = data.length < PAGE_LIMIT && (!Number.isFinite(total) || total <= data.length);
    return { issues: data.filter((i) => !i.pull_request), complete };
  }

  /** PATCH the body only; `contentVersion` makes Gitea ≥ 1.26 refuse (409 → kind `conflict`) a stale edit. */
  async editIssueBody(number: number, body: string, contentVersion?: number): Promise<GiteaIssue> {
    const payload: Record<string, unknown> = { body };
    if (contentVersion !== undefined) payload.content_version = contentVersion;
    const operation = `PATCH issue #${number} body`;
    const { data } = await this.http.json({ method: 'PATCH', path: `${this.r}/issues/${number}`, body: payload, operation }, issueSchema);
    return data;
  }

  /** Title and state go in their own request: they are not covered by content_version. */
  async editIssueMeta(number: number, change: { title?: string; state?: 'open' | 'closed' }): Promise<GiteaIssue> {
    const operation = `PATCH issue #${number} ${Object.keys(change).join('+')}`;
    const { data } = await this.http.json({ method: 'PATCH', path: `${this.r}/issues/${number}`, body: change, operation }, issueSchema);
    return data;
  }

  closeIssue(number: number): Promise<GiteaIssue> {
    return this.editIssueMeta(number, { state: 'closed' });
  }

  // ── labels ─────────────────────────────────────────────────────────────────────────────────

  async repoLabels(): Promise<GiteaLabel[]> {
    const all: GiteaLabel[] = [];
    for await (const l of this.pages(`${this.r}/labels`, labelListSchema, 'GET repository labels')) all.push(l);
    return all;
  }

  async createLabel(name: string, color: string, description = ''): Promise<GiteaLabel> {
    const { data } = await this.http.json(
      { method: 'POST', path: `${this.r}/labels`, body: { name, color, description }, operation: `create label '${name}'` },
      labelSchema,
    );
    return data;
  }

  /**
   * Adds labels by name, creating missing ones first. Gitea silently ignores unknown names and
   * still answers 200, so the returned set is checked.
   */
  async addIssueLabels(number: number, names: string[], create: Record<string, { color: string; description?: string }> = {}): Promise<GiteaLabel[]> {
    const existing = new Set((await this.repoLabels()).map((l) => l.name));
    for (const name of names) {
      if (existing.has(name)) continue;
      const spec = create[name];
      if (!spec) throw new GiteaError('not-found', `label '${name}' does not exist in ${this.repoName}`, { operation: `label issue #${number}` });
      await this.createLabel(name, spec.color, spec.description);
    }
    const operation = `label issue #${number} ${names.join(', ')}`;
    const { data } = await this.http.json({ method: 'POST', path: `${this.r}/issues/${number}/labels`, body: { labels: names }, operation }, labelListSchema);
    const missing = names.filter((n) => !data.some((l) => l.name === n));
    if (missing.length) throw new GiteaError('bad-response', `server did not apply label(s) ${missing.join(', ')}`, { operation });
    return data;
  }

  /** Adds `needs-human` (creating it on first use), verified in the response. */
  markNeedsHuman(number: number): Promise<GiteaLabel[]> {
    return this.addIssueLabels(number, ['needs-human'], {
      'needs-human': { color: '#d93f0b', description: 'The maintenance console stopped and needs a person' },
    });
  }

  async removeIssueLabel(number: number, name: string): Promise<void> {
    const labels = await this.get(`${this.r}/issues/${number}/labels`, labelListSchema, `GET labels of #${number}`);
    const label = labels.find((l) => l.name === name);
    if (!label) return;
    await this.http.send({ method: 'DELETE', path: `${this.r}/issues/${number}/labels/${label.id}`, operation: `unlabel #${number} ${name}` });
  }

  // ── pull requests ──────────────────────────────────────────────────────────────────────────

  /** Open PRs, oldest first, every page (the server caps a page at 50; a hard cap stops runaways). */
  async openPulls({ poster, maxItems = 500 }: { poster?: string; maxItems?: number } = {}): Promise<GiteaPullRequest[]> {
    const all: GiteaPullRequest[] = [];
    for await (const pr of this.pages(
      `${this.r}/pulls`,
      pullRequestListSchema,
      'GET open pull requests',
      { state: 'open', sort: 'oldest', poster },
      maxItems,
    )) {
      all.push(pr);
    }
    return all;
  }

  /** Closed PRs (merged or not), most recently updated first: what a maintenance window merged or closed. */
  async closedPulls(maxItems = 200): Promise<GiteaPullRequest[]> {
    const all: GiteaPullRequest[] = [];
    for await (const pr of this.pages(
      `${this.r}/pulls`,
      pullRequestListSchema,
      'GET closed pull requests',
      { state: 'closed', sort: 'recentupdate' },
      maxItems,
    ))
      all.push(pr);
    return all;
  }

  /** Issues (never PRs) in a state, newest first. */
  async listIssues(state: 'open' | 'closed', maxItems = 200): Promise<GiteaIssue[]> {
    const all: GiteaIssue[] = [];
    for await (const i of this.pages(`${this.r}/issues`, issueListSchema, `GET ${state} issues`, { state, type: 'issues' }, maxItems))
      if (!i.pull_request) all.push(i);
    return all;
  }

  getPull(number: number): Promise<GiteaPullRequest> {
    return this.get(`${this.r}/pulls/${number}`, pullRequestSchema, `GET PR #${number}`);
  }

  async pullFiles(number: number): Promise<GiteaChangedFile[]> {
    const all: GiteaChangedFile[] = [];
    for await (const f of this.pages(`${this.r}/pulls/${number}/files`, changedFileListSchema, `GET files of PR #${number}`)) all.push(f);
    return all;
  }

  async combinedStatus(ref: string): Promise<StatusSummary> {
    const status = await this.get(`${this.r}/commits/${enc(ref)}/status`, combinedStatusSchema, `GET CI status of ${ref.slice(0, 10)}`);
    return { ...status, hasCi: status.total_count > 0 };
  }

  /**
   * Merges exactly the evaluated head. Never retried: 405 not mergeable (draft, protected, not
   * ready), 409 head moved or conflict (nothing merged), 423 archived, 500 "still checking".
   */
  async mergePull(number: number, options: MergeOptions): Promise<void> {
    const operation = `merge PR #${number}`;
    const body: Record<string, unknown> = {
      do: options.style ?? 'merge',
      head_commit_id: options.headSha,
      delete_branch_after_merge: options.deleteBranch ?? true,
    };
    if (options.title) body.merge_title_field = options.title;
    if (options.message) body.merge_message_field = options.message;
    try {
      await this.http.send({ method: 'POST', path: `${this.r}/pulls/${number}/merge`, body, operation });
    } catch (err) {
      throw mergeError(err, operation);
    }
  }

  /** 204 merged, 404 not merged. */
  async isMerged(number: number): Promise<boolean> {
    try {
      await this.http.send({ method: 'GET', path: `${this.r}/pulls/${number}/merge`, operation: `GET merged state of PR #${number}` });
      return true;
    } catch (err) {
      if (err instanceof GiteaError && err.kind === 'not-found') return false;
      throw err;
    }
  }

  async closePull(number: number): Promise<GiteaPullRequest> {
    const { data } = await this.http.json(
      { method: 'PATCH', path: `${this.r}/pulls/${number}`, body: { state: 'closed' }, operation: `close PR #${number}` },
      pullRequestSchema,
    );
    return data;
  }

  async createPull(options: { head: string; base: string; title: string; body: string }): Promise<GiteaPullRequest> {
    const { data } = await this.http.json(
      { method: 'POST', path: `${this.r}/pulls`, body: options, operation: `open PR from ${options.head}` },
      pullRequestSchema,
    );
    return data;
  }

  // ── repository content (what a rollback needs) ─────────────────────────────────────────────

  /** A file's text at `ref`, with its blob SHA; null when the file does not exist there. */
  async fileAt(filePath: string, ref: string): Promise<{ content: string; sha: string } | null> {
    try {
      const c = await this.get(`${this.r}/contents/${encPath(filePath)}`, contentsResponseSchema, `GET ${filePath}@${ref.slice(0, 12)}`, { ref });
      if (c.type !== 'file') throw new GiteaError('validation', `${filePath} is a ${c.type}, not a file`, { operation: `GET ${filePath}` });
      const content = c.encoding === 'base64' ? Buffer.from(c.content ?? '', 'base64').toString('utf8') : (c.content ?? '');
      return { content, sha: c.sha };
    } catch (err) {
      if (err instanceof GiteaError && err.kind === 'not-found') return null;
      throw err;
    }
  }

  getCommit(sha: string): Promise<GiteaCommit> {
    return this.get(`${this.r}/git/commits/${enc(sha)}`, commitSchema, `GET commit ${sha.slice(0, 10)}`, { stat: false, verification: false, files: true });
  }

  /** Several file changes as ONE commit on `branch` (or on a new branch cut from it). */
  async changeFiles(options: { branch: string; newBranch?: string; message: string; files: FileChange[] }): Promise<{ sha: string; parents: string[] }> {
    const body = {
      branch: options.branch,
      ...(options.newBranch ? { new_branch: options.newBranch } : {}),
      message: options.message,
      files: options.files.map((f) => ({
        operation: f.operation,
        path: f.path,
        ...(f.content !== undefined ? { content: Buffer.from(f.content, 'utf8').toString('base64') } : {}),
        ...(f.sha ? { sha: f.sha } : {}),
      })),
    };
    const { data } = await this.http.json(
      { method: 'POST', path: `${this.r}/contents`, body, operation: `commit ${options.files.length} file(s) to ${options.newBranch ?? options.branch}` },
      filesResponseSchema,
    );
    return { sha: data.commit.sha, parents: data.commit.parents.map((p) => p.sha) };
  }

  async createBranch(name: string, fromRef: string): Promise<GiteaBranch> {
    const { data } = await this.http.json(
      { method: 'POST', path: `${this.r}/branches`, body: { new_branch_name: name, old_ref_name: fromRef }, operation: `create branch ${name}` },
      branchSchema,
    );
    return data;
  }

  getBranch(name: string): Promise<GiteaBranch> {
    return this.get(`${this.r}/branches/${encPath(name)}`, branchSchema, `GET branch ${name}`);
  }

  branchProtections(): Promise<GiteaBranchProtection[]> {
    return this.get(`${this.r}/branch_protections`, branchProtectionListSchema, 'GET branch protections');
  }

  /** Whether a direct commit to `branch` is allowed, and what a PR into it must pass. */
  async branchProtection(branch: string): Promise<BranchProtectionCheck> {
    const b = await this.getBranch(branch);
    return {
      protected: b.protected,
      rule: b.effective_branch_protection_name || null,
      userCanPush: b.user_can_push ?? !b.protected,
      userCanMerge: b.user_can_merge ?? true,
      requiredChecks: b.enable_status_check ? b.status_check_contexts : [],
      requiredApprovals: b.required_approvals ?? 0,
    };
  }

  // ── pagination ─────────────────────────────────────────────────────────────────────────────

  /**
   * Every item of a list endpoint. Stops on a short page or when X-Total-Count is reached; builds
   * its own page URLs (Link headers carry the server's ROOT_URL, not the host we called).
   */
  async *pages<T>(path: string, schema: z.ZodType<T[]>, operation: string, query: HttpRequest['query'] = {}, maxItems = 1_000): AsyncGenerator<T> {
    let seen = 0;
    for (let page = 1; ; page++) {
      const { data, res } = await this.http.json({ method: 'GET', path, query: { ...query, page, limit: PAGE_LIMIT }, operation }, schema);
      for (const item of data) {
        if (seen >= maxItems) return;
        seen++;
        yield item;
      }
      const total = Number(res.headers['x-total-count']);
      if (data.length === 0 || data.length < PAGE_LIMIT || (Number.isFinite(total) && seen >= total)) return;
    }
  }
}

function mergeError(err: unknown, operation: string): unknown {
  if (!(err instanceof GiteaError)) return err;
  const status = err.status;
  const said = err.message.replace(/^\d{3}\s*/, '');
  switch (status) {
    case 405:
      return new GiteaError('not-mergeable', `not mergeable: ${said || 'draft, protected or not ready'}`, { status, operation });
    case 409:
      if (/head out of date/i.test(said)) return new GiteaError('head-moved', 'the PR head moved since it was checked; nothing merged', { status, operation });
      return new GiteaError('conflict', `merge refused (${said || 'conflict'}); nothing merged`, { status, operation });
    case 423:
      return new GiteaError('archived', 'the repository is archived', { status, operation });
    case 404:
      return new GiteaError('not-found', 'PR not found or already closed', { status, operation });
    default:
      if (status !== null && status >= 500) {
        return new GiteaError('checking', 'Gitea is still checking the PR (or has dependencies left); re-read it and retry later', { status, operation });
      }
      if (err.kind === 'network' || err.kind === 'timeout') {
        return new GiteaError(err.kind, `${err.message}; the merge may or may not have happened, re-read the PR`, { operation });
      }
      return err;
  }
}
