import { describe, expect, it } from 'vitest';
import { classifyPr } from '../../../src/domain/renovate/classify.js';
import type { PrInput } from '../../../src/domain/renovate/pr-input.js';
import type { QueueEntry } from '../../../src/domain/renovate/types.js';
import { needsProtocol, protocolFor, protocolSteps, upgradeClassOf } from '../../../src/domain/upgrade/protocol.js';
import { describeCorpus, readCorpus } from '../../support/shared.js';

const pr = (number: number, title: string, body: string | null): PrInput => ({
  number,
  title,
  body,
  state: 'open',
  headBranch: `renovate/x-${number}`,
  headSha: 'a'.repeat(40),
  baseBranch: 'main',
  author: 'renovate',
  labels: [],
  mergeable: true,
  draft: false,
  merged: false,
  createdAt: '2026-01-01T00:00:00Z',
  htmlUrl: null,
});
const table = (rows: string[]) => `This PR contains the following updates:\n\n| Package | Update | Change |\n|---|---|---|\n${rows.join('\n')}\n`;

describe('protocol per risk class', () => {
  it('maps the workflow categories to classes and risks, databases CRITICAL with the Phase 6 steps', () => {
    const db = classifyPr(pr(1, 'chore(deps): update postgres docker tag to v18', table(['| postgres | major | `17.6-bookworm` → `18.1-bookworm` |'])));
    const p = protocolFor(db)!;
    expect(p).toMatchObject({ upgradeClass: 'database', risk: 'CRITICAL', database: true, stabiliseMs: 30 * 60_000 });
    expect(p.stages.map((s) => s.id)).toEqual(['prepare', 'dry-run', 'execute', 'validate', 'stabilise']);
    expect(p.stages.map((s) => s.gate)).toEqual([null, null, 'gate-1', 'gate-2', 'gate-3']);
    const ids = protocolSteps(p).map((s) => s.id);
    for (const id of [
      'breaking-changes',
      'assessment',
      'dependency-check',
      'rollback-plan',
      'db-identify',
      'db-backup',
      'db-verify',
      'db-recovery',
      'db-dependents',
      'scale-down',
      'merge',
      'gate-1',
      'gate-2',
      'scale-up',
      'post-validation',
      'window',
    ])
      expect(ids).toContain(id);
    // The backup is verified before anything is scaled down, and dependents come back after the gates.
    expect(ids.indexOf('db-verify')).toBeLessThan(ids.indexOf('scale-down'));
    expect(ids.indexOf('scale-down')).toBeLessThan(ids.indexOf('merge'));
    expect(ids.indexOf('gate-1')).toBeLessThan(ids.indexOf('scale-up'));
  });

  it('core majors are HIGH+ with a CRD snapshot and a window; monitoring majors HIGH; app majors MEDIUM without a window', () => {
    const core = classifyPr(pr(2, 'chore(deps): update helm release cert-manager to v2', table(['| cert-manager | major | `v1.19.2` → `v2.0.0` |'])));
    expect(upgradeClassOf(core)).toBe('gitops-core');
    const pc = protocolFor(core, { stabiliseMs: 60_000 })!;
    expect(pc.stabiliseMs).toBe(60_000);
    expect(protocolSteps(pc).map((s) => s.id)).toEqual(expect.arrayContaining(['crd-snapshot', 'crd-diff']));
    expect(pc.database).toBe(false);

    const app = classifyPr(pr(3, 'chore(deps): update ghcr.io/acme/thing docker tag to v3', table(['| ghcr.io/acme/thing | major | `2.1.0` → `3.0.0` |'])));
    expect(upgradeClassOf(app)).toBe('application');
    const pa = protocolFor(app)!;
    expect(pa.risk).toBe('HIGH'); // apps MEDIUM, raised by the major
    expect(pa.stages.at(-1)!.id).toBe('stabilise');
  });

  it('minor and patch updates of non-databases merge through the plain loop; a database minor still gets the protocol', () => {
    const minor = classifyPr(pr(4, 'chore(deps): update helm release cert-manager to v1.19.2', table(['| cert-manager | minor | `v1.18.3` → `v1.19.2` |'])));
    expect(needsProtocol(minor)).toBe(false);
    expect(protocolFor(minor)).toBeNull();
    const dbMinor = classifyPr(pr(5, 'chore(deps): update mariadb docker tag to v12.2', table(['| mariadb | minor | `12.1` → `12.2` |'])));
    expect(protocolFor(dbMinor)?.upgradeClass).toBe('database');
  });

  it('infrastructure majors (terraform providers, Go modules) are their own class', () => {
    const e: QueueEntry = {
      ...classifyPr(pr(6, 'chore(deps): update terraform cloudflare to v6', table(['| cloudflare/cloudflare | major | `5.18.0` → `6.0.0` |']))),
    };
    e.packages = [{ name: 'terraform-provider-cloudflare', from: '5', to: '6', updateType: 'major' }];
    e.category = 'apps';
    expect(upgradeClassOf(e)).toBe('infrastructure');
  });
});

describeCorpus('protocols of the corpus PRs', () => {
  const cases: Array<[string, string, string, string | null]> = [
    ['2026-03-07-pr-68-body.md', 'chore(deps): update bitnamilegacy/postgresql docker tag to v17', 'database', 'CRITICAL'],
    ['2026-03-07-pr-70-body.md', 'chore(deps): update valkey/valkey docker tag to v9', 'database', 'CRITICAL'],
    ['2026-02-23-pr-65-body.md', 'chore(deps): update helm release kube-prometheus-stack to v82', 'monitoring', 'HIGH'],
    ['2026-01-31-pr-55-body.md', 'chore(deps): update helm release renovate to v46', 'application', 'MEDIUM'],
  ];
  for (const [file, title, cls, risk] of cases) {
    it(`${file}: ${cls} ${risk}`, () => {
      const entry = classifyPr(pr(1, title, readCorpus('renovate', file)));
      const p = protocolFor(entry)!;
      expect(p.upgradeClass).toBe(cls);
      expect(p.risk).toBe(risk);
    });
  }
  it('the non-major bundles carrying postgres minors get no major protocol (they merge as bundles)', () => {
    const entry = classifyPr(pr(63, 'chore(deps): update all non-major dependencies', readCorpus('renovate', '2026-02-22-pr-63-body.md')));
    expect(entry.category).toBe('non-major');
    expect(protocolFor(entry)).toBeNull();
  });
});
