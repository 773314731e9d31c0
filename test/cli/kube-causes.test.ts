import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAST_TIMING, KubeSim } from '../../src/sim/kube/index.js';
import { binPath, ensureBundle } from '../support/bundle.js';

// Kubernetes like kubectl: exec credential plugins run once per session with KUBERNETES_EXEC_INFO,
// and doctor names the real cause of a refusal in one line (plugin, credentials, CA), not per resource.

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'hc-kcause-'));
let sim: KubeSim;
let tls: Server;
let tlsUrl = '';

beforeAll(async () => {
  await ensureBundle();
  sim = await KubeSim.start({ seed: 'healthy', timing: FAST_TIMING, bookmarkIntervalMs: 0 });
  // An https API server whose certificate no CA in the kubeconfig signs.
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
    ],
    { stdio: 'ignore' },
  );
  tls = createServer({ key: readFileSync(path.join(dir, 'key.pem')), cert: readFileSync(path.join(dir, 'cert.pem')) }, (_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => tls.listen(0, '127.0.0.1', resolve));
  tlsUrl = `https://127.0.0.1:${(tls.address() as AddressInfo).port}`;
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  tls?.close();
  rmSync(dir, { recursive: true, force: true });
});

function kubeconfig(name: string, server: string, user: Record<string, unknown>, cluster: Record<string, unknown> = {}): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(
    file,
    YAML.stringify({
      apiVersion: 'v1',
      kind: 'Config',
      clusters: [{ name: 'lab', cluster: { server, ...cluster } }],
      users: [{ name: 'operator', user }],
      contexts: [{ name: 'lab', context: { cluster: 'lab', user: 'operator' } }],
      'current-context': 'lab',
    }),
  );
  return file;
}

