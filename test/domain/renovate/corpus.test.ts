import { expect, it } from 'vitest';
import { classifyPr } from '../../../src/domain/renovate/classify.js';
import { prsFromJson, type PrInput } from '../../../src/domain/renovate/pr-input.js';
import { buildQueue } from '../../../src/domain/renovate/queue.js';
import { parseUpdateTable } from '../../../src/domain/renovate/update-table.js';
import { SHARED_ABSENT, hasShared, listCorpus, readCorpus, describeCorpus } from '../../support/shared.js';

// Expectations written by reading each corpus file (not by running the classifier).

/** Every Renovate PR body in corpus/renovate: its title (from the PR JSON it was extracted from) and what it holds. */
const BODIES: Record<
  string,
  {
    number: number;
    title: string;
    packages: number;
    updateType: string;
    category: string;
    risk: string;
    db: boolean;
    core: boolean;
    some: [string, string, string, string][]; // name, from, to, updateType
  }
> = {
  '2026-01-31-pr-54-body.md': {
    number: 54,
    title: 'chore(deps): update all non-major dependencies',
    packages: 7,
    updateType: 'minor',
    category: 'non-major',
    risk: 'CRITICAL',
    db: true,
    core: false,
    some: [
      ['grafana', '10.5.14', '10.5.15', 'patch'],
      ['kube-prometheus-stack', '81.3.0', '81.4.2', 'minor'],
      ['supabase/postgres', '17.6.1.074', '17.6.1.079', 'patch'],
      ['supabase/realtime', 'v2.73.3', 'v2.73.5', 'patch'],
    ],
  },
  '2026-01-31-pr-55-body.md': {
    number: 55,
    title: 'chore(deps): update helm release renovate to v46',
    packages: 1,
    updateType: 'major',
    category: 'platform',
    risk: 'MEDIUM',
    db: false,
    core: false,
    some: [['renovate', '45.88.1', '46.0.4', 'major']],
  },
  '2026-02-22-pr-63-body.md': {
    // 16 rows; `postgres` appears twice (second row Type `final`, same versions) and counts once.
    number: 63,
    title: 'chore(deps): update all non-major dependencies',
    packages: 15,
    updateType: 'minor',
    category: 'non-major',
    risk: 'CRITICAL',
    db: true,
    core: true,
    some: [
      ['argo-cd', '9.4.1', '9.4.3', 'patch'],
      ['mariadb', '12.1', '12.2', 'minor'],
      ['postgres', '18.1-bookworm', '18.2-bookworm', 'minor'],
      ['external-secrets', '2.0.0', '2.0.1', 'patch'],
      ['snapshot-controller', '5.0.2', '5.0.3', 'patch'],
    ],
  },
  '2026-02-23-pr-65-body.md': {
    number: 65,
    title: 'chore(deps): update helm release kube-prometheus-stack to v82',
    packages: 1,
    updateType: 'major',
    category: 'monitoring',
    risk: 'HIGH',
    db: false,
    core: false,
    some: [['kube-prometheus-stack', '81.6.3', '82.2.0', 'major']],
  },
  '2026-03-07-pr-67-body.md': {
    // 26 rows with Age/Confidence badges; `postgres` twice → 25 packages.
    number: 67,
    title: 'fix(deps): update all non-major dependencies',
    packages: 25,
    updateType: 'minor',
    category: 'non-major',
    risk: 'CRITICAL',
    db: true,
    core: true,
    some: [
      ['cloudflare', '~> 5.17.0', '~> 5.18.0', 'minor'],
      ['ghcr.io/kagent-dev/kagent/tools', '0.0.15', '0.1.1', 'minor'],
      ['rook-ceph', 'v1.19.1', 'v1.19.2', 'patch'],
      ['bitnamilegacy/postgresql', '16.2.0', '16.6.0', 'minor'],
      ['volsync', '0.14.0', '0.15.0', 'minor'],
    ],
  },
  '2026-03-07-pr-68-body.md': {
    number: 68,
    title: 'chore(deps): update bitnamilegacy/postgresql docker tag to v17',
    packages: 1,
    updateType: 'major',
    category: 'database',
    risk: 'CRITICAL',
    db: true,
    core: false,
    some: [['bitnamilegacy/postgresql', '16.2.0', '17.6.0', 'major']],
  },
  '2026-03-07-pr-69-body.md': {
    number: 69,
    title: 'chore(deps): update docker.io/library/debian docker tag to v13',
    packages: 1,
    updateType: 'major',
    category: 'apps',
    risk: 'HIGH',
    db: false,
    core: false,
    some: [['docker.io/library/debian', '12-slim', '13-slim', 'major']],
  },
  '2026-03-07-pr-70-body.md': {
    number: 70,
    title: 'chore(deps): update valkey/valkey docker tag to v9',
    packages: 1,
    updateType: 'major',
    category: 'database',
    risk: 'CRITICAL',
    db: true,
    core: false,
    some: [['valkey/valkey', '8.1-alpine', '9.0-alpine', 'major']],
  },
  '2026-04-03-pr-80-body.md': {
    // homepage, kagent tools, supabase images are apps (MEDIUM); kube-prometheus-stack monitoring (MEDIUM); renovate platform.
    number: 80,
    title: 'chore(deps): update all non-major dependencies',
    packages: 8,
    updateType: 'minor',
    category: 'non-major',
    risk: 'MEDIUM',
    db: false,
    core: false,
    some: [
      ['ghcr.io/gethomepage/homepage', 'v1.12.1', 'v1.12.3', 'patch'],
      ['renovate', '46.97.2', '46.100.1', 'minor'],
      ['supabase/storage-api', 'v1.48.8', 'v1.48.14', 'patch'],
    ],
  },
  '2026-04-03-pr-81-body.md': {
    number: 81,
    title: 'chore(deps): update bitnamilegacy/postgresql docker tag to v17',
    packages: 1,
    updateType: 'major',
    category: 'database',
    risk: 'CRITICAL',
    db: true,
    core: false,
    some: [['bitnamilegacy/postgresql', '16.6.0', '17.6.0', 'major']],
  },
};

