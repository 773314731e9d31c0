import { describe, expect, it } from 'vitest';
import { classifyPr } from '../../../src/domain/renovate/classify.js';
import type { PrInput } from '../../../src/domain/renovate/pr-input.js';
import { buildQueue } from '../../../src/domain/renovate/queue.js';
import { recognise } from '../../../src/domain/renovate/renovate-pr.js';
import { ruleProblems, type RenovateRule } from '../../../src/domain/renovate/rules.js';
import type { ApplicationView } from '../../../src/domain/health/types.js';

function pr(over: Partial<PrInput> & { number: number; title: string }): PrInput {
  return {
    body: null,
    state: 'open',
    headBranch: null,
    headSha: null,
    baseBranch: 'main',
    author: 'admin',
    labels: [],
    mergeable: true,
    draft: false,
    merged: false,
    createdAt: null,
    htmlUrl: null,
    ...over,
  };
}

const table = (...rows: string[]) =>
  ['This PR contains the following updates:', '', '| Package | Update | Change |', '|---|---|---|', ...rows, '', '---'].join('\n');

describe('recognise', () => {
  it('fires on the branch, the body header, the debug trailer or the title, whoever the author is', () => {
    expect(recognise(pr({ number: 1, title: 'Bump things', headBranch: 'renovate/foo-1.x' })).signals).toEqual(['branch']);
    expect(recognise(pr({ number: 1, title: 'x', body: table('| a | patch | `1.0.0` → `1.0.1` |') })).signals).toEqual(['body']);
    expect(recognise(pr({ number: 1, title: 'x', body: 'hand written\n<!--renovate-debug:eyJ9-->' })).signals).toEqual(['debug-marker']);
    expect(recognise(pr({ number: 1, title: 'Update dependency lodash to v4.17.21', author: 'alice' })).signals).toEqual(['title']);
    expect(recognise(pr({ number: 1, title: 'Add backup CronJob', headBranch: 'feature/backup', author: 'renovate' })).renovate).toBe(false);
  });

  it('honours a configured branch prefix', () => {
    expect(recognise(pr({ number: 1, title: 'x', headBranch: 'deps/foo-1.x' }), { branchPrefix: 'deps/' }).renovate).toBe(true);
    expect(recognise(pr({ number: 1, title: 'x', headBranch: 'renovate/foo' }), { branchPrefix: 'deps/' }).renovate).toBe(false);
  });

  it('recognises but excludes onboarding, drafts, stop-updating, lock file maintenance', () => {
    expect(recognise(pr({ number: 1, title: 'Configure Renovate', headBranch: 'renovate/configure' })).excluded).toMatch(/onboarding/);
    expect(recognise(pr({ number: 1, title: 'WIP: Update dependency x to v2', draft: true })).excluded).toMatch(/draft/);
    expect(recognise(pr({ number: 1, title: 'Update dependency x to v2', labels: ['stop-updating'] })).excluded).toMatch(/stop-updating/);
    expect(recognise(pr({ number: 1, title: 'chore(deps): lock file maintenance', headBranch: 'renovate/lock-file-maintenance' })).excluded).toMatch(
      /lock file/,
    );
  });
});

