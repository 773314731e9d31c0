import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS } from '../../src/sim/gitea/seed.js';
import { ensureBundle } from '../support/bundle.js';
import { TmuxConsole, hasTmux } from './tmux.js';

beforeAll(ensureBundle, 180_000);

const skip = !hasTmux() && !process.env.HOMELAB_REQUIRE_REAL;
const cleanup: Array<() => void> = [];
afterEach(() => {
  for (const f of cleanup.splice(0).reverse()) f();
});

describe.skipIf(skip)(`a step's output after its verdict, in real tmux${skip ? ' (tmux not installed)' : ''}`, () => {
  it("E1's pool table stays in the output area after the pass, and o shows all of it, searchable", async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'hc-output-'));
    cleanup.push(() => rmSync(tmp, { recursive: true, force: true }));
    const c = TmuxConsole.start(['demo'], { columns: 160, rows: 48, env: { TMPDIR: tmp } });
    cleanup.push(() => c.kill());
    const first = await c.waitFor(/simulated homelab on (http:\/\/127\.0\.0\.1:\d+)/, 20_000);
    const giteaUrl = /simulated homelab on (http:\/\/127\.0\.0\.1:\d+)/.exec(first)![1]!;
    await c.waitFor(/Action items \d+\/\d+/, 20_000);
    await c.waitFor('HEALTH_ERR', 15_000);
    c.keys('/');
    c.type('Check Ceph capacity');
    c.keys('Enter');
    await c.waitFor(/\/Check Ceph capacity \(1\)/);
    c.keys('Enter');
    await c.waitFor('E1  Check Ceph capacity');
    c.keys('s');
    await c.waitFor('> Cancel <');
    c.keys('Tab');
    await c.waitFor('> OK <');
    c.keys('Enter');
    await c.waitFor(/step awaiting-judgement[^:\n]*: gate (GREEN|YELLOW|RED)/, 30_000);
    c.keys('p');
    await c.waitFor('pass E1, note (optional):');
    c.type('pools under 55%');
    c.keys('Enter');
    // After the verdict the output is still there (the pool table's header), with the message under it.
    const after = await c.waitFor(/step passed[\s\S]*/, 15_000);
    expect(after).toMatch(/─ Output .*E1.*passed/);
    expect(after).toMatch(/standard-rwo +1 +128/);

    // The typed note reached the issue: E1 ticked with it, and its Change Log row.
    const r = await fetch(`${giteaUrl}/api/v1/repos/ops/homelab/issues/42`, { headers: { authorization: `token ${DEMO_TOKENS.admin}` } });
    const body = ((await r.json()) as { body: string }).body;
    expect(body).toMatch(/^- \[x\] \*\*E1 /m);
    expect(body.split(/^## Change Log\s*$/m)[1]).toMatch(/\| E1[^\n]*pools under 55%/);

    c.keys('o');
    const viewer = await c.waitFor(/lines 1-\d+ of \d+/);
    // Both commands' output, the pool table first.
    expect(viewer).toMatch(/POOL +ID +PGS/);
    expect(viewer).toContain('osd.8');
    c.keys('/');
    c.type('TOTAL');
    c.keys('Enter');
    const found = await c.waitFor(/matching line/);
    expect(found).toMatch(/> .*TOTAL/);
    c.keys('n');
    await c.waitFor(/\/TOTAL \d+\/\d+/);
    c.keys('Escape');
    await c.waitFor('E1  Check Ceph capacity');
  }, 90_000);
});
