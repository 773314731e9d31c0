import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CephSimulator } from '../../src/sim/ceph/index.js';
import { FAST_TIMING, isRookCephTools, KubeSim, routeExec } from '../../src/sim/kube/index.js';
import { binPath, ensureBundle } from '../support/bundle.js';
import { requireRealServers } from '../support/shared.js';
import { waitFor } from '../support/wait.js';

// Kubernetes like kubectl: an http:// API server — here `kubectl proxy` (the real kubectl) in front
// of the kube simulator — grades exactly like the direct, authenticated connection.

const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));
const skip = !KUBECTL && !requireRealServers;
const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'hc-kproxy-'));

async function cli(args: string[], kubeconfig: string) {
  try {
    const r = await run(process.execPath, [binPath, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml') },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe.skipIf(skip)(`gate through kubectl proxy${KUBECTL ? '' : ' (needs kubectl: script/bootstrap --system installs kubernetes-client)'}`, () => {
  let sim: KubeSim;
  let proxy: ChildProcess;
  let proxied = '';
  let defaultProxy: ChildProcess;
  let defaultProxied = '';

  beforeAll(async () => {
    await ensureBundle();
    const ceph = new CephSimulator({ state: 'degraded' });
    // A manual clock holds the degraded world still: paperless stays in CrashLoopBackOff instead of
    // cycling through Running between crashes, so every gate here grades the same cluster.
    sim = await KubeSim.start({
      seed: 'degraded',
      clock: 'manual',
      timing: FAST_TIMING,
      bookmarkIntervalMs: 0,
      exec: routeExec([{ match: isRookCephTools, handler: async (_ns, _pod, _c, argv) => ceph.exec(argv) }]),
    });
    // kubectl proxy refuses exec and attach by default (--reject-paths); Ceph is read by exec, so this
    // one lets exec through, as an operator who reads Ceph through the proxy starts it.
    const [a, b] = await Promise.all([startProxy(['--reject-paths=^/api/.*/pods/.*/attach']), startProxy([])]);
    [proxy, proxied] = a;
    [defaultProxy, defaultProxied] = b;
  }, 120_000);

  async function startProxy(extra: string[]): Promise<[ChildProcess, string]> {
    const p = spawn(KUBECTL!, ['proxy', '--port=0', '--kubeconfig', sim.kubeconfigPath, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => /Starting to serve on 127\.0\.0\.1:(\d+)/.test(out), { timeoutMs: 20_000, what: 'kubectl proxy to start' });
    const port = /127\.0\.0\.1:(\d+)/.exec(out)![1];
    // What an operator writes for kubectl proxy: a plain http server, no user credentials.
    const file = path.join(dir, `proxied-${port}.yaml`);
    writeFileSync(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters:',
        `- name: proxy\n  cluster:\n    server: http://127.0.0.1:${port}`,
        'users:',
        '- name: nobody\n  user: {}',
        'contexts:',
        '- name: proxy\n  context:\n    cluster: proxy\n    user: nobody',
        'current-context: proxy',
        '',
      ].join('\n'),
    );
    return [p, file];
  }

  afterAll(async () => {
    proxy?.kill();
    defaultProxy?.kill();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('grades like the direct connection: same overall, layers, offenders and exit code', async () => {
    const direct = await cli(['gate', '--json'], sim.kubeconfigPath);
    const via = await cli(['gate', '--json'], proxied);
    expect(via.stderr).toBe('');
    expect(via.code).toBe(direct.code);
    expect(via.code).toBe(2);
    type Gate = { overall: string; layers: Record<string, { status: string; offenders: Array<{ name: string; reason: string }> }> };
    const shape = (g: Gate) => ({
      overall: g.overall,
      layers: Object.fromEntries(
        Object.entries(g.layers).map(([k, l]) => [
          k,
          { status: l.status, offenders: l.offenders.map((o) => `${o.name} ${o.reason.replace(/\d+ sec/, 'N sec')}`).sort() },
        ]),
      ),
    });
    expect(shape(JSON.parse(via.stdout) as Gate)).toEqual(shape(JSON.parse(direct.stdout) as Gate));
    // Ceph came through the proxy too (exec into rook-ceph-tools), not UNKNOWN.
    expect((JSON.parse(via.stdout) as Gate).layers.system!.offenders.map((o) => o.name)).toContain('OSDMAP_FLAGS');
  });

  it("behind a default kubectl proxy (exec refused) every other layer grades and Ceph says the proxy's 403", async () => {
    const r = await cli(['gate', '--json'], defaultProxied);
    const g = JSON.parse(r.stdout) as { layers: Record<string, { status: string; reasons: string[] }> };
    expect(g.layers.apps!.status).toBe('RED');
    expect(g.layers.metal!.status).toBe('GREEN');
    expect(g.layers.system!.reasons.join('\n')).toMatch(/ceph status: exec .*: Unexpected server response: 403$/m);
    expect(r.stdout).not.toContain('[object Object]');
  });
});
