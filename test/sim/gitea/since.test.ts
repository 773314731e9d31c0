import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../../src/sim/gitea/index.js';
import type { GiteaFlavor } from '../../../src/sim/gitea/world.js';

// The issue list's `since`/`before` as Gitea applies them (context.GetQueryBeforeSince, then
// `updated_unix >= since` / `<= before` in issues_model): RFC 3339 cut to whole seconds, inclusive,
// a value that does not parse is a 422. Forgejo and Gitea 1.25 take the same parameters.

let sim: GiteaSim;
const list = async (query: string) => {
  const res = await fetch(`${sim.url}/api/v1/repos/ops/homelab/issues?${query}`, { headers: { authorization: `token ${DEMO_TOKENS.admin}` } });
  return { status: res.status, json: (await res.json()) as Array<{ number: number; updated_at: string }> & { message?: string } };
};
const numbers = async (query: string) => (await list(query)).json.map((i) => i.number).sort((a, b) => a - b);

async function start(flavor: GiteaFlavor) {
  sim = new GiteaSim({ world: seedDemoWorld({ flavor }) });
  await sim.start();
  const issue = sim.world.issues.get(42)!;
  issue.updatedAt = '2026-12-03T10:00:05Z';
  for (const other of sim.world.issues.values()) if (other.number !== 42) other.updatedAt = '2026-12-03T09:00:00Z';
  return issue;
}

afterEach(async () => {
  await sim.stop();
});

describe.each(['gitea-1.26', 'gitea-1.25', 'forgejo'] as GiteaFlavor[])('issue list since/before on %s', (flavor) => {
  beforeEach(async () => {
    await start(flavor);
  });

  it('since is inclusive at whole seconds: the same second (even with a later fraction) matches, the next does not', async () => {
    expect(await numbers('state=all&type=issues&since=2026-12-03T10:00:05Z')).toEqual([42]);
    expect(await numbers('state=all&type=issues&since=2026-12-03T10:00:05.999Z')).toEqual([42]);
    expect(await numbers('state=all&type=issues&since=2026-12-03T10:00:06Z')).toEqual([]);
    // A zone offset is the same instant.
    expect(await numbers('state=all&type=issues&since=2026-12-03T11:00:05%2B01:00')).toEqual([42]);
    expect(await numbers('state=all&type=issues&since=2026-12-03T11:00:06%2B01:00')).toEqual([]);
  });

  it('before is inclusive too, and both together make a window', async () => {
    expect(await numbers('state=all&type=issues&before=2026-12-03T10:00:04Z')).not.toContain(42);
    expect(await numbers('state=all&type=issues&before=2026-12-03T10:00:05Z')).toContain(42);
    expect(await numbers('state=all&type=issues&since=2026-12-03T09:30:00Z&before=2026-12-03T10:00:05Z')).toEqual([42]);
  });

  it('a body save moves updated_at, so the list names the issue again', async () => {
    sim.world.saveBody(42, 'changed', 'admin');
    const after = sim.world.issues.get(42)!.updatedAt;
    expect(Date.parse(after)).toBeGreaterThan(Date.parse('2026-12-03T10:00:05Z'));
    expect(await numbers(`state=all&type=issues&since=${after}`)).toEqual([42]);
  });

  it('a value Go time.Parse(RFC3339) refuses is a 422 naming it; the zero time and blanks are no filter', async () => {
    for (const bad of ['2026-12-03', '2026-12-03T10:00Z', '2026-12-03 10:00:05Z', '1733220000', '2026-13-03T10:00:05Z']) {
      const r = await list(`since=${encodeURIComponent(bad)}`);
      expect(r.status, bad).toBe(422);
      expect(r.json.message).toContain(bad);
    }
    expect((await list('state=all&type=issues&since=0001-01-01T00:00:00Z')).json.length).toBeGreaterThan(1);
    expect((await list('state=all&type=issues&since=%20')).json.length).toBeGreaterThan(1);
  });
});

describe('a server that predates since', () => {
  it('ignores it, as it ignores any unknown parameter', async () => {
    await start('gitea-1.25');
    sim.world.listSince = false;
    expect(await numbers('state=all&type=issues&since=2030-01-01T00:00:00Z')).toContain(42);
    expect((await list('since=garbage')).status).toBe(200);
  });
});

describe('request counts', () => {
  it('counts every request by route, reads too, in the world and in /_sim/stats', async () => {
    await start('gitea-1.26');
    await list('state=all');
    await fetch(`${sim.url}/api/v1/repos/ops/homelab/issues/42`, { headers: { authorization: `token ${DEMO_TOKENS.admin}` } });
    await fetch(`${sim.url}/api/v1/repos/ops/homelab/issues/42`, { headers: { authorization: `token ${DEMO_TOKENS.admin}` } });
    expect(sim.world.requests).toEqual({ 'GET /repos/{owner}/{repo}/issues': 1, 'GET /repos/{owner}/{repo}/issues/{index}': 2 });
    const stats = (await (await fetch(`${sim.url}/_sim/stats`)).json()) as { requests: Record<string, number> };
    expect(stats.requests).toEqual(sim.world.requests);
  });
});