/** Every file in corpus/gitea that holds pull requests: the queue in merge order as [number, category, risk, updateType, packages, mergeable]. */
const LISTS: Record<string, [number, string, string, string, number, boolean | null][]> = {
  '2026-01-31-open-prs.json': [
    [54, 'non-major', 'CRITICAL', 'minor', 7, true],
    [55, 'platform', 'MEDIUM', 'major', 1, true],
  ],
  '2026-01-31-prs-raw.json': [
    [54, 'non-major', 'CRITICAL', 'minor', 7, true],
    [55, 'platform', 'MEDIUM', 'major', 1, true],
  ],
  // /issues lists: the two PRs are taken, maintenance #53 and dashboard #4 are not; no mergeable field there.
  '2026-01-31-issues.json': [
    [54, 'non-major', 'CRITICAL', 'minor', 7, null],
    [55, 'platform', 'MEDIUM', 'major', 1, null],
  ],
  '2026-01-31-open-issues.json': [
    [54, 'non-major', 'CRITICAL', 'minor', 7, null],
    [55, 'platform', 'MEDIUM', 'major', 1, null],
  ],
  '2026-01-31-issues-non-maintenance.json': [
    [54, 'non-major', 'CRITICAL', 'minor', 7, null],
    [55, 'platform', 'MEDIUM', 'major', 1, null],
  ],
  // jq-reduced (no body): a bundle of unknown contents is MEDIUM; titles give the dependency and `to vN` = major.
  '2026-02-13-open-prs-summary.json': [[63, 'non-major', 'MEDIUM', 'minor', 0, true]],
  '2026-02-22-open-prs-summary.json': [
    [63, 'non-major', 'MEDIUM', 'minor', 0, true],
    [65, 'monitoring', 'HIGH', 'major', 1, true],
  ],
  '2026-02-22-pr-63-detail.json': [[63, 'non-major', 'CRITICAL', 'minor', 15, true]],
  '2026-02-23-open-prs.json': [
    [63, 'non-major', 'CRITICAL', 'minor', 15, true],
    [65, 'monitoring', 'HIGH', 'major', 1, true],
  ],
  '2026-02-28-open-prs-summary.json': [
    [67, 'non-major', 'MEDIUM', 'minor', 0, true],
    [69, 'apps', 'HIGH', 'major', 1, true],
    [68, 'database', 'CRITICAL', 'major', 1, true],
    [70, 'database', 'CRITICAL', 'major', 1, true],
  ],
  '2026-03-07-open-prs.json': [
    [67, 'non-major', 'CRITICAL', 'minor', 25, true],
    [69, 'apps', 'HIGH', 'major', 1, true],
    [68, 'database', 'CRITICAL', 'major', 1, true],
    [70, 'database', 'CRITICAL', 'major', 1, true],
  ],
  // An /issues summary without pull_request fields: the Renovate titles identify #72–#74; the dashboard is not a PR.
  '2026-03-24-open-issues-summary.json': [
    [72, 'non-major', 'MEDIUM', 'minor', 0, null],
    [74, 'apps', 'HIGH', 'major', 1, null],
    [73, 'database', 'CRITICAL', 'major', 1, null],
  ],
  '2026-04-03-open-prs.json': [
    [80, 'non-major', 'MEDIUM', 'minor', 8, true],
    [81, 'database', 'CRITICAL', 'major', 1, true],
  ],
  '2026-04-24-open-prs-summary.json': [
    [80, 'non-major', 'MEDIUM', 'minor', 0, false],
    [83, 'monitoring', 'HIGH', 'major', 1, true],
    [81, 'database', 'CRITICAL', 'major', 1, false],
  ],
};

