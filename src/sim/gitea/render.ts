import { blobSha, type SimCommit } from './git.js';
import type { GiteaWorld, SimIssue, SimLabel, SimProtection, SimStatus, SimUser } from './world.js';

/*
 * Gitea 1.26 JSON shapes (swagger definitions), built from the world. Go nil pointers are null,
 * exactly where the real server sends null.
 */

export type Json = Record<string, unknown>;

export function renderUser(root: string, u: SimUser): Json {
  return {
    id: u.id,
    login: u.login,
    login_name: '',
    source_id: 0,
    full_name: u.fullName,
    email: u.email,
    avatar_url: `${root}avatars/${u.login}`,
    html_url: `${root}${u.login}`,
    language: 'en-US',
    is_admin: u.isAdmin,
    last_login: u.created,
    created: u.created,
    restricted: false,
    active: true,
    prohibit_login: false,
    location: '',
    website: '',
    description: '',
    visibility: 'public',
    followers_count: 0,
    following_count: 0,
    starred_repos_count: 0,
    username: u.login,
  };
}

export function renderLabel(root: string, w: GiteaWorld, l: SimLabel): Json {
  return {
    id: l.id,
    name: l.name,
    exclusive: false,
    is_archived: false,
    color: l.color,
    description: l.description,
    url: `${root}api/v1/repos/${w.repo.owner}/${w.repo.name}/labels/${l.id}`,
  };
}

export function renderRepository(root: string, w: GiteaWorld): Json {
  const r = w.repo;
  const open = [...w.issues.values()].filter((i) => i.state === 'open');
  return {
    id: r.id,
    owner: renderUser(root, { id: 2, login: r.owner, fullName: 'Operations', email: '', isAdmin: false, created: r.created }),
    name: r.name,
    full_name: `${r.owner}/${r.name}`,
    description: 'Homelab GitOps repository',
    empty: false,
    private: false,
    fork: false,
    template: false,
    mirror: false,
    size: 1024,
    language: '',
    languages_url: `${root}api/v1/repos/${r.owner}/${r.name}/languages`,
    html_url: `${root}${r.owner}/${r.name}`,
    url: `${root}api/v1/repos/${r.owner}/${r.name}`,
    link: '',
    ssh_url: `git@${new URL(root).host}:${r.owner}/${r.name}.git`,
    clone_url: `${root}${r.owner}/${r.name}.git`,
    original_url: '',
    website: '',
    stars_count: 0,
    forks_count: 0,
    watchers_count: 1,
    open_issues_count: open.filter((i) => !i.pull).length,
    open_pr_counter: open.filter((i) => i.pull).length,
    release_counter: 0,
    default_branch: r.defaultBranch,
    archived: r.archived,
    created_at: r.created,
    updated_at: r.created,
    archived_at: '1970-01-01T00:00:00Z',
    permissions: { admin: true, push: true, pull: true },
    has_code: true,
    has_issues: true,
    internal_tracker: { enable_time_tracker: false, allow_only_contributors_to_track_time: true, enable_issue_dependencies: true },
    has_wiki: false,
    has_pull_requests: true,
    has_projects: false,
    projects_mode: 'all',
    has_releases: true,
    has_packages: false,
    has_actions: true,
    ignore_whitespace_conflicts: false,
    allow_merge_commits: true,
    allow_rebase: true,
    allow_rebase_explicit: true,
    allow_squash_merge: true,
    allow_fast_forward_only_merge: true,
    allow_rebase_update: true,
    allow_manual_merge: false,
    autodetect_manual_merge: false,
    default_delete_branch_after_merge: false,
    default_merge_style: 'merge',
    default_allow_maintainer_edit: false,
    avatar_url: '',
    internal: false,
    mirror_interval: '',
    object_format_name: 'sha1',
    mirror_updated: '0001-01-01T00:00:00Z',
    topics: [],
    licenses: [],
  };
}

function labelsOf(root: string, w: GiteaWorld, issue: SimIssue): Json[] {
  return issue.labelIds
    .map((id) => w.labels.find((l) => l.id === id))
    .filter((l): l is SimLabel => Boolean(l))
    .map((l) => renderLabel(root, w, l));
}

const isDraft = (title: string) => /^(WIP:|\[WIP\])/i.test(title);

export function renderIssue(root: string, w: GiteaWorld, issue: SimIssue): Json {
  const r = w.repo;
  const kind = issue.pull ? 'pulls' : 'issues';
  const out: Json = {
    id: issue.id,
    url: `${root}api/v1/repos/${r.owner}/${r.name}/issues/${issue.number}`,
    html_url: `${root}${r.owner}/${r.name}/${kind}/${issue.number}`,
    number: issue.number,
    user: renderUser(root, w.user(issue.poster)),
    original_author: '',
    original_author_id: 0,
    title: issue.title,
    body: issue.body,
    ref: '',
    assets: [],
    labels: labelsOf(root, w, issue),
    milestone: null,
    assignee: null,
    assignees: null,
    state: issue.state,
    is_locked: false,
    comments: 0,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    due_date: null,
    time_estimate: 0,
    pull_request: issue.pull
      ? {
          merged: issue.pull.merged,
          merged_at: issue.pull.mergedAt,
          draft: isDraft(issue.title),
          html_url: `${root}${r.owner}/${r.name}/pulls/${issue.number}`,
        }
      : null,
    repository: { id: r.id, name: r.name, owner: r.owner, full_name: `${r.owner}/${r.name}` },
    pin_order: 0,
  };
  if (w.hasContentVersion) out.content_version = issue.contentVersion;
  return out;
}

