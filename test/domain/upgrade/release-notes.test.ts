import { describe, expect, it } from 'vitest';
import { parseAnswer, suggestAnswers, unanswered } from '../../../src/domain/upgrade/assessment.js';
import { breakingChangeLines, extractBreakingChanges } from '../../../src/domain/upgrade/release-notes.js';
import { describeCorpus, listCorpus, readCorpus } from '../../support/shared.js';

/** A Renovate body with release notes, in the shape Renovate writes them (details per package, a heading per version). */
const WITH_NOTES = `This PR contains the following updates:

| Package | Update | Change |
|---|---|---|
| [external-secrets](https://github.com/external-secrets/external-secrets) | major | \`0.20.4\` → \`1.0.0\` |

---

### Release Notes

<details>
<summary>external-secrets/external-secrets (external-secrets)</summary>

### [\`v1.0.0\`](https://github.com/external-secrets/external-secrets/releases/tag/v1.0.0)

[Compare Source](https://github.com/external-secrets/external-secrets/compare/v0.20.4...v1.0.0)

##### ⚠ BREAKING CHANGES

- The \`v1beta1\` API of ExternalSecret and SecretStore is removed; use \`v1\`
- Helm value \`installCRDs\` renamed to \`crds.create\`

##### Features

- support for a new provider
- Bump the docs (no migration needed for users of v1)

### [\`v0.20.5\`](https://github.com/external-secrets/external-secrets/releases/tag/v0.20.5)

- fix: the \`deprecated\` webhook flag is now ignored

\`\`\`yaml
# breaking: not a real line, inside a code block
\`\`\`

</details>

---

### Configuration

📅 **Schedule**: Branch creation - At any time (no schedule defined).
`;

describe('breaking changes from release notes', () => {
  it('takes everything under a BREAKING heading and single lines that say removed/deprecated/migration, with package and version', () => {
    const r = extractBreakingChanges(WITH_NOTES);
    expect(r.present).toBe(true);
    expect(r.changes.map((c) => [c.version, c.heading, c.text])).toEqual([
      ['v1.0.0', '⚠ BREAKING CHANGES', 'The v1beta1 API of ExternalSecret and SecretStore is removed; use v1'],
      ['v1.0.0', '⚠ BREAKING CHANGES', 'Helm value installCRDs renamed to crds.create'],
      ['v1.0.0', null, 'Bump the docs (no migration needed for users of v1)'],
      ['v0.20.5', null, 'fix: the deprecated webhook flag is now ignored'],
    ]);
    expect(r.changes[0]!.source).toBe('external-secrets/external-secrets (external-secrets)');
    expect(r.changes[0]!.kinds).toEqual(['breaking', 'removed']);
    expect(breakingChangeLines(r)[0]).toBe(
      '- external-secrets/external-secrets (external-secrets) v1.0.0 [⚠ BREAKING CHANGES]: The v1beta1 API of ExternalSecret and SecretStore is removed; use v1',
    );
    const s = suggestAnswers(r);
    expect(s['api-crd']).toMatch(/v1beta1/);
    expect(s['removed-features']).toMatch(/removed/);
    expect(s['data-migration']).toMatch(/migration/);
  });

  it('a body without release notes says why instead of "no breaking changes"', () => {
    const r = extractBreakingChanges('This PR contains the following updates:\n\n| Package | Update | Change |\n|---|---|---|\n| x | major | `1` → `2` |\n');
    expect(r).toMatchObject({ present: false, changes: [] });
    expect(r.absentReason).toMatch(/no Release Notes section/);
  });
});

describe('assessment answers', () => {
  it('accepts yes/no/unknown with a note, refuses a bare yes and anything else', () => {
    expect(parseAnswer('no')).toEqual({ answer: 'no', note: '' });
    expect(parseAnswer('Y: catalog changes, run pg_upgrade --check')).toEqual({ answer: 'yes', note: 'catalog changes, run pg_upgrade --check' });
    expect(parseAnswer('?')).toEqual({ answer: 'unknown', note: '' });
    expect(parseAnswer('yes')).toHaveProperty('error');
    expect(parseAnswer('maybe')).toHaveProperty('error');
    expect(unanswered({ 'api-crd': { answer: 'no', note: '' } })).toHaveLength(4);
  });
});

describeCorpus('breaking changes over the corpus PR bodies', () => {
  const files = listCorpus('renovate').filter((f) => /-pr-\d+-body\.md$/.test(f));
  it('finds all ten bodies', () => expect(files).toHaveLength(10));
  for (const f of files) {
    it(`${f}: no release notes in the body, and the reason names it`, () => {
      const body = readCorpus('renovate', f);
      const r = extractBreakingChanges(body);
      expect(r.present).toBe(false);
      expect(r.changes).toEqual([]);
      // Renovate's own note is quoted where it wrote one (no github.com credentials for release notes).
      if (body.includes('Release Notes retrieval for this PR were skipped'))
        expect(r.absentReason).toMatch(
          /Renovate did not include release notes: "Release Notes retrieval for this PR were skipped because no github.com credentials were available/,
        );
      else expect(r.absentReason).toMatch(/no Release Notes section/);
      expect(suggestAnswers(r)['data-migration']).toMatch(/check upstream/);
    });
  }
});