const NO_PRS = new Set([
  '2026-01-31-issue-53-patch-response.json',
  '2026-01-31-maintenance-issue-check.json',
  '2026-01-31-open-maintenance-issues-summary.json',
  '2026-02-12-open-issues.json',
  '2026-02-13-open-issues-summary.json',
  '2026-02-22-check-existing-maintenance.json',
  '2026-02-22-issue-64-before-update.json',
  '2026-02-22-maintenance-issue-update-result.json',
  '2026-02-22-pr-63-files.json',
  '2026-02-23-dependency-dashboard-issue.json',
  '2026-02-23-issue-64-after.json',
  '2026-02-23-issue-64-final.json',
  '2026-02-23-maintenance-issue-check-existing.json',
  '2026-02-23-maintenance-issue-update-result.json',
  '2026-02-28-issues-summary.json',
  '2026-03-07-dependency-dashboard-issue.json',
  '2026-03-07-issue-71.json',
  '2026-03-07-maintenance-issue-update-result.json',
  '2026-04-03-maintenance-issue-check.json',
]);

const bodyPr = (file: string, number: number, title: string): PrInput => ({
  number,
  title,
  body: readCorpus('renovate', file),
  state: 'open',
  headBranch: null,
  headSha: null,
  baseBranch: null,
  author: null,
  labels: [],
  mergeable: true,
  draft: false,
  merged: false,
  createdAt: null,
  htmlUrl: null,
});

describeCorpus(`Renovate PR bodies in corpus/renovate ${hasShared ? '' : SHARED_ABSENT}`, () => {
  it('has an expectation for every PR body in the corpus', () => {
    expect(listCorpus('renovate').filter((f) => /-pr-\d+-body\.md$/.test(f))).toEqual(Object.keys(BODIES).sort());
  });

  for (const [file, want] of Object.entries(BODIES)) {
    it(`${file}: #${want.number} ${want.category} ${want.risk}`, () => {
      const pr = bodyPr(file, want.number, want.title);
      const e = classifyPr(pr);
      expect(e.renovate).toBe(true);
      expect(e.packages).toHaveLength(want.packages);
      expect(parseUpdateTable(pr.body!)).toHaveLength(want.packages);
      for (const [name, from, to, type] of want.some) expect(e.packages).toContainEqual({ name, from, to, updateType: type });
      expect([e.updateType, e.category, e.risk, e.containsDatabase, e.containsCore]).toEqual([want.updateType, want.category, want.risk, want.db, want.core]);
      expect(e.excluded).toBeNull();
    });
  }
});

describeCorpus(`PR lists in corpus/gitea ${hasShared ? '' : SHARED_ABSENT}`, () => {
  it('has an expectation for every gitea file (a queue, or no pull requests at all)', () => {
    const files = listCorpus('gitea', '.json');
    expect(files.filter((f) => !NO_PRS.has(f)).sort()).toEqual(Object.keys(LISTS).sort());
    for (const f of NO_PRS) expect(prsFromJson(JSON.parse(readCorpus('gitea', f))), f).toEqual([]);
  });

  for (const [file, want] of Object.entries(LISTS)) {
    it(`${file}: merge order ${want.map((w) => `#${w[0]}`).join(', ')}`, () => {
      const queue = buildQueue(prsFromJson(JSON.parse(readCorpus('gitea', file))));
      expect(queue.map((e) => [e.number, e.category, e.risk, e.updateType, e.packages.length, e.mergeable])).toEqual(want);
      expect(queue.every((e) => e.renovate && e.excluded === null)).toBe(true);
      expect(queue.map((e) => e.order)).toEqual(want.map((w) => ({ 'non-major': 1, platform: 2, monitoring: 3, core: 4, apps: 5, database: 6 })[w[1]]));
    });
  }

  it('reads the head branch from head.label/head.ref and from jq-reduced strings', () => {
    const full = prsFromJson(JSON.parse(readCorpus('gitea', '2026-03-07-open-prs.json')));
    expect(full.map((p) => [p.number, p.headBranch, p.author])).toEqual([
      [70, 'renovate/valkey-valkey-9.x', 'gitea_admin'],
      [69, 'renovate/docker.io-library-debian-13.x', 'gitea_admin'],
      [68, 'renovate/bitnamilegacy-postgresql-17.x', 'gitea_admin'],
      [67, 'renovate/all-minor-patch', 'gitea_admin'],
    ]);
    expect(full[0]!.headSha).toMatch(/^[0-9a-f]{40}$/);
    const reduced = prsFromJson(JSON.parse(readCorpus('gitea', '2026-04-24-open-prs-summary.json')));
    expect(reduced.map((p) => [p.headBranch, p.author, p.headSha])).toContainEqual(['renovate/kube-prometheus-stack-84.x', 'gitea_admin', null]);
  });

  it('agrees with the bodies extracted into corpus/renovate', () => {
    const prs = prsFromJson(JSON.parse(readCorpus('gitea', '2026-03-07-open-prs.json')));
    const p67 = prs.find((p) => p.number === 67)!;
    expect(p67.body).toBe(readCorpus('renovate', '2026-03-07-pr-67-body.md'));
  });
});
