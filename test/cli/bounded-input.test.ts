import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { issueNumberFlag, MAX_TIMEOUT_SECONDS, timeoutFlag } from '../../src/cli/args.js';
import { ConfigError, loadConfig } from '../../src/services/config/load.js';
import { DEMO_TOKENS, GiteaSim, seedDemoWorld } from '../../src/sim/gitea/index.js';
import { ensureBundle } from '../support/bundle.js';
import { repoRoot } from '../support/shared.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

let sim: GiteaSim | undefined;
afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const home = mkdtempSync(path.join(tmpdir(), 'hc-home-'));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(repoRoot, 'bin', 'homelab-console'), ...args],
      { cwd: home, env: { PATH: process.env.PATH ?? '', HOME: home, XDG_CONFIG_HOME: path.join(home, '.config'), TZ: 'UTC', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('bad input is bounded and refused before any request', () => {
  it('issue numbers: 0, 20 digits and junk are usage errors; the server sees no request', async () => {
    sim = new GiteaSim({ world: seedDemoWorld({}), record: true });
    await sim.start();
    const env = { GITEA_URL: sim.url, GITEA_TOKEN: DEMO_TOKENS.admin };
    for (const bad of ['--issue=0', '--issue=18446744073709551616', '--issue=-1', '--issue=4x']) {
      const r = await cli(['edit', bad, '--repo', 'ops/homelab', '--tick', 'A1'], env);
      expect(r.code, bad).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/--issue takes an issue number/);
      expect(r.stderr).not.toMatch(/\bat .*\.js/);
    }
    expect(sim.recorded).toHaveLength(0);
    expect(() => issueNumberFlag('console', '0')).toThrow(/issue number/);
    expect(issueNumberFlag('console', '#42')).toBe(42);
  });

  it('--timeout is validated and clamped so no timer overflows', async () => {
    expect(timeoutFlag('gate', '2147484', 20)).toBe(MAX_TIMEOUT_SECONDS * 1000);
    expect(timeoutFlag('gate', undefined, 20)).toBe(20_000);
    expect(timeoutFlag('gate', '1.5', 20)).toBe(1500);
    for (const bad of ['0', '-1', 'abc', '']) expect(() => timeoutFlag('gate', bad, 20), bad).toThrow(/--timeout takes a number of seconds/);
    // gate with a huge timeout still waits for its answer (an overflowed timer would fire at once: UNKNOWN 'no data yet').
    const { KubeSim, FAST_TIMING } = await import('../../src/sim/kube/index.js');
    const kube = await KubeSim.start({ timing: FAST_TIMING, bookmarkIntervalMs: 0, seed: 'healthy' });
    try {
      const r = await cli(['gate', '--json', '--timeout', '2147484'], { KUBECONFIG: kube.kubeconfigPath });
      const json = JSON.parse(r.stdout) as { layers: { metal: { status: string } } };
      expect(json.layers.metal.status).toBe('GREEN');
    } finally {
      await kube.stop();
    }
  });

  it('a configuration file with 100k keys is refused at once with one line; duplicates still caught', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hc-cfg-'));
    const big = path.join(dir, 'big.yaml');
    writeFileSync(big, `health:\n${Array.from({ length: 100_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`);
    expect(() => loadConfig(big)).toThrow(ConfigError);
    expect(() => loadConfig(big)).toThrow(/too large for a configuration file/);
    const dup = path.join(dir, 'dup.yaml');
    writeFileSync(dup, 'health:\n  podRestartsWarn: 3\n  podRestartsWarn: 4\n');
    expect(() => loadConfig(dup)).toThrow(/keys must be unique/);
    // Under the cap, many keys parse in linear time (the library's own duplicate check was quadratic).
    const wide = path.join(dir, 'wide.yaml');
    writeFileSync(wide, `health:\n${Array.from({ length: 20_000 }, (_, i) => `  k${i}: ${i}`).join('\n')}\n`);
    expect(() => loadConfig(wide)).toThrow(/unknown key/);
  });
});