describe('classifyPr', () => {
  it('settles the update type: column, then versions, then labels/title, else major', () => {
    const noColumn = '| Package | Change |\n|---|---|\n| [x](https://x) | `1.2.0` → `1.3.0` |';
    expect(
      classifyPr(pr({ number: 1, title: 'Update dependency x to v1.3.0', body: `This PR contains the following updates:\n\n${noColumn}` })).updateType,
    ).toBe('minor');
    expect(classifyPr(pr({ number: 2, title: 'chore(deps): update helm release traefik to v34', headBranch: 'renovate/traefik-34.x' })).updateType).toBe(
      'major',
    );
    expect(
      classifyPr(pr({ number: 3, title: 'chore(deps): update helm release traefik to v33.2.1', headBranch: 'renovate/traefik-33.x', labels: ['minor'] }))
        .updateType,
    ).toBe('minor');
    // `to v33.2.1` alone does not say how big the jump is: assume major.
    const unknown = classifyPr(pr({ number: 4, title: 'chore(deps): update helm release traefik to v33.2.1', headBranch: 'renovate/traefik-33.x' }));
    expect(unknown.updateType).toBe('major');
    expect(unknown.packages).toEqual([{ name: 'traefik', from: null, to: 'v33.2.1', updateType: 'major' }]);
    expect(classifyPr(pr({ number: 5, title: 'Update postgres digest to 3f1e2a9', headBranch: 'renovate/postgres-digest' })).updateType).toBe('digest');
  });

  it('a major update raises risk one level', () => {
    const minor = classifyPr(pr({ number: 1, title: 'x', body: table('| grafana | minor | `10.1.0` → `10.2.0` |') }));
    const major = classifyPr(pr({ number: 2, title: 'x', body: table('| grafana | major | `10.1.0` → `11.0.0` |') }));
    expect([minor.category, minor.risk]).toEqual(['monitoring', 'MEDIUM']);
    expect([major.category, major.risk]).toEqual(['monitoring', 'HIGH']);
    const core = classifyPr(pr({ number: 3, title: 'x', body: table('| cert-manager | major | `v1.19.0` → `v2.0.0` |') }));
    expect([core.category, core.risk, core.containsCore]).toEqual(['core', 'CRITICAL', true]);
  });

  it('a bundle is order 1, flagged, and carries the highest risk inside it', () => {
    const safe = classifyPr(
      pr({
        number: 1,
        title: 'chore(deps): update all non-major dependencies',
        headBranch: 'renovate/all-minor-patch',
        body: table('| kured | patch | `5.6.0` → `5.6.1` |', '| cloudflared | minor | `2.0.0` → `2.1.0` |'),
      }),
    );
    expect([safe.category, safe.order, safe.risk, safe.containsDatabase, safe.containsCore]).toEqual(['non-major', 1, 'LOW', false, false]);
    const withCore = classifyPr(
      pr({
        number: 2,
        title: 'chore(deps): update all non-major dependencies',
        body: table('| kured | patch | `5.6.0` → `5.6.1` |', '| [argo-cd](https://x) | patch | `9.4.1` → `9.4.3` |'),
      }),
    );
    expect([withCore.order, withCore.risk, withCore.containsCore, withCore.containsDatabase]).toEqual([1, 'HIGH', true, false]);
    expect(withCore.reasons.join('\n')).toMatch(/argo-cd: core → HIGH/);
    const withDb = classifyPr(
      pr({
        number: 3,
        title: 'fix(deps): update all non-major dependencies',
        body: table('| kured | patch | `5.6.0` → `5.6.1` |', '| redis | patch | `7.4.1` → `7.4.2` |'),
      }),
    );
    expect([withDb.risk, withDb.containsDatabase]).toEqual(['CRITICAL', true]);
    expect(withDb.reasons.join('\n')).toMatch(/bundle contains database packages/);
  });

  it('a multi-package group that is not the non-major bundle takes its riskiest category', () => {
    const e = classifyPr(
      pr({
        number: 1,
        title: 'Update monitoring stack (major)',
        headBranch: 'renovate/major-monitoring',
        body: table('| grafana | major | `10.0.0` → `11.0.0` |', '| valkey | minor | `8.0` → `8.1` |'),
      }),
    );
    expect([e.category, e.order, e.risk, e.updateType]).toEqual(['database', 6, 'CRITICAL', 'major']);
  });

  it('users extend the table from config: their rules come first; regex on names and titles; globs on files', () => {
    const extra: RenovateRule[] = [
      { match: '^ghcr\\.io/acme/', category: 'platform' },
      { match: 'nextcloud', risk: 'HIGH' },
      { paths: ['kubernetes/databases/*'], category: 'database' },
      { match: '^chore\\(deps\\): update weekly group', category: 'non-major' },
      { packages: ['grafana'], category: 'apps', risk: 'LOW' },
    ];
    const acme = classifyPr(pr({ number: 1, title: 'x', body: table('| ghcr.io/acme/tool | minor | `1.0.0` → `1.1.0` |') }), { rules: extra });
    expect([acme.category, acme.risk]).toEqual(['platform', 'LOW']);
    const nextcloud = classifyPr(
      pr({ number: 2, title: 'chore(deps): update helm release nextcloud to v8.1.0', body: table('| nextcloud | minor | `8.0.0` → `8.1.0` |') }),
      { rules: extra },
    );
    expect([nextcloud.category, nextcloud.risk]).toEqual(['apps', 'HIGH']);
    const byPath = classifyPr(pr({ number: 3, title: 'x', body: table('| ghcr.io/me/custom-image | patch | `1.0.0` → `1.0.1` |') }), {
      rules: extra,
      files: ['kubernetes/databases/pg/values.yaml'],
    });
    expect([byPath.category, byPath.containsDatabase]).toEqual(['database', true]);
    const weekly = classifyPr(
      pr({ number: 4, title: 'chore(deps): update weekly group', headBranch: 'renovate/weekly', body: table('| kured | minor | `5.6.0` → `5.7.0` |') }),
      { rules: extra },
    );
    expect([weekly.category, weekly.order]).toEqual(['non-major', 1]);
    const grafana = classifyPr(pr({ number: 5, title: 'x', body: table('| grafana | patch | `1.0.0` → `1.0.1` |') }), { rules: extra });
    expect([grafana.category, grafana.risk]).toEqual(['apps', 'LOW']);
    // Without the extra rules the defaults apply.
    expect(classifyPr(pr({ number: 5, title: 'x', body: table('| grafana | patch | `1.0.0` → `1.0.1` |') })).category).toBe('monitoring');
  });

  it('reports bad user rules', () => {
    expect(ruleProblems([{ match: '(', category: 'apps' }])[0]).toMatch(/not a valid regular expression/);
    expect(ruleProblems([{ category: 'apps' }])[0]).toMatch(/needs match, packages or paths/);
    expect(ruleProblems([{ match: 'x' }])[0]).toMatch(/neither category nor risk/);
    expect(ruleProblems([{ match: 'x', risk: 'LOW' }])).toEqual([]);
  });

  it('maps changed files to Applications by source path', () => {
    const app = (name: string, paths: string[], repoURL: string | null = 'https://git.lan/ops/homelab.git'): ApplicationView => ({
      namespace: 'argocd',
      name,
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
      revision: null,
      sourcePaths: paths,
      repoURL,
      operationPhase: null,
    });
    const apps = [
      app('cert-manager', ['kubernetes/core/cert-manager']),
      app('cert-manager-issuers', ['kubernetes/core/cert-manager-issuers']),
      app('grafana', ['kubernetes/monitoring/grafana/']),
      app('chart-from-elsewhere', ['charts/cert-manager'], 'https://charts.example/repo.git'),
      app('multi', ['kubernetes/apps/a', 'kubernetes/core/cert-manager/crds']),
    ];
    const e = classifyPr(
      pr({ number: 1, title: 'chore(deps): update helm release cert-manager to v1.19.2', body: table('| cert-manager | minor | `v1.18.0` → `v1.19.2` |') }),
      {
        files: ['kubernetes/core/cert-manager/Chart.yaml', 'kubernetes/core/cert-manager/crds/x.yaml'],
        apps,
        repo: 'ops/homelab',
      },
    );
    expect(e.affectedApps).toEqual(['cert-manager', 'multi']);
    expect(e.changedFiles).toEqual(['kubernetes/core/cert-manager/Chart.yaml', 'kubernetes/core/cert-manager/crds/x.yaml']);
    expect(classifyPr(pr({ number: 2, title: 'x' })).affectedApps).toEqual([]);
  });

  it('a PR that is not Renovate keeps unknown update type and is excluded from the loop', () => {
    const e = classifyPr(pr({ number: 9, title: 'Add backup CronJob', headBranch: 'feature/backup' }));
    expect([e.renovate, e.updateType, e.excluded]).toEqual([false, 'unknown', 'not a Renovate PR']);
  });

  it('computes age in whole days from created_at', () => {
    const e = classifyPr(pr({ number: 1, title: 'x', createdAt: '2026-11-20T12:00:00Z' }), { now: new Date('2026-11-26T11:00:00Z') });
    expect(e.ageDays).toBe(5);
  });
});

