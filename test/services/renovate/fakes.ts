import type { ApplicationView, GateResult, LayerStatus } from '../../../src/domain/health/types.js';
import type { AppControl, Clock, GateSource, PullLike, RenovateGitea } from '../../../src/services/renovate/ports.js';

/** A clock whose sleep advances time at once, so a 5-minute wait takes no real time. */
export class FakeClock implements Clock {
  t = Date.parse('2026-11-26T10:00:00Z');
  onTick: Array<(now: number) => void> = [];
  now(): number {
    return this.t;
  }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    await Promise.resolve();
    if (signal?.aborted) return;
    this.t += ms;
    for (const f of this.onTick) f(this.t);
  }
}

interface Commit {
  sha: string;
  parents: string[];
  files: Map<string, string>;
  changed: string[];
}

export class HeadMovedError extends Error {
  kind = 'head-moved';
}

let shaCounter = 0;
const newSha = () => (++shaCounter).toString(16).padStart(40, 'a');

/** An in-memory repository with PRs, enough for the merge loop's calls. */
export class FakeGitea implements RenovateGitea {
  readonly repoName = 'ops/homelab';
  commits = new Map<string, Commit>();
  branches = new Map<string, string>();
  pulls = new Map<number, PullLike & { files: string[] }>();
  ci = new Map<string, { state: string; total_count: number }>();
  protectedBranches = new Set<string>();
  merges: number[] = [];
  writes = 0;
  onMerged: Array<(sha: string, files: string[]) => void> = [];
  /** Called between the loop's check and its merge call: tests move the head here. */
  beforeMerge: ((pr: number) => void) | null = null;

  constructor(initial: Record<string, string>) {
    const sha = newSha();
    this.commits.set(sha, { sha, parents: [], files: new Map(Object.entries(initial)), changed: [] });
    this.branches.set('main', sha);
  }

  commitOn(branch: string, changes: Record<string, string | null>, parentExtra: string[] = []): string {
    const parent = this.branches.get(branch) ?? this.branches.get('main')!;
    const files = new Map(this.commits.get(parent)!.files);
    for (const [p, c] of Object.entries(changes)) {
      if (c === null) files.delete(p);
      else files.set(p, c);
    }
    const sha = newSha();
    this.commits.set(sha, { sha, parents: [parent, ...parentExtra], files, changed: Object.keys(changes) });
    this.branches.set(branch, sha);
    return sha;
  }

  addPull(number: number, title: string, branch: string, body: string, changes: Record<string, string>): void {
    this.branches.set(branch, this.branches.get('main')!);
    const sha = this.commitOn(branch, changes);
    this.ci.set(sha, { state: 'success', total_count: 1 });
    this.pulls.set(number, {
      number,
      title,
      body,
      state: 'open',
      user: { login: 'admin' },
      labels: [],
      draft: false,
      mergeable: true,
      merged: false,
      merge_commit_sha: null,
      head: { label: branch, ref: branch, sha },
      base: { label: 'main', ref: 'main', sha: this.branches.get('main')! },
      html_url: `http://gitea/ops/homelab/pulls/${number}`,
      created_at: '2026-11-25T10:00:00Z',
      files: Object.keys(changes),
    });
  }

  pushToPull(number: number, changes: Record<string, string>): string {
    const p = this.pulls.get(number)!;
    const sha = this.commitOn(p.head.ref, changes);
    p.head = { ...p.head, sha };
    this.ci.set(sha, { state: 'success', total_count: 1 });
    return sha;
  }

