import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommandEnv } from '../../src/cli/session-factory.js';
import { parseIssue } from '../../src/domain/issue/index.js';
import type { ActionItem } from '../../src/domain/issue/types.js';
import { runBash } from '../../src/services/runner/run-bash.js';
import { DemoWorld } from '../../src/sim/demo/world.js';

// The demo runbook's hand-run commands, through bash as the console runs them (runBash, read-only
// mode, the demo's KUBECONFIG/GITEA_URL/GITEA_TOKEN), against a started DemoWorld: kubectl exec into
// the simulated rook-ceph-tools and curl | jq against the simulated Gitea must succeed and print
// what an operator would read on a real homelab.

let world: DemoWorld;
let items: ActionItem[];

beforeAll(async () => {
  world = await DemoWorld.start();
  const res = await fetch(`${world.giteaUrl}/api/v1/repos/ops/homelab/issues/42`, { headers: { authorization: `token ${world.token}` } });
  items = parseIssue(((await res.json()) as { body: string }).body).items;
}, 60_000);

afterAll(async () => {
  await world?.close();
});

async function runItem(id: string) {
  const item = items.find((i) => i.id === id);
  expect(item?.commands, `${id} has commands`).toBeTruthy();
  const lines: string[] = [];
  const env = { PATH: process.env.PATH, HOME: '/nonexistent', ...demoCommandEnv(world) };
  const result = await runBash({ command: item!.commands!, mode: 'READ-ONLY', env, timeoutMs: 30_000, onLines: (l) => lines.push(...l) }).result;
  return { result, output: lines.join('\n') };
}

describe('demo runbook commands run by bash against the DemoWorld', () => {
  it('E1 prints ceph df and ceph osd df tree as ceph text tables', async () => {
    const { result, output } = await runItem('E1');
    expect(result.exitCode, output).toBe(0);
    expect(output).toContain('--- RAW STORAGE ---');
    expect(output).toContain('--- POOLS ---');
    expect(output).toMatch(/^POOL\s+ID\s+PGS\s+STORED/m);
    expect(output).toMatch(/^ID\s+CLASS\s+WEIGHT\s+REWEIGHT\s+SIZE.*STATUS\s+TYPE NAME\s*$/m);
    expect(output).toMatch(/^-1\s.*root default\s*$/m);
    expect(output).toMatch(/\sosd\.8\s*$/m);
    expect(output).toMatch(/^MIN\/MAX VAR: /m);
    expect(output).not.toMatch(/EINVAL|^\s*\{/m);
  });

  it("D6 prints PR #48's combined CI status (failing) through curl | jq", async () => {
    const { result, output } = await runItem('D6');
    expect(result.exitCode, output).toBe(0);
    const status = JSON.parse(output) as { state: string; statuses: Array<{ context: string; status: string }> };
    expect(status.state).toBe('failure');
    expect(status.statuses.length).toBeGreaterThan(0);
    expect(status.statuses.some((s) => s.status === 'failure')).toBe(true);
  });
});
