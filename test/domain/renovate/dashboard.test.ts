import { describe, expect, it } from 'vitest';
import { findDashboardIssue, openDashboardItems, parseDependencyDashboard } from '../../../src/domain/renovate/dashboard.js';
import { SHARED_ABSENT, hasShared, listCorpus, readCorpus, describeCorpus } from '../../support/shared.js';

// Per dashboard capture, read by eye: sections in order, and the open per-update items as
// [section, action, branch, pr, packages listed].
type Item = [string, string, string, number, number];
const DASHBOARDS: Record<string, { sections: string[]; problems: number; warnings: number; open: Item[] }> = {
  '2026-01-31-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'PR Closed (Blocked)', 'Detected Dependencies'],
    problems: 2,
    warnings: 0,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 54, 7],
      ['Open', 'rebase', 'renovate/renovate-46.x', 55, 0],
      ['PR Closed (Blocked)', 'recreate', 'renovate/docker.io-library-debian-13.x', 52, 0],
    ],
  },
  '2026-01-31-dependency-dashboard-with-capture-header.md': {
    sections: ['Repository Problems', 'Open', 'PR Closed (Blocked)', 'Detected Dependencies'],
    problems: 2,
    warnings: 0,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 54, 7],
      ['Open', 'rebase', 'renovate/renovate-46.x', 55, 0],
      ['PR Closed (Blocked)', 'recreate', 'renovate/docker.io-library-debian-13.x', 52, 0],
    ],
  },
  '2026-02-12-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'PR Closed (Blocked)', 'Detected Dependencies'],
    problems: 5,
    warnings: 1,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 54, 27],
      ['Open', 'rebase', 'renovate/ghcr.io-kagent-dev-doc2vec-mcp-2.x', 62, 0],
      ['Open', 'rebase', 'renovate/external-secrets-2.x', 61, 0],
      ['PR Closed (Blocked)', 'recreate', 'renovate/docker.io-library-debian-13.x', 52, 0],
    ],
  },
  '2026-02-13-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'PR Closed (Blocked)', 'Detected Dependencies'],
    problems: 2,
    warnings: 0,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 63, 8],
      ['PR Closed (Blocked)', 'recreate', 'renovate/docker.io-library-debian-13.x', 52, 0],
    ],
  },
  '2026-02-22-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'PR Closed (Blocked)', 'Detected Dependencies'],
    problems: 2,
    warnings: 0,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 63, 15],
      ['Open', 'rebase', 'renovate/kube-prometheus-stack-82.x', 65, 0],
      ['PR Closed (Blocked)', 'recreate', 'renovate/docker.io-library-debian-13.x', 52, 0],
    ],
  },
  '2026-02-28-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'Detected Dependencies'],
    problems: 2,
    warnings: 0,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 67, 20],
      ['Open', 'rebase', 'renovate/bitnamilegacy-postgresql-17.x', 68, 0],
      ['Open', 'rebase', 'renovate/docker.io-library-debian-13.x', 69, 0],
      ['Open', 'rebase', 'renovate/valkey-valkey-9.x', 70, 0],
    ],
  },
  '2026-03-06-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'Detected Dependencies'],
    problems: 2,
    warnings: 0,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 67, 25],
      ['Open', 'rebase', 'renovate/bitnamilegacy-postgresql-17.x', 68, 0],
      ['Open', 'rebase', 'renovate/docker.io-library-debian-13.x', 69, 0],
      ['Open', 'rebase', 'renovate/valkey-valkey-9.x', 70, 0],
    ],
  },
  '2026-03-23-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'Detected Dependencies'],
    problems: 2,
    warnings: 0,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 72, 31],
      ['Open', 'rebase', 'renovate/bitnamilegacy-postgresql-17.x', 73, 0],
      ['Open', 'rebase', 'renovate/nextcloud-9.x', 74, 0],
    ],
  },
  '2026-04-03-dependency-dashboard.md': {
    sections: ['Repository Problems', 'Open', 'PR Closed (Blocked)', 'Detected Dependencies'],
    problems: 4,
    warnings: 1,
    open: [
      ['Open', 'rebase', 'renovate/all-minor-patch', 80, 8],
      ['Open', 'rebase', 'renovate/bitnamilegacy-postgresql-17.x', 81, 0],
      ['PR Closed (Blocked)', 'recreate', 'renovate/nextcloud-9.x', 74, 0],
    ],
  },
  '2026-04-24-dependency-dashboard.md': {
    sections: ['Repository Problems', 'PR Edited (Blocked)', 'Open', 'PR Closed (Blocked)', 'Detected Dependencies'],
    problems: 4,
    warnings: 1,
    open: [
      ['PR Edited (Blocked)', 'rebase', 'renovate/all-minor-patch', 80, 32],
      ['Open', 'rebase', 'renovate/bitnamilegacy-postgresql-17.x', 81, 0],
      ['Open', 'rebase', 'renovate/kube-prometheus-stack-84.x', 83, 0],
      ['PR Closed (Blocked)', 'recreate', 'renovate/nextcloud-9.x', 74, 0],
    ],
  },
};

