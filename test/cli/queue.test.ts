import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../src/sim/gitea/index.js';
import { SHARED_ABSENT, corpusPath, hasShared, repoRoot, describeCorpus } from '../support/shared.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'homelab-console');
const dir = mkdtempSync(path.join(tmpdir(), 'queue-cli-'));

async function queue(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, 'queue', ...args], {
      env: { ...process.env, HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml'), ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A PR list of our own in the Gitea API shape. */
function giteaPr(number: number, title: string, branch: string, body: string, extra: Record<string, unknown> = {}) {
  return {
    number,
    title,
    body,
    state: 'open',
    draft: false,
    mergeable: true,
    merged: false,
    user: { login: 'admin' },
    labels: [],
    created_at: '2026-11-20T10:00:00Z',
    html_url: `https://git.lan/ops/homelab/pulls/${number}`,
    head: { label: branch, ref: branch, sha: `${number}`.repeat(40).slice(0, 40) },
    base: { label: 'main', ref: 'main', sha: 'b'.repeat(40) },
    ...extra,
  };
}
const table = (row: string) => `This PR contains the following updates:\n\n| Package | Update | Change |\n|---|---|---|\n${row}\n`;

const ownList = path.join(dir, 'prs.json');
writeFileSync(
  ownList,
  JSON.stringify([
    giteaPr(47, 'chore(deps): update postgres docker tag to v18', 'renovate/postgres-18.x', table('| postgres | major | `17.6` → `18.1` |')),
    giteaPr(
      46,
      'chore(deps): update ghcr.io/acme/widget docker tag to v4.4.0',
      'renovate/acme-widget-4.x',
      table('| ghcr.io/acme/widget | minor | `4.3.0` → `4.4.0` |'),
    ),
    giteaPr(43, 'chore(deps): update all non-major dependencies', 'renovate/all-minor-patch', table('| kured | patch | `5.6.0` → `5.6.1` |'), {
      mergeable: false,
    }),
    giteaPr(50, 'Add a backup CronJob', 'feature/backup', 'by hand'),
  ]),
);

describe('homelab-console queue --prs-file', () => {
  it('prints { prs } in merge order with the contract fields', async () => {
    const r = await queue(['--json', '--prs-file', ownList]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { prs: Array<Record<string, unknown>>; dashboard: unknown };
    expect(doc.prs.map((p) => p.number)).toEqual([43, 46, 47, 50]);
    const first = doc.prs[0]!;
    for (const key of [
      'number',
      'title',
      'renovate',
      'category',
      'order',
      'risk',
      'updateType',
      'containsDatabase',
      'containsCore',
      'packages',
      'mergeable',
      'ci',
      'affectedApps',
    ]) {
      expect(first, key).toHaveProperty(key);
    }
    expect(doc.prs.map((p) => [p.category, p.order, p.risk, p.updateType, p.mergeable, p.renovate])).toEqual([
      ['non-major', 1, 'LOW', 'patch', false, true],
      ['apps', 5, 'MEDIUM', 'minor', true, true],
      ['database', 6, 'CRITICAL', 'major', true, true],
      ['apps', 5, 'MEDIUM', 'unknown', true, false],
    ]);
    expect(doc.prs[2]!.packages).toEqual([{ name: 'postgres', from: '17.6', to: '18.1', updateType: 'major' }]);
    expect(doc.dashboard).toBeNull();
  });

  it('applies rules from the config file before the defaults', async () => {
    const config = path.join(dir, 'config.yaml');
    writeFileSync(config, 'renovate:\n  extraRules:\n    - match: "^ghcr\\\\.io/acme/"\n      category: platform\n');
    const r = await queue(['--json', '--prs-file', ownList], { HOMELAB_CONSOLE_CONFIG: config });
    expect(r.stderr).toBe('');
    const doc = JSON.parse(r.stdout) as { prs: Array<{ number: number; category: string; order: number }> };
    expect(doc.prs.map((p) => [p.number, p.category])).toEqual([
      [43, 'non-major'],
      [46, 'platform'],
      [47, 'database'],
      [50, 'apps'],
    ]);
  });

  it('prints a table with packages, flags and reasons', async () => {
    const r = await queue(['--prs-file', ownList]);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^#\s+PR\s+ORDER\s+CATEGORY\s+RISK\s+UPDATE\s+MERGEABLE\s+CI\s+AGE\s+TITLE$/);
    expect(lines[1]).toMatch(/^1\s+#43\s+1\s+non-major\s+LOW\s+patch\s+NO\s+unknown\s+\d+d\s+chore\(deps\): update all non-major dependencies$/);
    expect(r.stdout).toContain('packages: postgres 17.6→18.1 (major)');
    expect(r.stdout).toContain('not merged by the loop: not a Renovate PR');
  });

  it('bad input: one line on stderr, exit 2, no stack trace', async () => {
    const missing = await queue(['--prs-file', path.join(dir, 'nope.json')]);
    expect([missing.code, missing.stdout]).toEqual([2, '']);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.json: no such file/);
    const junk = path.join(dir, 'junk.json');
    writeFileSync(junk, '{ not json');
    const bad = await queue(['--prs-file', junk]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/is not JSON/);
    expect((await queue(['--frobnicate'])).code).toBe(2);
    const badRules = path.join(dir, 'bad-rules.yaml');
    writeFileSync(badRules, 'renovate:\n  extraRules:\n    - match: "("\n      category: apps\n');
    const r = await queue(['--prs-file', ownList], { HOMELAB_CONSOLE_CONFIG: badRules });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/renovate rule 1: match '\(' is not a valid regular expression/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describeCorpus(`queue over saved corpus lists ${hasShared ? '' : SHARED_ABSENT}`, () => {
  it('takes the PRs from an /issues list and shows the Dependency Dashboard items', async () => {
    const r = await queue(['--json', '--prs-file', corpusPath('gitea', '2026-01-31-issues.json')]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout) as { prs: Array<{ number: number }>; dashboard: { number: number; items: Array<{ pr: number }> } };
    expect(doc.prs.map((p) => p.number)).toEqual([54, 55]);
    expect(doc.dashboard.number).toBe(4);
    expect(doc.dashboard.items.map((i) => i.pr)).toEqual([54, 55, 52]);
    const table = await queue(['--prs-file', corpusPath('gitea', '2026-01-31-issues.json')]);
    expect(table.stdout).toMatch(/Dependency Dashboard #4 \(read-only\): 3 open items/);
  });

  it('reads a single PR object (GET /pulls/{n})', async () => {
    const r = await queue(['--json', '--prs-file', corpusPath('gitea', '2026-02-22-pr-63-detail.json')]);
    const doc = JSON.parse(r.stdout) as { prs: Array<{ number: number; packages: unknown[]; containsCore: boolean }> };
    expect(doc.prs.map((p) => [p.number, p.packages.length, p.containsCore])).toEqual([[63, 15, true]]);
  });
});

describe('homelab-console queue (live, against the simulated Gitea)', () => {
  let sim: GiteaSim;
  beforeAll(async () => {
    sim = new GiteaSim({ world: seedDemoWorld({ maintenanceBody: '# m\n' }) });
    await sim.start();
  });
  afterAll(() => sim.stop());

  const live = (args: string[]) =>
    queue(args, { GITEA_URL: sim.url, GITEA_TOKEN: DEMO_TOKENS.admin, HOME: dir, XDG_CONFIG_HOME: dir, KUBECONFIG: path.join(dir, 'no-kubeconfig') });

  it('reads open PRs, CI and the Dependency Dashboard from the server, writing nothing', async () => {
    const before = sim.world.counters.attempted;
    const r = await live(['--json', '--repo', 'ops/homelab']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning: no ArgoCD Applications/);
    expect(r.stderr).not.toContain(DEMO_TOKENS.admin);
    const doc = JSON.parse(r.stdout) as { prs: Array<{ number: number; ci: string; changedFiles: string[] }>; dashboard: { number: number } | null };
    expect(doc.prs.map((p) => [p.number, p.ci])).toEqual([
      [43, 'success'],
      [48, 'failure'],
      [44, 'success'],
      [45, 'success'],
      [46, 'none'],
      [47, 'success'],
    ]);
    expect(doc.prs[0]!.changedFiles).toContain('kubernetes/platform/kured/kustomization.yaml');
    expect(doc.dashboard?.number).toBe(4);
    expect(sim.world.counters.attempted).toBe(before);
  });

  it('a wrong token is one line and no stack', async () => {
    const r = await queue(['--repo', 'ops/homelab'], { GITEA_URL: sim.url, GITEA_TOKEN: 'wrong-token-value-123', HOME: dir, XDG_CONFIG_HOME: dir });
    expect(r.code).not.toBe(0);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toContain('wrong-token-value-123');
  });
});