export function pullMergeable(issue: SimIssue): boolean {
  const p = issue.pull!;
  return !p.checking && !p.conflicted && !isDraft(issue.title) && issue.state === 'open';
}

export function renderPull(root: string, w: GiteaWorld, issue: SimIssue): Json {
  const r = w.repo;
  const p = issue.pull!;
  const files = w.pullFiles(p);
  const repo = renderRepository(root, w);
  const branch = (name: string, sha: string) => ({
    label: name,
    ref: w.git.branches.has(name) ? name : `refs/pull/${issue.number}/head`,
    sha,
    repo_id: r.id,
    repo,
  });
  const out: Json = {
    id: issue.id,
    url: `${root}${r.owner}/${r.name}/pulls/${issue.number}`,
    number: issue.number,
    user: renderUser(root, w.user(issue.poster)),
    title: issue.title,
    body: issue.body,
    labels: labelsOf(root, w, issue),
    milestone: null,
    assignee: null,
    assignees: null,
    requested_reviewers: null,
    requested_reviewers_teams: null,
    state: issue.state,
    draft: isDraft(issue.title),
    is_locked: false,
    comments: 0,
    review_comments: 0,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length,
    html_url: `${root}${r.owner}/${r.name}/pulls/${issue.number}`,
    diff_url: `${root}${r.owner}/${r.name}/pulls/${issue.number}.diff`,
    patch_url: `${root}${r.owner}/${r.name}/pulls/${issue.number}.patch`,
    mergeable: pullMergeable(issue),
    merged: p.merged,
    merged_at: p.mergedAt,
    merge_commit_sha: p.mergeCommitSha,
    merged_by: p.mergedBy ? renderUser(root, w.user(p.mergedBy)) : null,
    allow_maintainer_edit: false,
    base: branch(p.baseBranch, w.git.resolve(p.baseBranch)?.sha ?? p.mergeBase),
    head: branch(p.headBranch, p.headSha),
    merge_base: p.mergeBase,
    due_date: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    pin_order: 0,
  };
  if (w.hasContentVersion) out.content_version = issue.contentVersion;
  return out;
}

export function renderChangedFiles(root: string, w: GiteaWorld, issue: SimIssue): Json[] {
  const r = w.repo;
  const p = issue.pull!;
  return w.pullFiles(p).map((f) => ({
    filename: f.filename,
    status: f.status === 'deleted' ? 'removed' : f.status,
    additions: f.additions,
    deletions: f.deletions,
    changes: f.additions + f.deletions,
    html_url: `${root}${r.owner}/${r.name}/src/commit/${p.headSha}/${f.filename}`,
    contents_url: `${root}api/v1/repos/${r.owner}/${r.name}/contents/${f.filename}?ref=${p.headSha}`,
    raw_url: `${root}${r.owner}/${r.name}/raw/commit/${p.headSha}/${f.filename}`,
  }));
}

export function renderStatus(root: string, w: GiteaWorld, s: SimStatus): Json {
  return {
    id: s.id,
    status: s.state,
    target_url: s.targetUrl,
    description: s.description,
    url: `${root}api/v1/repos/${w.repo.owner}/${w.repo.name}/statuses/${s.id}`,
    context: s.context,
    creator: renderUser(root, w.user(s.creator)),
    created_at: s.createdAt,
    updated_at: s.createdAt,
  };
}

export function renderContents(root: string, w: GiteaWorld, commit: SimCommit, path: string): Json {
  const r = w.repo;
  const content = commit.tree.get(path)!;
  const sha = blobSha(content);
  return {
    name: path.split('/').pop(),
    path,
    sha,
    last_commit_sha: commit.sha,
    last_commit_message: commit.message,
    type: 'file',
    size: Buffer.byteLength(content),
    encoding: 'base64',
    content: Buffer.from(content, 'utf8').toString('base64'),
    target: null,
    url: `${root}api/v1/repos/${r.owner}/${r.name}/contents/${path}?ref=${commit.sha}`,
    html_url: `${root}${r.owner}/${r.name}/src/commit/${commit.sha}/${path}`,
    git_url: `${root}api/v1/repos/${r.owner}/${r.name}/git/blobs/${sha}`,
    download_url: `${root}${r.owner}/${r.name}/raw/commit/${commit.sha}/${path}`,
    submodule_git_url: null,
    _links: {
      self: `${root}api/v1/repos/${r.owner}/${r.name}/contents/${path}?ref=${commit.sha}`,
      git: `${root}api/v1/repos/${r.owner}/${r.name}/git/blobs/${sha}`,
      html: `${root}${r.owner}/${r.name}/src/commit/${commit.sha}/${path}`,
    },
  };
}

