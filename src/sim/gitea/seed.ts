import { initialTree } from '../seed/homelab-repo.js';
import { readSeedText } from '../seed/read-seed.js';
import { SEED_PULLS, seedPullFiles } from '../seed/renovate-prs.js';
import { GiteaWorld, type GiteaFlavor } from './world.js';

/** Tokens of the demo world; registered as secrets by whoever loads them, like any token. */
export const DEMO_TOKENS = { admin: 'demo-admin-token-4f1c9e2a7b', renovate: 'demo-renovate-token-8d3a61f0c2' } as const;

export interface SeedOptions {
  flavor?: GiteaFlavor;
  /** Body of issue #42; default: `src/sim/seed/maintenance-body.md`, read now. */
  maintenanceBody?: string;
  dashboardBody?: string;
}

/** The Gitea part of docs/DEMO-WORLD.md: ops/homelab, admin + renovate, #4 dashboard, #42 maintenance, PRs #43–#48. */
export function seedDemoWorld(options: SeedOptions = {}): GiteaWorld {
  const world = new GiteaWorld(options.flavor ?? 'gitea-1.26');
  world.addUser('admin', { fullName: 'Homelab Admin', isAdmin: true, token: DEMO_TOKENS.admin });
  world.addUser('renovate', { fullName: 'Renovate Bot', token: DEMO_TOKENS.renovate });
  world.addLabel('maintenance', '#0e8a16', 'Maintenance runbook');
  world.addLabel('renovate', '#1d76db', 'Opened by Renovate');
  world.addLabel('dependencies', '#0366d6', 'Dependency updates');
  world.addLabel('bug', '#d73a4a', 'Something is broken');
  world.addLabel('enhancement', '#a2eeef', 'New feature or request');

  const root = world.git.commit({ parents: [], changes: initialTree(), message: 'Initial homelab layout', author: 'admin', date: '2026-10-01T09:00:00Z' });
  world.git.branches.set('main', root.sha);
  world.protections.push({
    ruleName: 'main',
    enablePush: true,
    enableStatusCheck: false,
    statusCheckContexts: [],
    requiredApprovals: 0,
    createdAt: '2026-10-01T09:05:00Z',
  });

  world.addIssue({
    number: 4,
    title: 'Dependency Dashboard',
    body: options.dashboardBody ?? readSeedText('dependency-dashboard.md'),
    poster: 'renovate',
    createdAt: '2026-10-02T02:00:00Z',
  });

  for (const seed of SEED_PULLS) {
    const head = world.git.commit({ parents: [root.sha], changes: seedPullFiles(seed), message: seed.title, author: 'renovate', date: seed.createdAt });
    world.git.branches.set(seed.branch, head.sha);
    world.addIssue({
      number: seed.number,
      title: seed.title,
      body: seed.body,
      poster: 'renovate',
      labels: ['renovate', 'dependencies'],
      createdAt: seed.createdAt,
      pull: {
        headBranch: seed.branch,
        baseBranch: 'main',
        headSha: head.sha,
        mergeBase: root.sha,
        merged: false,
        mergedAt: null,
        mergeCommitSha: null,
        mergedBy: null,
        checking: false,
        conflicted: false,
      },
    });
    if (seed.ci !== 'none') {
      world.addStatus(head.sha, 'renovate/stability-days', 'success', 'Updates have met minimum release age requirement', 'renovate');
      world.addStatus(
        head.sha,
        'ci/kubeconform',
        seed.ci,
        seed.ci === 'failure' ? 'kubeconform: 1 invalid resource' : seed.ci === 'pending' ? 'running' : 'all manifests valid',
      );
    }
  }

  // Related work (workflow 4.2): a bug report the Ceph items resolve (proposed, pre-selected), and a
  // feature request about the same component (proposed, held back: the Do NOT close list).
  world.addIssue({
    number: 30,
    title: 'Ceph: slow ops and stalled reads on osd.3 and osd.7',
    body: 'Grafana shows BLUESTORE_SLOW_OP_ALERT since the last kernel update; paperless uploads time out.\n',
    poster: 'admin',
    labels: ['bug'],
    createdAt: '2026-11-20T18:12:00Z',
  });
  world.addIssue({
    number: 31,
    title: 'Feature request: Ceph capacity dashboard in Grafana',
    body: 'A panel with the Ceph usage trend, so the next purge is planned before the cluster is near full.\n',
    poster: 'admin',
    labels: ['enhancement'],
    createdAt: '2026-11-21T09:40:00Z',
  });

  // #42 is created after the PRs: the newest maintenance issue.
  world.addIssue({
    number: 42,
    title: '[Maintenance] 2026-11-26 - Homelab',
    body: options.maintenanceBody ?? readSeedText('maintenance-body.md'),
    poster: 'admin',
    labels: ['maintenance'],
    createdAt: '2026-11-26T06:30:00Z',
  });
  return world;
}
