import { afterEach, expect, it } from 'vitest';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld, type RecordedExchange } from '../../../src/sim/gitea/index.js';
import { hasShared, SHARED_ABSENT, describeCorpus } from '../../support/shared.js';
import { SwaggerValidator } from './swagger.js';

/** Statuses Gitea really sends that its spec does not list (notes §3.3, §4.3), plus 401 everywhere. */
const UNDOCUMENTED = new Set([
  'PATCH /repos/{owner}/{repo}/issues/{index} 409',
  'POST /repos/{owner}/{repo}/pulls/{index}/merge 500',
  'POST /repos/{owner}/{repo}/pulls/{index}/merge 422',
  'GET /repos/{owner}/{repo}/pulls 400',
  'POST /repos/{owner}/{repo}/issues/{index}/labels 400',
  'POST /repos/{owner}/{repo}/issues/{index}/labels 422',
  'GET /repos/{owner}/{repo}/git/commits/{sha} 404',
  'GET /repos/{owner}/{repo}/commits/{ref}/status 404',
  'GET /repos/{owner}/{repo}/branches/{branch} 404',
  '* * 401',
]);

let sim: GiteaSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function call(method: string, path: string, body?: unknown, token: string | null = DEMO_TOKENS.admin) {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `token ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${sim!.url}/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as unknown) : undefined, headers: res.headers };
}

const R = '/repos/ops/homelab';

describeCorpus('simulated Gitea conforms to the 1.26 swagger ' + (hasShared ? '' : SHARED_ABSENT), () => {
  it('answers every endpoint, success and error paths, in the spec shapes', async () => {
    sim = new GiteaSim({ world: seedDemoWorld(), record: true });
    await sim.start();
    const head48 = sim.world.issues.get(48)!.pull!.headSha;
    const head45 = sim.world.issues.get(45)!.pull!.headSha;
    const calls: Array<[string, string, unknown?, (string | null)?]> = [
      ['GET', '/version', undefined, null],
      ['GET', '/user'],
      ['GET', '/user', undefined, null],
      ['GET', '/user', undefined, 'wrong-token-123456'],
      ['GET', R],
      ['GET', `${R}/issues?state=open&type=issues&labels=maintenance&limit=1`],
      ['GET', `${R}/issues?state=all&page=2&limit=2`],
      ['GET', `${R}/issues/42`],
      ['GET', `${R}/issues/999`],
      ['PATCH', `${R}/issues/42`, { body: 'x', content_version: 0 }],
      ['PATCH', `${R}/issues/42`, { body: 'y', content_version: 0 }],
      ['PATCH', `${R}/issues/42`, { state: 'bogus' }],
      ['PATCH', `${R}/issues/4`, { title: 'Dependency Dashboard', state: 'closed' }],
      ['GET', `${R}/issues/42/labels`],
      ['POST', `${R}/issues/42/labels`, { labels: ['renovate', 'nope'] }],
      ['POST', `${R}/issues/42/labels`, { labels: ['renovate', 3] }],
      ['DELETE', `${R}/issues/42/labels/2`],
      ['GET', `${R}/labels?limit=100`],
      ['POST', `${R}/labels`, { name: 'needs-human', color: '#d93f0b' }],
      ['POST', `${R}/labels`, { name: 'bad', color: 'red' }],
      ['GET', `${R}/pulls?state=open&sort=oldest&poster=renovate&limit=50`],
      ['GET', `${R}/pulls?poster=ghost`],
      ['GET', `${R}/pulls/44`],
      ['GET', `${R}/pulls/4`],
      ['GET', `${R}/pulls/46/files`],
      ['GET', `${R}/commits/${head48}/status`],
      ['GET', `${R}/commits/main/status`],
      ['GET', `${R}/commits/no-such-ref/status`],
      ['GET', `${R}/pulls/45/merge`],
      ['POST', `${R}/pulls/45/merge`, { Do: 'merge', head_commit_id: 'a'.repeat(40) }],
      ['POST', `${R}/pulls/45/merge`, {}],
      ['POST', `${R}/pulls/45/merge`, { do: 'merge', head_commit_id: head45, delete_branch_after_merge: true }],
      ['POST', `${R}/pulls/45/merge`, { do: 'merge' }],
      ['GET', `${R}/pulls/45/merge`],
      ['PATCH', `${R}/pulls/45`, { state: 'open' }],
      ['PATCH', `${R}/pulls/47`, { state: 'closed' }],
      ['GET', `${R}/contents/kubernetes/core/cert-manager/kustomization.yaml?ref=main`],
      ['GET', `${R}/contents/kubernetes/core?ref=main`],
      ['GET', `${R}/contents?ref=main`],
      ['GET', `${R}/contents/missing.yaml`],
      ['GET', `${R}/git/commits/${head48}?stat=false&files=true`],
      ['GET', `${R}/git/commits/${'0'.repeat(40)}`],
      ['GET', `${R}/branches`],
      ['POST', `${R}/branches`, { new_branch_name: 'fix/one', old_ref_name: 'main' }],
      ['POST', `${R}/branches`, { new_branch_name: 'fix/one', old_ref_name: 'main' }],
      ['GET', `${R}/branches/fix/one`],
      ['GET', `${R}/branches/nope`],
      ['GET', `${R}/branch_protections`],
      [
        'POST',
        `${R}/contents`,
        { branch: 'fix/one', message: 'm', files: [{ operation: 'create', path: 'a.txt', content: Buffer.from('a').toString('base64') }] },
      ],
      ['POST', `${R}/contents`, { branch: 'fix/one', files: [{ operation: 'update', path: 'a.txt', content: '', sha: 'bad' }] }],
      ['POST', `${R}/pulls`, { head: 'fix/one', base: 'main', title: 'Fix one', body: '' }],
      ['POST', `${R}/pulls`, { head: 'fix/one', base: 'main', title: 'Fix one', body: '' }],
      ['GET', '/repos/other/repo/issues/1'],
    ];
    for (const [method, path, body, token] of calls) await call(method, path, body, token === undefined ? DEMO_TOKENS.admin : token);

    const v = new SwaggerValidator();
    const byStatus = sim.recorded.map((x) => `${x.method} ${x.template} ${x.status}`);
    expect(sim.recorded).toHaveLength(calls.length);
    // repoGetContents' summary says a directory answers with a list of entries; its 200 schema only
    // shows the file case, so directory answers are checked as ContentsListResponse.
    const asListed = (x: RecordedExchange): RecordedExchange =>
      x.template === '/repos/{owner}/{repo}/contents/{filepath}' && Array.isArray(x.responseBody) ? { ...x, template: '/repos/{owner}/{repo}/contents' } : x;
    const problems = sim.recorded.flatMap((x) => v.checkResponse(asListed(x), UNDOCUMENTED));
    expect(problems).toEqual([]);
    // The statuses a real Gitea gives for these calls.
    expect(byStatus).toEqual(
      expect.arrayContaining([
        'GET /user 401',
        'PATCH /repos/{owner}/{repo}/issues/{index} 409',
        'PATCH /repos/{owner}/{repo}/issues/{index} 412',
        'POST /repos/{owner}/{repo}/pulls/{index}/merge 409',
        'POST /repos/{owner}/{repo}/pulls/{index}/merge 200',
        'POST /repos/{owner}/{repo}/pulls/{index}/merge 405',
        'GET /repos/{owner}/{repo}/pulls/{index}/merge 204',
        'PATCH /repos/{owner}/{repo}/pulls/{index} 412',
        'POST /repos/{owner}/{repo}/branches 409',
        'POST /repos/{owner}/{repo}/pulls 409',
        'POST /repos/{owner}/{repo}/contents 201',
      ]),
    );
  });

  it('caps limit at 50, defaults to 30, and sends X-Total-Count and Link', async () => {
    sim = new GiteaSim({ world: seedDemoWorld() });
    await sim.start();
    for (let i = 0; i < 60; i++) sim.world.addIssue({ title: `t${i}`, body: '', poster: 'admin' });
    const big = await call('GET', `${R}/issues?state=all&limit=500`);
    expect((big.json as unknown[]).length).toBe(50);
    expect(big.headers.get('x-total-count')).toBe('70');
    expect(big.headers.get('link')).toContain('page=2');
    const dflt = await call('GET', `${R}/issues?state=all`);
    expect((dflt.json as unknown[]).length).toBe(30);
    const last = await call('GET', `${R}/issues?state=all&limit=50&page=2`);
    expect((last.json as unknown[]).length).toBe(20);
    expect(last.headers.get('link')).toContain('rel="prev"');
  });

  it('the validator rejects what the spec forbids (so a clean result means something)', () => {
    const v = new SwaggerValidator();
    const x = (over: Partial<RecordedExchange>): RecordedExchange => ({
      method: 'GET',
      template: '/repos/{owner}/{repo}/issues/{index}',
      path: '',
      query: {},
      requestBody: undefined,
      status: 200,
      responseBody: { number: 1, state: 'open' },
      headers: {},
      viewer: null,
      ...over,
    });
    expect(v.checkResponse(x({}))).toEqual([]);
    expect(v.checkResponse(x({ responseBody: { number: 'one' } }))).not.toEqual([]);
    expect(v.checkResponse(x({ responseBody: { labels: [{ id: 'x' }] } }))).not.toEqual([]);
    expect(v.checkResponse(x({ status: 409, responseBody: { message: 'x' } }))).not.toEqual([]);
    expect(v.checkRequest(x({ query: { bogus: '1' } }))).not.toEqual([]);
    expect(v.checkRequest(x({ method: 'PATCH', requestBody: { content_version: 'one' } }))).not.toEqual([]);
    expect(v.checkRequest(x({ method: 'PATCH', requestBody: { body: 'ok', content_version: 3 } }))).toEqual([]);
    expect(v.checkRequest(x({ method: 'POST', template: '/repos/{owner}/{repo}/pulls/{index}/merge', requestBody: { do: 'yolo' } }))).not.toEqual([]);
  });
});
