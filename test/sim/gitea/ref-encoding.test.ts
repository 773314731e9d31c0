import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';

// Gitea's router matches {ref} against one raw path segment, so a branch with a slash must be sent
// URL-encoded (%2F); the raw slash splits the segment and no route matches (404).

let sim: GiteaSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function get(path: string) {
  const res = await fetch(`${sim!.url}/api/v1${path}`, { headers: { authorization: `token ${DEMO_TOKENS.admin}` } });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

const R = '/repos/ops/homelab';

describe('combined status of a branch whose name has a slash', () => {
  it('answers the %2F-encoded branch (either hex case) with the head commit of that branch', async () => {
    sim = new GiteaSim({ world: seedDemoWorld() });
    await sim.start();
    const pull = sim.world.issues.get(48)!.pull!;
    expect(pull.headBranch).toContain('/');
    for (const encoded of [encodeURIComponent(pull.headBranch), pull.headBranch.replace('/', '%2f')]) {
      const r = await get(`${R}/commits/${encoded}/status`);
      expect(r.status).toBe(200);
      expect(r.json.sha).toBe(pull.headSha);
      expect(r.json.state).toBe('failure');
      expect((r.json.statuses as unknown[]).length).toBe(r.json.total_count);
    }
  });

  it('gives the same answer for the branch and for its head sha', async () => {
    sim = new GiteaSim({ world: seedDemoWorld() });
    await sim.start();
    const pull = sim.world.issues.get(48)!.pull!;
    const byBranch = await get(`${R}/commits/${encodeURIComponent(pull.headBranch)}/status`);
    const bySha = await get(`${R}/commits/${pull.headSha}/status`);
    expect(byBranch.json).toEqual(bySha.json);
  });

  it('404s the unencoded slash like Gitea (no route matches)', async () => {
    sim = new GiteaSim({ world: seedDemoWorld() });
    await sim.start();
    const pull = sim.world.issues.get(48)!.pull!;
    const r = await get(`${R}/commits/${pull.headBranch}/status`);
    expect(r.status).toBe(404);
    expect(typeof r.json.message).toBe('string');
  });
});
