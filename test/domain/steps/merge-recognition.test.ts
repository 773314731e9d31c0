import { describe, expect, test } from 'vitest';
import { giteaCalls, writesToGitea } from '../../../src/domain/steps/gitea-calls.js';
import { planCommands, type StepSegment } from '../../../src/domain/steps/plan-step.js';
import { describeCorpus, listCorpus, readCorpus } from '../../support/shared.js';
import { extractCommandTexts } from './corpus-commands.js';

const API = 'https://git.example/api/v1/repos/ops/homelab';
const seg = (s: StepSegment) => (s.kind === 'merge' ? `merge ${s.pr}` : `run ${s.text}`);
const shape = (text: string) => {
  const p = planCommands(text, 'X1');
  return { kind: p.kind, prs: p.prs ?? [], segments: (p.segments ?? []).map(seg), reason: p.manualReason };
};

describe('every shape of a PR merge is found', () => {
  test.each([
    ['written-out URL, double quotes', `curl -s -X POST "${API}/pulls/43/merge" -H "Authorization: token $GITEA_TOKEN" -d '{"Do":"merge"}'`, [43]],
    ['single quotes', `curl -X POST '${API}/pulls/43/merge' -d '{"Do":"merge"}'`, [43]],
    ['unquoted', `curl -X POST ${API}/pulls/43/merge`, [43]],
    ['$GITEA_URL', `curl -s -X POST "$GITEA_URL/api/v1/repos/ops/homelab/pulls/43/merge" -d '{"Do": "merge"}'`, [43]],
    ['${GITEA_URL}, unquoted', `curl -s -X POST \${GITEA_URL}/api/v1/repos/ops/homelab/pulls/43/merge`, [43]],
    ['--request=POST', `curl --request=POST "${API}/pulls/43/merge"`, [43]],
    ['-XPOST', `curl -XPOST "${API}/pulls/43/merge"`, [43]],
    ['POST implied by -d', `curl -s "${API}/pulls/43/merge" -H 'Content-Type: application/json' -d '{"Do":"merge","delete_branch_after_merge":true}'`, [43]],
    ['line continuations', `curl -s -X POST "${API}/pulls/43/merge" \\\n  -H "Authorization: token $GITEA_TOKEN" \\\n  -d '{"Do":"merge"}'`, [43]],
    ['PR number from an assignment', `PR_NUM=43\ncurl -s -X POST "https://git.example/api/v1/repos/ops/homelab/pulls/\${PR_NUM}/merge"`, [43]],
    ['tea pr merge', 'tea pr merge 43 --style merge', [43]],
    ['tea pulls merge', 'tea pulls merge --repo ops/homelab 43', [43]],
    ['two merges in one item', `curl -X POST "${API}/pulls/43/merge"\ncurl -X POST "${API}/pulls/44/merge"`, [43, 44]],
    ['prose', 'Merge PR #51; wait for ArgoCD sync; run universal validation gate', [51]],
    ['review, then merge', 'Review PR #63 diff at https://git.example/ops/homelab/pulls/63, then merge via Gitea UI or API', [63]],
  ])('%s', (_name, text, prs) => {
    expect(shape(text)).toMatchObject({ kind: 'merge', prs });
  });

  test('a mergeability check is a read, not a merge', () => {
    expect(giteaCalls(`curl -s "${API}/pulls/43" | jq '{mergeable, merged, state}'`)).toEqual({ merges: [], closes: [], refused: [] });
    expect(giteaCalls(`curl -s "${API}/pulls/43/merge"`).merges).toEqual([]); // GET …/merge asks "is it merged?"
    expect(shape('Decide merge/defer for PR #67 (non-major bundle)').kind).toBe('manual');
  });

  test('what the written call asked for is read and said', () => {
    const [m] = giteaCalls(
      `curl -X POST "${API}/pulls/43/merge" -d '{"Do":"squash","merge_message_field":"chore: x","delete_branch_after_merge":false}'`,
    ).merges;
    expect(m).toMatchObject({ pr: 43, requested: { style: 'squash', message: 'chore: x', deleteBranch: false } });
    const p = planCommands(`curl -X POST "${API}/pulls/43/merge" -d '{"Do":"squash","merge_message_field":"chore: x"}'`, 'X1');
    expect(p.segments![0]).toMatchObject({
      kind: 'merge',
      notes: [expect.stringMatching(/squash.*merge commit/), expect.stringMatching(/merge message is not used/)],
    });
  });
});