/** grep extracts of unchecked lines: no sections, just the items (the 02-28 one holds only a grep warning). */
const GREPS: Record<string, number[]> = {
  '2026-01-31-dependency-dashboard-unchecked.txt': [54, 55, 52],
  '2026-02-22-dependency-dashboard-unchecked.txt': [63, 65, 52],
  '2026-02-28-dependency-dashboard-unchecked.txt': [],
  '2026-03-07-dependency-dashboard-unchecked.txt': [67, 68, 69, 70],
};

describeCorpus(`Dependency Dashboards in corpus/renovate ${hasShared ? '' : SHARED_ABSENT}`, () => {
  it('has an expectation for every dashboard capture', () => {
    expect(listCorpus('renovate').filter((f) => f.includes('dashboard'))).toEqual([...Object.keys(DASHBOARDS), ...Object.keys(GREPS)].sort());
  });

  for (const [file, want] of Object.entries(DASHBOARDS)) {
    it(file, () => {
      const d = parseDependencyDashboard(readCorpus('renovate', file));
      expect(d.sections).toEqual(want.sections);
      expect(d.problems).toHaveLength(want.problems);
      expect(d.warnings).toHaveLength(want.warnings);
      expect(openDashboardItems(d).map((e) => [e.section, e.action, e.branch, e.pr, e.packages.length])).toEqual(want.open);
      // Detected Dependencies holds no checkboxes; the bulk rebase box is parsed but not an open item.
      expect(d.entries.every((e) => e.section !== 'Detected Dependencies')).toBe(true);
      expect(d.entries.filter((e) => e.bulk).every((e) => e.action === 'rebase-all-open-prs')).toBe(true);
    });
  }

  for (const [file, prs] of Object.entries(GREPS)) {
    it(file, () => {
      const d = parseDependencyDashboard(readCorpus('renovate', file));
      expect(openDashboardItems(d).map((e) => e.pr)).toEqual(prs);
    });
  }

  it('finds the dashboard issue in an /issues list and reads its body', () => {
    const issues = JSON.parse(readCorpus('gitea', '2026-01-31-issues.json')) as Array<{ number: number; title: string; body: string }>;
    const dash = findDashboardIssue(issues)!;
    expect(dash.number).toBe(4);
    expect(openDashboardItems(parseDependencyDashboard(dash.body)).map((e) => e.pr)).toEqual([54, 55, 52]);
    const single = JSON.parse(readCorpus('gitea', '2026-03-07-dependency-dashboard-issue.json')) as { body: string };
    expect(openDashboardItems(parseDependencyDashboard(single.body)).map((e) => e.pr)).toEqual([67, 68, 69, 70]);
  });
});

describe('parseDependencyDashboard', () => {
  it('reads checked boxes, subheadings, plain-text items and a no-branches body', () => {
    const body = [
      'This issue lists Renovate updates and detected dependencies.',
      '',
      '## Pending Approval',
      '',
      'These branches will be created by Renovate only once you click their checkbox below.',
      '',
      '### Databases',
      ' - [x] <!-- approve-branch=renovate/postgres-18.x -->Update postgres Docker tag to v18',
      ' - [ ] <!-- approve-all-pending-prs -->🔐 **Create all pending approval PRs at once** 🔐',
      '',
      '## Awaiting Schedule',
      '',
      ' - [ ] <!-- unschedule-branch=renovate/all-minor-patch -->Update all non-major dependencies (`eslint`, `vitest`)',
      ' - [ ] <!-- rebase-branch=renovate/lodash-4.x -->[Update dependency lodash to v4.17.21](../pull/12)',
    ].join('\n');
    const d = parseDependencyDashboard(body);
    expect(d.entries.map((e) => [e.section, e.subsection, e.action, e.branch, e.checked, e.bulk, e.text, e.pr, e.packages])).toEqual([
      ['Pending Approval', 'Databases', 'approve', 'renovate/postgres-18.x', true, false, 'Update postgres Docker tag to v18', null, []],
      ['Pending Approval', 'Databases', 'approve-all-pending-prs', null, false, true, 'Create all pending approval PRs at once', null, []],
      ['Awaiting Schedule', null, 'unschedule', 'renovate/all-minor-patch', false, false, 'Update all non-major dependencies', null, ['eslint', 'vitest']],
      ['Awaiting Schedule', null, 'rebase', 'renovate/lodash-4.x', false, false, 'Update dependency lodash to v4.17.21', 12, []],
    ]);
    expect(openDashboardItems(d).map((e) => e.branch)).toEqual(['renovate/all-minor-patch', 'renovate/lodash-4.x']);
    expect(parseDependencyDashboard('This repository currently has no open or pending branches.').noPendingBranches).toBe(true);
  });

  it('ignores closed issues and PRs titled like the dashboard', () => {
    expect(
      findDashboardIssue([
        { number: 1, title: 'Dependency Dashboard', state: 'closed' },
        { number: 2, title: 'Dependency Dashboard', pull_request: {} },
      ]),
    ).toBeNull();
  });
});