export function renderDirEntry(root: string, w: GiteaWorld, commit: SimCommit, path: string): Json {
  const r = w.repo;
  return {
    name: path.split('/').pop(),
    path,
    sha: commit.sha,
    last_commit_sha: commit.sha,
    type: 'dir',
    size: 0,
    encoding: null,
    content: null,
    target: null,
    url: `${root}api/v1/repos/${r.owner}/${r.name}/contents/${path}?ref=${commit.sha}`,
    html_url: `${root}${r.owner}/${r.name}/src/commit/${commit.sha}/${path}`,
    git_url: null,
    download_url: null,
    submodule_git_url: null,
    _links: {
      self: `${root}api/v1/repos/${r.owner}/${r.name}/contents/${path}?ref=${commit.sha}`,
      git: null,
      html: `${root}${r.owner}/${r.name}/src/commit/${commit.sha}/${path}`,
    },
  };
}

function commitUser(w: GiteaWorld, login: string, date: string): Json {
  const u = w.users.get(login);
  return { name: u?.fullName || login, email: u?.email ?? `${login}@homelab.test`, date };
}

export function renderCommit(root: string, w: GiteaWorld, c: SimCommit, { files = true }: { files?: boolean } = {}): Json {
  const r = w.repo;
  const api = `${root}api/v1/repos/${r.owner}/${r.name}`;
  const user = w.users.get(c.author);
  return {
    url: `${api}/git/commits/${c.sha}`,
    sha: c.sha,
    created: c.date,
    html_url: `${root}${r.owner}/${r.name}/commit/${c.sha}`,
    commit: {
      url: `${api}/git/commits/${c.sha}`,
      author: commitUser(w, c.author, c.date),
      committer: commitUser(w, c.author, c.date),
      message: c.message,
      tree: { url: `${api}/git/trees/${c.sha}`, sha: c.sha, created: c.date },
      verification: { verified: false, reason: 'gpg.error.not_signed_commit', signature: '', signer: null, payload: '' },
    },
    author: user ? renderUser(root, user) : null,
    committer: user ? renderUser(root, user) : null,
    parents: c.parents.map((sha) => ({ url: `${api}/git/commits/${sha}`, sha, created: w.git.get(sha).date })),
    files: files ? c.changed.map((f) => ({ filename: f.filename, status: f.status === 'deleted' ? 'removed' : f.status })) : null,
    stats: {
      total: c.changed.reduce((n, f) => n + f.additions + f.deletions, 0),
      additions: c.changed.reduce((n, f) => n + f.additions, 0),
      deletions: c.changed.reduce((n, f) => n + f.deletions, 0),
    },
  };
}

export function renderBranch(root: string, w: GiteaWorld, name: string, viewer: string): Json {
  const c = w.git.resolve(name)!;
  const rule: SimProtection | undefined = w.protectionFor(name);
  const isAdmin = w.users.get(viewer)?.isAdmin ?? false;
  return {
    name,
    commit: {
      id: c.sha,
      message: c.message,
      url: `${root}${w.repo.owner}/${w.repo.name}/commit/${c.sha}`,
      author: { name: c.author, email: `${c.author}@homelab.test`, username: c.author },
      committer: { name: c.author, email: `${c.author}@homelab.test`, username: c.author },
      verification: null,
      timestamp: c.date,
      added: null,
      removed: null,
      modified: null,
    },
    protected: Boolean(rule),
    required_approvals: rule?.requiredApprovals ?? 0,
    enable_status_check: rule?.enableStatusCheck ?? false,
    status_check_contexts: rule?.statusCheckContexts ?? [],
    user_can_push: rule ? rule.enablePush : true,
    user_can_merge: rule ? isAdmin || rule.requiredApprovals === 0 : true,
    effective_branch_protection_name: rule?.ruleName ?? '',
  };
}

export function renderProtection(p: SimProtection): Json {
  return {
    branch_name: p.ruleName,
    rule_name: p.ruleName,
    priority: 1,
    enable_push: p.enablePush,
    enable_push_whitelist: false,
    push_whitelist_usernames: [],
    push_whitelist_teams: [],
    push_whitelist_deploy_keys: false,
    enable_force_push: false,
    enable_force_push_allowlist: false,
    force_push_allowlist_usernames: [],
    force_push_allowlist_teams: [],
    force_push_allowlist_deploy_keys: false,
    enable_merge_whitelist: false,
    merge_whitelist_usernames: [],
    merge_whitelist_teams: [],
    enable_status_check: p.enableStatusCheck,
    status_check_contexts: p.statusCheckContexts,
    required_approvals: p.requiredApprovals,
    enable_approvals_whitelist: false,
    approvals_whitelist_username: [],
    approvals_whitelist_teams: [],
    block_on_rejected_reviews: false,
    block_on_official_review_requests: false,
    block_on_outdated_branch: false,
    dismiss_stale_approvals: false,
    ignore_stale_approvals: false,
    require_signed_commits: false,
    protected_file_patterns: '',
    unprotected_file_patterns: '',
    block_admin_merge_override: false,
    created_at: p.createdAt,
    updated_at: p.createdAt,
  };
}