describe('the composed plan', () => {
  test('ssh … && curl …/merge && ssh …: the reads before and after run as written, the merge goes to the loop', () => {
    const text = `ssh controller "kubectl get pods -n monitoring" && curl -s -X POST "$GITEA_URL/api/v1/repos/ops/homelab/pulls/65/merge" -H "Authorization: token $GITEA_TOKEN" -d '{"Do":"merge","delete_branch_after_merge":true}' && ssh controller "kubectl get applications -n argocd"`;
    expect(shape(text)).toEqual({
      kind: 'merge',
      prs: [65],
      segments: ['run ssh controller "kubectl get pods -n monitoring"', 'merge 65', 'run ssh controller "kubectl get applications -n argocd"'],
      reason: null,
    });
    const p = planCommands(text, 'C2');
    expect(p.segments!.filter((s) => s.kind === 'run').every((s) => s.kind === 'run' && s.readOnly)).toBe(true);
    expect(p.commandText).not.toMatch(/curl -s -X POST/);
  });

  test('check, merge, sleep, gate: the output pipe and the sleep are the loop’s; the environment set-up is carried to every part', () => {
    const text = [
      'source ~/.config/gitea/.env',
      `curl -s "${API}/pulls/54" -H "Authorization: token $GITEA_TOKEN" | jq '{mergeable, merged, state}'`,
      `curl -s -X POST "${API}/pulls/54/merge" -H "Authorization: token $GITEA_TOKEN" | jq .`,
      'sleep 60',
      'kubectl get applications -n argocd | grep -v "Synced.*Healthy" || true',
      `curl -s -X POST "${API}/pulls/55/merge" || echo "merge failed"`,
      'kubectl get pods -A --no-headers | grep -v "Running\\|Completed" || true',
    ].join('\n');
    const p = planCommands(text, 'E2');
    expect(p.prs).toEqual([54, 55]);
    expect(p.segments!.map(seg)).toEqual([
      `run source ~/.config/gitea/.env\ncurl -s "${API}/pulls/54" -H "Authorization: token $GITEA_TOKEN" | jq '{mergeable, merged, state}'`,
      'merge 54',
      'run source ~/.config/gitea/.env\nkubectl get applications -n argocd | grep -v "Synced.*Healthy" || true',
      'merge 55',
      'run source ~/.config/gitea/.env\nkubectl get pods -A --no-headers | grep -v "Running\\|Completed" || true',
    ]);
    expect(p.checks).toEqual([expect.stringMatching(/`jq \.` read the merge's output/), expect.stringMatching(/`sleep 60` after the merge/)]);
  });

  test('a merge that cannot be cut out of its if/for/subshell is refused, never run as bash', () => {
    for (const text of [
      `if curl -s "${API}/pulls/43" | jq -e .mergeable; then curl -X POST "${API}/pulls/43/merge"; fi`,
      `for n in 43 44; do curl -X POST "${API}/pulls/43/merge"; done`,
      `kubectl get pods && ( cd /tmp && curl -X POST "${API}/pulls/43/merge" )`,
      `{ cd /tmp && curl -X POST "${API}/pulls/43/merge"; }`,
    ]) {
      expect(shape(text), text).toMatchObject({ kind: 'manual', reason: expect.stringMatching(/will not run this: the merge of PR #43 sits inside/) });
    }
  });

  test('a merge nested in ssh or $(…), or of a PR it cannot name, is refused with the reason', () => {
    expect(shape(`ssh controller "curl -X POST ${API}/pulls/43/merge"`)).toMatchObject({
      kind: 'manual',
      reason: expect.stringMatching(/merges PR #43 inside `ssh controller`/),
    });
    expect(shape(`OUT=$(curl -s -X POST "${API}/pulls/43/merge")`)).toMatchObject({
      kind: 'manual',
      reason: expect.stringMatching(/merges PR #43 inside `\$\(…\)`/),
    });
    expect(shape(`curl -X POST "${API}/pulls/$1/merge"`)).toMatchObject({ kind: 'manual', reason: expect.stringMatching(/cannot name \(\$1\)/) });
    expect(shape('tea pr merge')).toMatchObject({ kind: 'manual', reason: expect.stringMatching(/cannot name/) });
  });

  test('any other Gitea write is refused with the reason: comments, labels, body edits, tea writes', () => {
    for (const [text, why] of [
      [`curl -X POST "${API}/issues/64/comments" -d '{"body":"done"}'`, /writes to Gitea \(POST/],
      [`curl -X PATCH "$GITEA_URL/api/v1/repos/ops/homelab/issues/64" -d '{"body":"x"}'`, /writes to Gitea \(PATCH/],
      [`kubectl get pods && curl -X PUT "${API}/issues/64/labels" -d '{"labels":[1]}'`, /writes to Gitea \(PUT/],
      ['tea comment 64 "done"', /never comments/],
      ['tea issues close 4', /tea issues close/],
      [`kubectl get pods; curl -X PATCH "${API}/issues/4" -d '{"state":"closed"}'; rm /tmp/x`, /close it as its own item/],
    ] as const) {
      expect(shape(text), text).toMatchObject({ kind: 'manual', reason: expect.stringMatching(why) });
      expect(writesToGitea(text), text).toBe(true);
    }
    // Reads and other hosts are not Gitea writes.
    expect(writesToGitea(`curl -s "${API}/pulls/43" | jq .mergeable; curl -X POST http://alertmanager:9093/api/v2/silences -d '{}'`)).toBe(false);
  });
});

/** Items whose Commands merge a PR, found with a deliberately loose look at the raw text. */
const MERGE_TEXT = /pulls\/(\d+)\/merge|^\s*merge\s+PR\s+#(\d+)|^\s*review PR #(\d+)[^\n;]*then merge|tea p\w* merge #?(\d+)/gim;

describeCorpus('every merge item in the corpus plans as a merge of its PRs', () => {
  const files = listCorpus('issues', '.md');
  let merges = 0;
  for (const f of files) {
    test(f, () => {
      for (const t of extractCommandTexts(readCorpus('issues', f))) {
        if (t.field !== 'commands') continue;
        const prs = [...t.text.matchAll(MERGE_TEXT)]
          .filter((m) => !/^\s*#/.test(t.text.slice(t.text.lastIndexOf('\n', m.index) + 1, m.index)))
          .map((m) => Number(m[1] ?? m[2] ?? m[3] ?? m[4]));
        const plan = planCommands(t.text, t.item);
        if (prs.length === 0) {
          expect(plan.kind, `${f} ${t.item}`).not.toBe('merge');
          continue;
        }
        merges += 1;
        expect({ kind: plan.kind, prs: plan.prs }, `${f} ${t.item}: ${t.text.slice(0, 160)}`).toEqual({ kind: 'merge', prs });
        // The merge itself never reaches bash: no run part carries a merge call.
        for (const s of plan.segments ?? []) if (s.kind === 'run') expect(writesToGitea(s.text), s.text).toBe(false);
      }
    });
  }
  test('the corpus has merge items in every shape this suite is about', () => {
    expect(merges).toBeGreaterThanOrEqual(15);
  });
});

test('a merge URL from any variable is still a merge', () => {
  expect(shape('API=https://git.example/api/v1/repos/ops/homelab\ncurl -X POST "$API/pulls/43/merge"')).toMatchObject({ kind: 'merge', prs: [43] });
  expect(shape('curl -X POST "$FORGE/pulls/43/merge"')).toMatchObject({ kind: 'merge', prs: [43] });
});
