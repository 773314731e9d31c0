import { expect, it } from 'vitest';
import { prsFromJson } from '../../../src/domain/renovate/pr-input.js';
import { buildQueue } from '../../../src/domain/renovate/queue.js';
import { titleSummary, updateSummary } from '../../../src/domain/renovate/summary.js';
import { SHARED_ABSENT, describeCorpus, hasShared, readCorpus } from '../../support/shared.js';

// Expectations written by reading the corpus files: the title, the body's update table (its first
// rows for a bundle), and for a list without bodies the title's `to vN`.
const WANT: Record<string, Array<[number, string]>> = {
  // Full PR objects with their bodies: the table's versions, cut to the part that moved.
  '2026-03-07-open-prs.json': [
    [67, '25 packages: argo-cd, bitnamilegacy/postgresql +23 minor'],
    [69, 'docker.io/library/debian 12→13 major'],
    [68, 'bitnamilegacy/postgresql 16→17 major'],
    [70, 'valkey/valkey 8→9 major'],
  ],
  '2026-02-23-open-prs.json': [
    [63, '15 packages: argo-cd, docker.io/kanidm/server +13 minor'],
    [65, 'kube-prometheus-stack 81→82 major'],
  ],
  '2026-01-31-open-prs.json': [
    [54, '7 packages: grafana, kube-prometheus-stack +5 minor'],
    [55, 'renovate 45→46 major'],
  ],
  // jq-reduced, no bodies: the title names the dependency and its target; a bundle's contents are unknown.
  '2026-04-24-open-prs-summary.json': [
    [80, 'all non-major dependencies (contents unknown) minor'],
    [83, 'kube-prometheus-stack →84 major'],
    [81, 'bitnamilegacy/postgresql →17 major'],
  ],
};

describeCorpus(`queue row summaries of the corpus's Renovate PRs ${hasShared ? '' : SHARED_ABSENT}`, () => {
  for (const [file, want] of Object.entries(WANT)) {
    it(`${file}: package and update instead of the title's prefix`, () => {
      const queue = buildQueue(prsFromJson(JSON.parse(readCorpus('gitea', file))));
      const got = queue.map((e) => [e.number, updateSummary(e)]);
      expect(got).toEqual(want);
      for (const [, text] of got) expect(text).not.toMatch(/^(chore|fix)\(deps\)/);
    });
  }
});

it('a minor update shows major.minor, a patch the whole versions, and a title that is not Renovate stays as it is', () => {
  const e = (packages: Array<[string, string | null, string | null, 'major' | 'minor' | 'patch']>, updateType = packages[0]?.[3] ?? 'unknown') => ({
    title: 'Bump the thing',
    updateType: updateType as 'major',
    packages: packages.map(([name, from, to, t]) => ({ name, from, to, updateType: t })),
  });
  expect(updateSummary(e([['ollama', '1.39.0', '1.40.0', 'minor']]))).toBe('ollama 1.39→1.40 minor');
  expect(updateSummary(e([['grafana', '10.5.14', '10.5.15', 'patch']]))).toBe('grafana 10.5.14→10.5.15 patch');
  // A flavour change (-bookworm → -alpine) is not cut: the cut would hide it.
  expect(updateSummary(e([['postgres', '17-bookworm', '18-alpine', 'major']]))).toBe('postgres 17-bookworm→18-alpine major');
  expect(updateSummary(e([], 'unknown'))).toBe('Bump the thing');
});

it("a merged PR's row reads its title: the dependency and target, or the title itself", () => {
  expect(titleSummary('chore(deps): update postgres docker tag to v18')).toBe('postgres →18 major');
  expect(titleSummary('chore(deps): update helm release nextcloud to v9.1.0 (minor)')).toBe('nextcloud →9.1.0 minor');
  expect(titleSummary('Roll back PR #46: chore(deps): update postgres docker tag to v18')).toBe(
    'Roll back PR #46: chore(deps): update postgres docker tag to v18',
  );
});
