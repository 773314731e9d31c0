import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { takeLogFile } from '../../src/cli/log-flag.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../../src/sim/gitea/index.js';
import { FAST_TIMING, KubeSim } from '../../src/sim/kube/index.js';
import { binPath, ensureBundle } from '../support/bundle.js';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'hc-debuglog-'));
let kube: KubeSim;
let gitea: GiteaSim;

beforeAll(async () => {
  await ensureBundle();
  kube = await KubeSim.start({ seed: 'healthy', timing: FAST_TIMING, bookmarkIntervalMs: 0 });
  gitea = await startDemoGitea();
}, 120_000);
afterAll(async () => {
  await kube?.stop();
  await gitea?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function cli(args: string[], env: Record<string, string>) {
  try {
    const r = await run(process.execPath, [binPath, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml'), ...env },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const LINE = /^\d{4}-\d\d-\d\dT[\d:.]+Z (info |error) (kube|gitea|cli) /;

describe('the debug log', () => {
  it('--log-file records each Kubernetes request (method, path, status, ms), no token, no query, mode 600', async () => {
    const file = path.join(dir, 'logs', 'gate.log');
    const r = await cli(['gate', '--json', '--log-file', file], { KUBECONFIG: kube.kubeconfigPath });
    expect(r.stdout).toContain('"overall"');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    for (const l of lines) expect(l).toMatch(LINE);
    expect(lines.some((l) => / info {2}kube GET \/api\/v1\/nodes 200 \d+ms$/.test(l))).toBe(true);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(kube.token!);
    expect(text).not.toMatch(/\?|limit=|resourceVersion=/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('HOMELAB_CONSOLE_LOG records Gitea requests and a rejected token as a 401 and the error, never the token', async () => {
    const file = path.join(dir, 'plan.log');
    const env = { HOMELAB_CONSOLE_LOG: file, GITEA_URL: gitea.url, GITEA_REPO: 'ops/homelab', KUBECONFIG: '' };
    const ok = await cli(['plan', '--issue', '42'], { ...env, GITEA_TOKEN: DEMO_TOKENS.admin });
    expect(ok.code).toBe(0);
    const bad = await cli(['plan', '--issue', '42'], { ...env, GITEA_TOKEN: 'wrong-token-abcdef123' });
    expect(bad.code).toBe(1);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/ info {2}gitea GET \/repos\/ops\/homelab\/issues\/42 200 \d+ms\n/);
    expect(text).toMatch(/ info {2}gitea GET \/repos\/ops\/homelab\/issues\/42 401 \d+ms\n/);
    expect(text).toMatch(/ error cli failed: plan: Gitea: .*401/);
    expect(text).not.toContain(DEMO_TOKENS.admin);
    expect(text).not.toContain('wrong-token-abcdef123');
  });

  it('no file named, nothing written; --log-file is taken out before the command parses its flags', () => {
    expect(takeLogFile(['gate', '--log-file', 'x.log', '--json'], {})).toEqual({ argv: ['gate', '--json'], logFile: 'x.log' });
    expect(takeLogFile(['gate', '--log-file=y.log'], { HOMELAB_CONSOLE_LOG: 'env.log' })).toEqual({ argv: ['gate'], logFile: 'y.log' });
    expect(takeLogFile(['gate'], { HOMELAB_CONSOLE_LOG: 'env.log' })).toEqual({ argv: ['gate'], logFile: 'env.log' });
    expect(takeLogFile(['edit', '--', '--log-file', 'z'], {})).toEqual({ argv: ['edit', '--', '--log-file', 'z'], logFile: null });
    expect(() => takeLogFile(['gate', '--log-file'], {})).toThrow('--log-file needs a file');
    expect(existsSync(path.join(dir, 'x.log'))).toBe(false);
  });
});
