import { expect, it } from 'vitest';
import type { z } from 'zod';
import { changedFileListSchema, issueListSchema, issueSchema, pullRequestListSchema, pullRequestSchema } from '../../../src/services/gitea/schemas.js';
import { hasShared, listCorpus, readCorpus, SHARED_ABSENT, describeCorpus } from '../../support/shared.js';

/**
 * Which corpus/gitea files are real API responses, and with which schema; the rest are not API
 * responses, for the reason given (corpus/SOURCES.md). Every file must be classified.
 */
const API_RESPONSES: Array<[RegExp, string, z.ZodType]> = [
  [/-issue-\d+-patch-response\.json$/, 'PATCH /issues/{n}', issueSchema],
  [/-issue-\d+(-before-update|-after|-final)?\.json$/, 'GET /issues/{n}', issueSchema],
  [/-dependency-dashboard-issue\.json$/, 'GET /issues/4', issueSchema],
  [/-(open-)?issues(-non-maintenance)?\.json$/, 'GET /issues (list, PRs included)', issueListSchema],
  [/-(open-prs|prs-raw)\.json$/, 'GET /pulls (list)', pullRequestListSchema],
  [/-pr-\d+-detail\.json$/, 'GET /pulls/{n}', pullRequestSchema],
  [/-pr-\d+-files\.json$/, 'GET /pulls/{n}/files', changedFileListSchema],
];

const NOT_API: Array<[RegExp, string]> = [
  [/-summary\.json$/, 'jq-reduced projection (number/title/… only), not an API response'],
  [/-(maintenance-issue-check|check-existing-maintenance|maintenance-issue-check-existing)\.json$/, 'helper script result {exists, …}, not an API response'],
  [/-maintenance-issue-update-result\.json$/, 'helper script result {action, number, …}, not an API response'],
];

function classify(file: string): { schema: z.ZodType; what: string } | { reason: string } {
  for (const [re, reason] of NOT_API) if (re.test(file)) return { reason };
  for (const [re, what, schema] of API_RESPONSES) if (re.test(file)) return { schema, what };
  throw new Error(`${file} is not classified`);
}

describeCorpus('client schemas accept every real Gitea API response in the corpus ' + (hasShared ? '' : SHARED_ABSENT), () => {
  const files = listCorpus('gitea', '.json');

  it('classifies every file (and finds both kinds)', () => {
    const kinds = files.map(classify);
    expect(kinds.filter((k) => 'schema' in k).length).toBeGreaterThanOrEqual(15);
    expect(kinds.filter((k) => 'reason' in k).length).toBeGreaterThanOrEqual(10);
  });

  it.each(files.filter((f) => 'schema' in classify(f)))('%s validates', (file) => {
    const c = classify(file) as { schema: z.ZodType; what: string };
    const parsed = c.schema.safeParse(JSON.parse(readCorpus('gitea', file)));
    expect(parsed.error?.issues ?? []).toEqual([]);
  });

  it.each(files.filter((f) => 'reason' in classify(f)))('%s is not an API response', (file) => {
    const c = classify(file) as { reason: string };
    const raw = JSON.parse(readCorpus('gitea', file)) as unknown;
    // A reduced or helper file must not pass for a full object: the schemas are not vacuous.
    const sample = Array.isArray(raw) ? raw : [raw];
    expect(issueListSchema.safeParse(sample).success || pullRequestListSchema.safeParse(sample).success).toBe(false);
    expect(c.reason).toMatch(/not an API response/);
  });

  it('reads what the console relies on from the real payloads', () => {
    const issues = issueListSchema.parse(JSON.parse(readCorpus('gitea', '2026-01-31-issues.json')));
    expect(issues.filter((i) => i.pull_request).length).toBe(2);
    expect(issues.find((i) => i.labels.some((l) => l.name === 'maintenance'))?.number).toBe(53);
    const pr = pullRequestSchema.parse(JSON.parse(readCorpus('gitea', '2026-02-22-pr-63-detail.json')));
    expect(pr).toMatchObject({ number: 63, mergeable: true, merged: false, merge_commit_sha: null });
    expect(pr.head.sha).toMatch(/^[0-9a-f]{40}$/);
  });
});
