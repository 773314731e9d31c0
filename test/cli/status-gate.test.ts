import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawn } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CephSimulator } from '../../src/sim/ceph/index.js';
import { FAST_TIMING, isRookCephTools, KubeSim, routeExec } from '../../src/sim/kube/index.js';
import { createKubeActions } from '../../src/services/kube/actions/index.js';
import { loadKubeTarget } from '../../src/services/kube/kubeconfig.js';
import { repoRoot } from '../support/shared.js';
import { waitFor } from '../support/wait.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'homelab-console');
const dir = mkdtempSync(path.join(tmpdir(), 'status-gate-cli-'));
const TOKEN = 'gate-test-token-4f9a2c';

export function writeKubeconfig(server: string, file = path.join(dir, `kubeconfig-${Math.random().toString(36).slice(2)}`)): string {
  writeFileSync(
    file,
    `apiVersion: v1
kind: Config
clusters:
- name: homelab
  cluster: {server: "${server}", insecure-skip-tls-verify: true}
users:
- name: admin
  user: {token: "${TOKEN}"}
contexts:
- name: homelab
  context: {cluster: homelab, user: admin}
current-context: homelab
`,
  );
  return file;
}

export async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: { ...process.env, HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml'), HOME: dir, KUBECONFIG: '', ...env },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const lines = (s: string) => s.split('\n').filter((l) => l !== '');

describe('status and gate without a cluster', () => {
  const unreachable = writeKubeconfig('http://127.0.0.1:1');

  // The monitoring-plugin convention: a typo is UNKNOWN (3), never a RED (2) a script would act on.
  it('a bad flag or config file is UNKNOWN (exit 3) with one line on stderr and nothing on stdout', async () => {
    const badConfig = path.join(dir, 'bad-config.yaml');
    writeFileSync(badConfig, 'kube:\n  contxt: prod\n');
    for (const args of [
      ['gate', '--bogus'],
      ['status', '--bogus'],
      ['status', '--wat'],
      ['gate', '--timeout', 'soon'],
      ['status', '--ceph-conf', path.join(dir, 'missing.conf')],
      ['status', '--config', badConfig],
      ['gate', '--config', path.join(dir, 'absent-config.yaml')],
      ['recon', '--bogus'],
      ['recon', '--issue', 'x'],
    ]) {
      const r = await cli(args, { KUBECONFIG: unreachable });
      expect(r.code, args.join(' ')).toBe(3);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('an unknown --context is a usage error (UNKNOWN, exit 3) naming the contexts there are', async () => {
    const r = await cli(['status', '--context', 'prod'], { KUBECONFIG: unreachable });
    expect(r.code).toBe(3);
    expect(r.stderr).toBe("homelab-console: status: --context: no context 'prod' in kubeconfig (have: homelab)\n");
  });

  it('an unreachable API server is UNKNOWN (exit 3) with one clear line, never GREEN', async () => {
    const r = await cli(['gate'], { KUBECONFIG: unreachable });
    expect(r.code).toBe(3);
    expect(lines(r.stderr)).toEqual(['homelab-console: cannot reach the Kubernetes API at http://127.0.0.1:1: connect ECONNREFUSED 127.0.0.1:1']);
    expect(r.stdout).toMatch(/^overall {3}UNKNOWN\n/);
    expect(r.stdout).not.toMatch(/GREEN/);
    expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });

  it('gate --json keeps the contract when unreachable: every layer UNKNOWN, no percentage', async () => {
    const r = await cli(['gate', '--json'], { KUBECONFIG: unreachable });
    expect(r.code).toBe(3);
    const json = JSON.parse(r.stdout) as {
      overall: string;
      layers: Record<string, { status: string; healthyPercent: number | null; reasons: string[]; offenders: unknown[] }>;
    };
    expect(json.overall).toBe('UNKNOWN');
    expect(Object.keys(json.layers)).toEqual(['metal', 'system', 'platform', 'apps']);
    for (const layer of Object.values(json.layers)) expect(layer).toMatchObject({ status: 'UNKNOWN', healthyPercent: null, offenders: [] });
  });

  it('no kubeconfig at all is UNKNOWN (exit 3) with one line', async () => {
    const r = await cli(['status']);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([`homelab-console: status: no kubeconfig: KUBECONFIG is unset and ${path.join(dir, '.kube', 'config')} does not exist`]);
  });
});

const sims: KubeSim[] = [];
afterEach(async () => {
  while (sims.length) await sims.pop()!.stop();
});

async function simWorld(state: 'degraded' | 'healthy') {
  const ceph = new CephSimulator({ state });
  const sim = await KubeSim.start({
    seed: state,
    timing: FAST_TIMING,
    bookmarkIntervalMs: 0,
    exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => ceph.exec(argv) }]),
  });
  sims.push(sim);
  return { sim, ceph };
}

describe('status and gate against the simulated homelab', () => {
  it('a healthy homelab: gate is GREEN, exit 0, Ceph read through rook-ceph-tools', async () => {
    const { sim } = await simWorld('healthy');
    const r = await cli(['gate'], { KUBECONFIG: sim.kubeconfigPath });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(lines(r.stdout)[0]).toBe('overall   GREEN');
    expect(r.stdout).toMatch(/^system +GREEN .*ceph HEALTH_OK/m);
    expect(sim.counters.writes).toBe(0);
  });

  it('the degraded demo: gate --json is RED (exit 2) with the crash-looping pod, the two Applications and the Ceph checks', async () => {
    const { sim } = await simWorld('degraded');
    const r = await cli(['gate', '--json'], { KUBECONFIG: sim.kubeconfigPath });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as {
      overall: string;
      layers: Record<string, { status: string; offenders: Array<{ name: string; reason: string; restarts?: number }> }>;
    };
    expect(json.overall).toBe('RED');
    expect(json.layers.metal!.status).toBe('GREEN');
    expect(json.layers.apps!.offenders[0]).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(json.layers.apps!.offenders[0]!.name).toMatch(/^paperless-ngx-/);
    // The degraded demo also carries the latent certificate cert-manager failed to renew.
    expect(json.layers.platform!.offenders.map((o) => o.reason)).toEqual(['Degraded', 'OutOfSync', 'Expiring in 5 d']);
    expect(json.layers.system!.offenders.map((o) => o.name)).toEqual(expect.arrayContaining(['RECENT_MGR_MODULE_CRASH', 'OSDMAP_FLAGS']));
    expect(r.stdout).not.toContain(sim.token!);
  });

  it('status --watch prints the grade, then again when it changes; Ctrl-C exits with the last grade', async () => {
    const { sim } = await simWorld('degraded');
    const child = spawn(process.execPath, [bin, 'status', '--watch', '--json'], {
      env: { ...process.env, HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml'), HOME: dir, KUBECONFIG: sim.kubeconfigPath },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const grades = () => lines(out).map((l) => JSON.parse(l) as { overall: string; layers: Record<string, { status: string }> });
    try {
      await waitFor(() => grades().some((g) => g.layers.apps!.status === 'RED' && g.layers.system!.status !== 'UNKNOWN'), {
        what: 'a RED grade',
        timeoutMs: 20_000,
      });
      // The operator fixes paperless: the next printed grade has Apps GREEN.
      const actions = createKubeActions(await loadKubeTarget({ env: { KUBECONFIG: sim.kubeconfigPath } }), { readOnly: false, dryRun: false }, { pollMs: 50 });
      await actions.restartRollout({ kind: 'deployment', namespace: 'paperless', name: 'paperless-ngx', timeoutMs: 20_000 });
      await waitFor(() => grades().at(-1)?.layers.apps!.status === 'GREEN', { what: 'Apps GREEN printed', timeoutMs: 20_000 });
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(2); // still RED: Ceph HEALTH_ERR and the Degraded Application remain
  }, 60_000);

  it('status --watch in a steady state: one exec per Ceph poll and no new line while only ages move', async () => {
    // Ceph stays HEALTH_WARN with slow ops whose "oldest one blocked for N sec" grows every second.
    const ceph = new CephSimulator({ state: 'degraded' });
    ceph.state.recovery = null;
    let execs = 0;
    const sim = await KubeSim.start({
      seed: 'healthy',
      timing: FAST_TIMING,
      bookmarkIntervalMs: 0,
      exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => (execs++, ceph.exec(argv)) }]),
    });
    sims.push(sim);
    const config = path.join(dir, 'watch-steady.yaml');
    writeFileSync(config, 'ceph:\n  intervalSeconds: 2\n');
    const child = spawn(process.execPath, [bin, 'status', '--watch', '--json'], {
      env: { ...process.env, HOMELAB_CONSOLE_CONFIG: config, HOME: dir, KUBECONFIG: sim.kubeconfigPath },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const grades = () => lines(out).map((l) => JSON.parse(l) as { layers: Record<string, { status: string; offenders: Array<{ reason: string }> }> });
    try {
      await waitFor(() => grades().some((g) => g.layers.system!.status !== 'UNKNOWN' && g.layers.apps!.status !== 'UNKNOWN'), {
        what: 'a graded System',
        timeoutMs: 20_000,
      });
      expect(
        grades()
          .at(-1)!
          .layers.system!.offenders.map((o) => o.reason)
          .join(' '),
      ).toMatch(/blocked for \d+ sec/);
      const printed = grades().length;
      const start = { execs, requests: sim.counters.requests };
      await waitFor(() => execs >= start.execs + 3, { what: 'three more Ceph polls', timeoutMs: 20_000 });
      expect(grades().length).toBe(printed);
      // Each poll is one exec upgrade: the toolbox pod stays resolved and the ten reads are one batch.
      expect(sim.counters.requests - start.requests).toBeLessThanOrEqual(execs - start.execs + 1);
    } finally {
      child.kill('SIGINT');
    }
    await new Promise((resolve) => child.on('exit', resolve));
  }, 60_000);
});