  async openPulls() {
    return [...this.pulls.values()].filter((p) => p.state === 'open');
  }
  async getPull(n: number) {
    const p = this.pulls.get(n);
    if (!p) throw Object.assign(new Error('not found'), { kind: 'not-found' });
    return { ...p };
  }
  async pullFiles(n: number) {
    return this.pulls.get(n)!.files.map((filename) => ({ filename, status: 'changed' }));
  }
  async combinedStatus(ref: string) {
    return this.ci.get(ref) ?? { state: 'pending', total_count: 0 };
  }
  async mergePull(n: number, o: { headSha: string }) {
    this.beforeMerge?.(n);
    const p = this.pulls.get(n)!;
    if (p.head.sha !== o.headSha) throw new HeadMovedError('409 head out of date');
    this.writes++;
    const head = this.commits.get(p.head.sha)!;
    const changes: Record<string, string> = {};
    for (const f of p.files) changes[f] = head.files.get(f)!;
    const sha = this.commitOn('main', changes, [p.head.sha]);
    Object.assign(p, { merged: true, state: 'closed', merge_commit_sha: sha, mergeable: false });
    this.merges.push(n);
    for (const f of this.onMerged) f(sha, p.files);
  }
  async getCommit(sha: string) {
    const c = this.commits.get(sha)!;
    return { sha, parents: c.parents.map((s) => ({ sha: s })), files: c.changed.map((filename) => ({ filename, status: 'modified' })) };
  }
  async fileAt(path: string, ref: string) {
    const c = this.commits.get(this.branches.get(ref) ?? ref);
    const content = c?.files.get(path);
    return content === undefined ? null : { content, sha: `blob:${ref}:${path}:${content.length}` };
  }
  async changeFiles(o: {
    branch: string;
    newBranch?: string;
    message: string;
    files: Array<{ operation: string; path: string; content?: string; sha?: string }>;
  }) {
    this.writes++;
    const target = o.newBranch ?? o.branch;
    if (o.newBranch) this.branches.set(o.newBranch, this.branches.get(o.branch)!);
    const changes: Record<string, string | null> = {};
    for (const f of o.files) changes[f.path] = f.operation === 'delete' ? null : f.content!;
    const sha = this.commitOn(target, changes);
    for (const f of this.onMerged) if (target === 'main') f(sha, Object.keys(changes));
    return { sha, parents: this.commits.get(sha)!.parents };
  }
  async branchProtection(branch: string) {
    const p = this.protectedBranches.has(branch);
    return { protected: p, userCanPush: !p };
  }
  created: Array<{ head: string; base: string; title: string }> = [];
  async createPull(o: { head: string; base: string; title: string; body: string }) {
    this.writes++;
    this.created.push(o);
    return { number: 900 + this.created.length, html_url: 'http://gitea/pulls/x' };
  }
  async getBranch(name: string) {
    return { name, commit: { id: this.branches.get(name)! } };
  }
  content(path: string, ref = 'main'): string | undefined {
    return this.commits.get(this.branches.get(ref)!)!.files.get(path);
  }
}

/** ArgoCD in miniature: apps follow `main` after `lagMs` unless refreshed; `breaks` end Degraded. */
export class FakeArgo implements AppControl {
  apps: ApplicationView[];
  refreshes: string[] = [];
  pending: Array<{ at: number; sha: string; files: string[] }> = [];
  breaks = new Set<string>();
  constructor(
    private readonly clock: FakeClock,
    apps: Array<[name: string, path: string]>,
    initialSha: string,
    private readonly lagMs = 30_000,
  ) {
    this.apps = apps.map(([name, path]) => ({
      namespace: 'argocd',
      name,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: initialSha,
      sourcePaths: [path],
      repoURL: 'http://gitea/ops/homelab.git',
      operationPhase: 'Succeeded',
    }));
    clock.onTick.push((now) => this.tick(now));
  }
  commit(sha: string, files: string[]): void {
    for (const a of this.apps) if (files.some((f) => f.startsWith(`${a.sourcePaths[0]}/`))) a.syncStatus = 'OutOfSync';
    this.pending.push({ at: this.clock.now() + this.lagMs, sha, files });
  }
  private apply(sha: string, files: string[]): void {
    for (const a of this.apps) {
      if (!files.some((f) => f.startsWith(`${a.sourcePaths[0]}/`))) continue;
      a.revision = sha;
      a.syncStatus = 'Synced';
      a.healthStatus = this.breaks.has(a.name) ? 'Degraded' : 'Healthy';
    }
  }
  tick(now: number): void {
    const due = this.pending.filter((p) => p.at <= now);
    this.pending = this.pending.filter((p) => p.at > now);
    for (const p of due) this.apply(p.sha, p.files);
  }
  async list() {
    return this.apps.map((a) => ({ ...a }));
  }
  async refresh(app: { name: string }) {
    this.refreshes.push(app.name);
    const due = this.pending;
    this.pending = [];
    for (const p of due) this.apply(p.sha, p.files);
  }
}

export function gateOf(status: LayerStatus, gradedAt: number, reason = 'x'): GateResult {
  const layer = (s: LayerStatus) => ({ status: s, healthyPercent: 100, reasons: s === 'GREEN' ? [] : [reason], offenders: [] });
  return {
    overall: status,
    layers: { metal: layer('GREEN'), system: layer('GREEN'), platform: layer(status), apps: layer('GREEN') },
    gradedAt: new Date(gradedAt).toISOString(),
  };
}

/** A gate that grades GREEN unless an app is unhealthy (like the Platform layer does). */
export function argoGate(argo: FakeArgo, clock: FakeClock): GateSource & { grades: number } {
  const grade = () => {
    const bad = argo.apps.find((a) => a.syncStatus !== 'Synced' || a.healthStatus !== 'Healthy');
    return gateOf(bad ? 'RED' : 'GREEN', clock.now(), bad ? `Application ${bad.name} ${bad.syncStatus}/${bad.healthStatus}` : '');
  };
  const g = {
    grades: 0,
    current: () => grade(),
    fresh: async () => {
      g.grades++;
      return grade();
    },
  };
  return g;
}
