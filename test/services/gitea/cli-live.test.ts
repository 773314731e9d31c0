import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TOKENS, GiteaSim, HumanEditor, seedDemoWorld, type GiteaFlavor } from '../../../src/sim/gitea/index.js';
import { repoRoot } from '../../support/shared.js';
import { ensureBundle } from '../../support/bundle.js';
import { waitFor } from '../../support/wait.js';
import { inFlightFacts } from '../../../src/services/journal/in-flight.js';
import { Journal, journalPath, unknownOutcomes } from '../../../src/services/journal/journal.js';
import { landedIn } from '../../../src/domain/steps/in-flight.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

let sim: GiteaSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

async function start(flavor: GiteaFlavor = 'gitea-1.26') {
  sim = new GiteaSim({ world: seedDemoWorld({ flavor }) });
  await sim.start();
  return sim;
}

const cliEnv = (home: string, env: Record<string, string>) => ({
  PATH: process.env.PATH ?? '',
  HOME: home,
  XDG_CONFIG_HOME: path.join(home, '.config'),
  TZ: 'UTC',
  ...env,
});

/** Runs the built binary (async: the simulator answers from this process). */
function cli(
  args: string[],
  env: Record<string, string> = {},
  home = mkdtempSync(path.join(tmpdir(), 'hc-home-')),
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'bin', 'homelab-console'), ...args],
      { cwd: home, env: cliEnv(home, env), timeout: 20_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const creds = () => ({ GITEA_URL: sim!.url, GITEA_TOKEN: DEMO_TOKENS.admin });

describe('plan/edit live mode (--issue) against the simulated Gitea', () => {
  it('plan --issue with no number reads the latest maintenance issue', async () => {
    await start();
    const r = await cli(['plan', '--issue', '--repo', 'ops/homelab', '--json'], creds());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { title: string; next: string };
    expect(json.title).toBe('[Maintenance] 2026-11-26 - Homelab');
    expect(json.next).toBe('A1');
    const table = await cli(['plan', '--issue', '42', '--repo', 'ops/homelab'], creds());
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('▶ next: A1');
  });

  it('edit --issue N --tick ID: exit 0, edit in and verified, with content_version', async () => {
    await start();
    const r = await cli(['edit', '--issue', '42', '--repo', 'ops/homelab', '--tick', 'A1', '--note', 'access ok', '--log', 'Preflight'], creds());
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ops\/homelab#42: edited \(content_version checked; 1 attempt\)\n$/);
    const body = sim!.world.issues.get(42)!.body;
    expect(body).toMatch(/- \[x\] \*\*A1 .*access ok/);
    expect(sim!.world.issues.get(42)!.contentVersion).toBe(1);
  });

  it('edit --issue journals its write in flight, where the console looks when it starts: intent, the PATCH with its lines, the outcome', async () => {
    await start();
    const home = mkdtempSync(path.join(tmpdir(), 'hc-home-'));
    const r = await cli(['edit', '--issue', '42', '--repo', 'ops/homelab', '--tick', 'A1', '--note', 'access ok'], creds(), home);
    expect(r.code).toBe(0);
    const journal = new Journal(journalPath({ HOME: home }));
    const { entries } = journal.read();
    const intent = entries.find((e) => e.type === 'intent');
    expect(intent).toMatchObject({ kind: 'body-write', issue: '#42', giteaHost: new URL(sim!.url).host, inFlight: { what: 'body-write', issue: 42 } });
    const sent = entries.find((e) => e.type === 'event' && e.event === 'progress' && e.lines);
    expect(sent?.type === 'event' && sent.lines?.adds.some((l) => /- \[x\] \*\*A1 .*access ok/.test(l))).toBe(true);
    expect(entries.find((e) => e.type === 'outcome')).toMatchObject({ stepId: intent!.stepId, status: 'passed', message: expect.stringMatching(/^landed: /) });
    expect(unknownOutcomes(entries)).toEqual([]);
    expect(readFileSync(journal.file, 'utf8')).not.toContain(DEMO_TOKENS.admin);
  });

  it('edit --issue killed (-9) after its PATCH landed and before the answer: the journal holds it in flight, and its lines say it landed', async () => {
    await start();
    const home = mkdtempSync(path.join(tmpdir(), 'hc-home-'));
    sim!.faults.add({ method: 'PATCH', path: '/repos/ops/homelab/issues/42', fault: { kind: 'stall-answer', ms: 20_000 }, times: 1 });
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'homelab-console'), 'edit', '--issue', '42', '--repo', 'ops/homelab', '--tick', 'A1'], {
      cwd: home,
      env: cliEnv(home, creds()),
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
    await waitFor(() => /- \[x\] \*\*A1 /.test(sim!.world.issues.get(42)!.body), { what: 'the PATCH to land', timeoutMs: 20_000 });
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const left = unknownOutcomes(new Journal(journalPath({ HOME: home })).read().entries);
    expect(left).toHaveLength(1);
    const facts = inFlightFacts(left[0]!);
    expect(facts?.subject).toMatchObject({ what: 'body-write', issue: 42 });
    expect(landedIn(facts!.lines, sim!.world.issues.get(42)!.body)).toBe(true);
  });

  it('exit 4 when a human changed the very item (nothing overwritten)', async () => {
    await start();
    // The human edits A1 after the console has read the issue: the edit built from that read conflicts.
    const human = new HumanEditor(sim!.world);
    let reads = 0;
    sim!.onRequest((info) => {
      // Read 1 builds the edit; before read 2 (the writer's fresh read) the human saves.
      if (info.method === 'GET' && info.path.endsWith('/issues/42') && ++reads === 2) {
        human.edit(42, (b) => b.replace('Preflight access check', 'Preflight access check via bastion'));
      }
    });
    const before = sim!.world.counters.attempted;
    const r = await cli(['edit', '--issue', '42', '--repo', 'ops/homelab', '--tick', 'A1'], creds());
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^homelab-console: edit: ops\/homelab#42: .*A1.*nothing was overwritten\n$/);
    expect(sim!.world.counters.attempted).toBe(before);
    expect(sim!.world.issues.get(42)!.body).toContain('Preflight access check via bastion');
  });

  it('last-writer-wins on Forgejo says so; exit 2 for bad arguments; exit 1 when Gitea fails; no token anywhere', async () => {
    await start('forgejo');
    const lww = await cli(['edit', '--issue', '--repo', 'ops/homelab', '--tick', 'A1'], creds());
    expect(lww.code).toBe(0);
    expect(lww.stdout).toMatch(/last writer wins, verified after writing/);

    const noId = await cli(['edit', '--issue', '42', '--repo', 'ops/homelab', '--tick', 'ZZ9'], creds());
    expect(noId.code).toBe(2);
    const badNumber = await cli(['edit', '--issue', 'forty', '--tick', 'A1'], creds());
    expect(badNumber.code).toBe(2);
    expect(badNumber.stderr).toMatch(/--issue takes an issue number/);
    const noCreds = await cli(['plan', '--issue', '42', '--repo', 'ops/homelab']);
    expect(noCreds.code).toBe(2);
    expect(noCreds.stderr).toMatch(/no Gitea credentials/);

    const missing = await cli(['plan', '--issue', '999', '--repo', 'ops/homelab'], creds());
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^homelab-console: plan: Gitea: GET issue #999: 404/);
    const badToken = await cli(['plan', '--issue', '42', '--repo', 'ops/homelab', '--token', 'wrong-token-abcdef'], { GITEA_URL: sim!.url });
    expect(badToken.code).toBe(1);
    for (const r of [lww, noId, badNumber, missing, badToken]) {
      expect(r.stdout + r.stderr).not.toContain(DEMO_TOKENS.admin);
      expect(r.stdout + r.stderr).not.toContain('wrong-token-abcdef');
      expect(r.stderr.split('\n').filter(Boolean).length).toBeLessThanOrEqual(1);
    }
  });
});