describe('buildQueue', () => {
  it('orders Renovate PRs by category, then risk, then update size, then number; others and excluded last', () => {
    const q = buildQueue([
      pr({ number: 10, title: 'Add backup CronJob' }),
      pr({ number: 11, title: 'chore(deps): update postgres docker tag to v18', headBranch: 'renovate/postgres-18.x' }),
      pr({ number: 12, title: 'WIP: chore(deps): update all non-major dependencies', headBranch: 'renovate/all-minor-patch', draft: true }),
      pr({ number: 13, title: 'x', headBranch: 'renovate/kured-5.x', body: table('| kured | minor | `5.6.0` → `5.7.0` |') }),
      pr({ number: 14, title: 'x', headBranch: 'renovate/cloudflared-2.x', body: table('| cloudflared | patch | `2.0.0` → `2.0.1` |') }),
      pr({
        number: 15,
        title: 'chore(deps): update all non-major dependencies',
        headBranch: 'renovate/all-minor-patch',
        body: table('| kured | patch | `5.6.0` → `5.6.1` |'),
      }),
      pr({ number: 16, title: 'x', headBranch: 'renovate/grafana-11.x', body: table('| grafana | major | `10.0.0` → `11.0.0` |') }),
      pr({ number: 17, title: 'x', headBranch: 'renovate/loki-6.x', body: table('| loki | minor | `6.1.0` → `6.2.0` |') }),
    ]);
    expect(q.map((e) => e.number)).toEqual([15, 14, 13, 17, 16, 11, 12, 10]);
  });
});