async function cli(args: string[], kube: string) {
  try {
    const r = await run(process.execPath, [binPath, ...args], {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kube, HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml') },
      timeout: 60_000,
    });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const hasKubectl = (() => {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

async function kubectl(args: string[], kube: string) {
  if (!hasKubectl) throw new Error('kubectl is not installed (needed to compare with kubectl auth can-i)');
  try {
    const r = await run('kubectl', args, { env: { ...process.env, KUBECONFIG: kube }, timeout: 60_000 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

type Check = { name: string; ok: boolean; detail: string; fix?: string };
const kubeLines = (stdout: string) => (JSON.parse(stdout) as Check[]).filter((c) => c.name.startsWith('kube') || c.name === 'rook-ceph-tools');

describe('exec credential plugins', () => {
  it('run once per session, with KUBERNETES_EXEC_INFO, however many requests start at once', async () => {
    const log = path.join(dir, 'plugin.log');
    const plugin = path.join(dir, 'hc-test-plugin');
    writeFileSync(
      plugin,
      `#!/bin/sh\nprintf '%s\\n' "$KUBERNETES_EXEC_INFO" >> ${log}\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' '${sim.token}'\n`,
    );
    chmodSync(plugin, 0o755);
    const kc = kubeconfig(
      'exec',
      sim.url,
      { exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' } },
      { 'insecure-skip-tls-verify': true },
    );
    const r = await cli(['gate', '--json'], kc);
    // Authenticated by the plugin: nodes and pods are read (this simulator has no Ceph toolbox, so System is UNKNOWN).
    const g = JSON.parse(r.stdout) as { layers: Record<string, { status: string }> };
    expect(g.layers.metal!.status).toBe('GREEN');
    expect(g.layers.apps!.status).toBe('GREEN');
    const runs = readFileSync(log, 'utf8').trim().split('\n');
    expect(runs).toHaveLength(1);
    expect(JSON.parse(runs[0]!)).toMatchObject({ kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1', spec: { interactive: false } });
    expect(r.stdout).not.toContain(sim.token!);
  });

  it("a missing plugin reads like kubectl's, with its installHint: one doctor line, and gate says the same", async () => {
    const kc = kubeconfig('missing', sim.url, {
      exec: { apiVersion: 'client.authentication.k8s.io/v1', command: 'hc-no-such-plugin', installHint: 'apt install hc-auth-plugin' },
    });
    const d = await cli(['doctor', '--json', '--no-nodes'], kc);
    const lines = kubeLines(d.stdout);
    expect(lines).toEqual([
      {
        name: 'kube credentials',
        ok: false,
        detail: "exec: executable hc-no-such-plugin not found (the credential plugin of kubeconfig user 'operator')",
        fix: 'apt install hc-auth-plugin',
      },
    ]);
    const g = await cli(['gate', '--json'], kc);
    expect(g.code).toBe(3);
    expect(g.stdout + g.stderr).toContain('exec: executable hc-no-such-plugin not found');
    expect(g.stdout + g.stderr).not.toMatch(/spawn|ENOENT/);
  });
});

describe('doctor names the one cause', () => {
  it('401: the credentials, in one line', async () => {
    const d = await cli(
      ['doctor', '--json', '--no-nodes'],
      kubeconfig('bad-token', sim.url, { token: 'not-the-token-123456' }, { 'insecure-skip-tls-verify': true }),
    );
    const lines = kubeLines(d.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      name: 'kube credentials',
      ok: false,
      detail: expect.stringMatching(/401 Unauthorized: the API server does not accept the credentials of kubeconfig user 'operator'$/),
    });
    expect(d.stdout).not.toContain('not-the-token-123456');
  });

  it('an unknown CA: the certificate, in one line naming the cluster to fix', async () => {
    const d = await cli(['doctor', '--json', '--no-nodes'], kubeconfig('unknown-ca', tlsUrl, { token: 'whatever-123456' }));
    const lines = kubeLines(d.stdout);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      name: 'kube tls',
      ok: false,
      detail: expect.stringContaining("the server's certificate is not trusted"),
      fix: expect.stringContaining("certificate-authority(-data) of cluster 'lab'"),
    });
  });

  it('the right CA makes the same server trusted (the line was about the CA, nothing else)', async () => {
    const d = await cli(
      ['doctor', '--json', '--no-nodes'],
      kubeconfig('known-ca', tlsUrl, { token: 'whatever-123456' }, { 'certificate-authority': path.join(dir, 'cert.pem') }),
    );
    expect(kubeLines(d.stdout)[0]).toMatchObject({ name: 'kube api', ok: true });
  });
});

describe("doctor's can-i check (SelfSubjectAccessReview against the simulator's access policy)", () => {
  const token = (kind: string) => kubeconfig(kind, sim.url, { token: sim.token }, { 'insecure-skip-tls-verify': true });

  it('every verb allowed: one ok RBAC line, nothing else fails on the kube side', async () => {
    const d = await cli(['doctor', '--json', '--no-nodes'], token('all-allowed'));
    const lines = kubeLines(d.stdout);
    expect(lines.find((c) => c.name === 'kube RBAC')).toMatchObject({
      ok: true,
      detail: expect.stringMatching(/^user 'operator' may do all \d+ verbs the console needs/),
    });
    expect(lines.filter((c) => c.name === 'kube RBAC')).toHaveLength(1);
    // (Gitea and SSH are not configured here: only the kube side is asserted.)
    expect(lines.filter((c) => !c.ok)).toEqual([]);
  });

  it('a denied exec into the Ceph toolbox: one precise line naming the verb, and the real exec is refused the same way', async () => {
    const lift = sim.access.deny({ verb: 'create', resource: 'pods/exec', namespace: 'rook-ceph' });
    try {
      const d = await cli(['doctor', '--json', '--no-nodes'], token('no-exec'));
      const rbac = kubeLines(d.stdout).filter((c) => c.name === 'kube RBAC');
      expect(rbac).toEqual([
        {
          name: 'kube RBAC',
          ok: false,
          detail: "user 'operator' cannot: create pods/exec -n rook-ceph (the Ceph toolbox)",
          fix: expect.stringContaining('kubectl auth can-i'),
        },
      ]);
      // kubectl reads the same answer, and the exec itself is refused: the review is what the API server does.
      const kc = token('no-exec-kubectl');
      const canI = await kubectl(['auth', 'can-i', 'create', 'pods', '--subresource=exec', '-n', 'rook-ceph'], kc);
      expect(canI.stdout.trim()).toBe('no');
      const exec = await kubectl(['exec', '-n', 'rook-ceph', 'deploy/rook-ceph-tools', '--', 'true'], kc);
      expect(exec.code).not.toBe(0);
      expect(exec.stderr).toContain('cannot create resource "pods/exec"');
      expect((await kubectl(['auth', 'can-i', 'list', 'pods', '-A'], kc)).stdout.trim()).toBe('yes');
    } finally {
      lift();
    }
  });

  it('several denied verbs stay one line; a 403 on the toolbox read is not a second cause', async () => {
    const lifts = [
      sim.access.deny({ verb: 'get', resource: 'deployments', group: 'apps', namespace: 'rook-ceph' }),
      sim.access.deny({ verb: 'delete', resource: 'jobs', group: 'batch' }),
    ];
    try {
      const d = await cli(['doctor', '--json', '--no-nodes'], token('two-denied'));
      const failed = kubeLines(d.stdout).filter((c) => !c.ok);
      expect(failed).toEqual([
        expect.objectContaining({
          name: 'kube RBAC',
          detail: "user 'operator' cannot: get deployments.apps -n rook-ceph (the Ceph toolbox), delete jobs.batch --all-namespaces (failed Jobs)",
        }),
      ]);
    } finally {
      for (const l of lifts) l();
    }
  });

  it('a 403 on the first list: the RBAC line names every denied verb, once', async () => {
    const lift = sim.access.deny({ verb: 'list', resource: 'namespaces', group: '' });
    try {
      const d = await cli(['doctor', '--json', '--no-nodes'], token('no-namespaces'));
      const lines = kubeLines(d.stdout);
      expect(lines.filter((c) => !c.ok)).toEqual([
        expect.objectContaining({
          name: 'kube RBAC',
          detail: expect.stringMatching(/403 Forbidden for kubeconfig user 'operator'.*; cannot: list namespaces --all-namespaces \(recon\)$/),
        }),
      ]);
    } finally {
      lift();
    }
  });
});
