import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isRookCephTools, routeExec, type ExecHandler } from '../../../src/sim/kube/index.js';
import { FAST_TIMING } from '../../../src/sim/kube/index.js';
import { hasShared, readCorpus } from '../../support/shared.js';
import { waitFor } from '../../support/wait.js';
import { startSim } from './helpers.js';

const KUBECTL = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => existsSync(p));
const home = mkdtempSync(path.join(os.tmpdir(), 'kubectl-home-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real kubectl with a kubeconfig for the simulator (and a private discovery cache). */
function kubectl(kubeconfig: string, args: string[], shell = false): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, KUBECONFIG: kubeconfig, HOME: home };
    const cb = (err: Error | null, stdout: string, stderr: string) =>
      resolve({ code: err ? Number((err as NodeJS.ErrnoException & { code?: number }).code ?? 1) : 0, stdout, stderr });
    if (shell) execFile('/bin/sh', ['-c', args[0]!], { env, timeout: 60_000 }, cb);
    else execFile(KUBECTL!, args, { env, timeout: 60_000 }, cb);
  });
}

const header = (out: string) =>
  out
    .split('\n')[0]!
    .trim()
    .split(/\s{2,}/);
const rows = (out: string) => out.trim().split('\n').slice(1);
const corpusHeader = (file: string) => {
  const lines = readCorpus('kube', file).split('\n');
  const h = lines.find((l) => /^(NAME|NAMESPACE)\s/.test(l))!;
  return h.trim().split(/\s{2,}/);
};

const fakeCeph: ExecHandler = async (_ns, _pod, _c, argv) => {
  if (argv.join(' ') === 'ceph health') return { stdout: 'HEALTH_ERR 1 mgr modules have recently crashed; noout flag(s) set\n', stderr: '', exitCode: 0 };
  return { stdout: '', stderr: 'Error ENOENT: osd.99 does not exist\n', exitCode: 2 };
};

describe.skipIf(!KUBECTL)('real kubectl against the simulator', () => {
  it('gets nodes (plain and wide) with the columns of a real cluster', async () => {
    const sim = await startSim();
    const r = await kubectl(sim.kubeconfigPath, ['get', 'nodes']);
    expect(r.stderr).toBe('');
    expect(header(r.stdout)).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(rows(r.stdout)).toHaveLength(10);
    expect(r.stdout).toMatch(/^granite\s+Ready\s+control-plane,etcd,master\s+412d\s+v1\.33\.6\+k3s1$/m);
    const wide = await kubectl(sim.kubeconfigPath, ['get', 'nodes', '-o', 'wide']);
    if (hasShared) expect(header(wide.stdout)).toEqual(corpusHeader('2026-04-03-nodes-wide.txt'));
    expect(wide.stdout).toMatch(/^onyx\s+Ready\s+<none>\s+\S+\s+v1\.33\.6\+k3s1\s+127\.0\.20\.14\s+<none>/m);
    // The seed's Metal check: nothing but the header survives the grep.
    const gate = await kubectl(sim.kubeconfigPath, [`kubectl get nodes | grep -v Ready || true`.replace('kubectl', KUBECTL!)], true);
    expect(gate.stdout.trim()).toMatch(/^NAME\s+STATUS/);
    expect(gate.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('shows CrashLoopBackOff with restarts "(… ago)" in get pods -A, and the Apps gate lists exactly that pod', async () => {
    const sim = await startSim();
    const r = await kubectl(sim.kubeconfigPath, ['get', 'pods', '-A']);
    if (hasShared) expect(header(r.stdout)).toEqual(corpusHeader('2026-04-03-pods-all.txt'));
    const line = r.stdout.split('\n').find((l) => /^paperless\s+paperless-ngx-/.test(l))!;
    expect(line).toMatch(/\s0\/1\s+CrashLoopBackOff\s+5 \(3m\d*s? ago\)\s+10h$/);
    expect(r.stdout).toMatch(/Completed/);
    const gate = await kubectl(sim.kubeconfigPath, [`${KUBECTL} get pods -A --no-headers | grep -v "Running\\|Completed"`], true);
    expect(gate.stdout.trim().split('\n')).toHaveLength(1);
    expect(gate.stdout).toMatch(/^paperless\s+paperless-ngx-\S+\s+0\/1\s+CrashLoopBackOff/);
    const ks = await kubectl(sim.kubeconfigPath, [`${KUBECTL} get pods -n kube-system | grep -v "Running\\|Completed"`], true);
    expect(ks.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('prints Applications with SYNC STATUS / HEALTH STATUS from the CRD printer columns', async () => {
    const sim = await startSim();
    const r = await kubectl(sim.kubeconfigPath, ['get', 'applications', '-n', 'argocd']);
    if (hasShared) expect(header(r.stdout)).toEqual(corpusHeader('2026-04-03-argocd-apps.txt'));
    expect(r.stdout).toMatch(/^home-assistant\s+OutOfSync\s+Healthy$/m);
    expect(r.stdout).toMatch(/^paperless\s+Synced\s+Degraded$/m);
    const wide = await kubectl(sim.kubeconfigPath, ['get', 'applications', '-n', 'argocd', '-o', 'wide']);
    if (hasShared) expect(header(wide.stdout)).toEqual(corpusHeader('2026-04-24-argocd-apps-wide.txt'));
    expect(wide.stdout).toMatch(/^argocd\s+Synced\s+Healthy\s+[0-9a-f]{40}\s+default$/m);
    const gate = await kubectl(sim.kubeconfigPath, [`${KUBECTL} get applications -n argocd | grep -v "Synced.*Healthy"`], true);
    expect(
      gate.stdout
        .trim()
        .split('\n')
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['NAME', 'home-assistant', 'paperless']);
  });

  it('prints certificates, external secrets and cluster secret stores like the corpus', async () => {
    const sim = await startSim();
    const certs = await kubectl(sim.kubeconfigPath, ['get', 'certificates', '-A']);
    const es = await kubectl(sim.kubeconfigPath, ['get', 'externalsecrets', '-A']);
    const css = await kubectl(sim.kubeconfigPath, ['get', 'clustersecretstores']);
    if (hasShared) {
      expect(header(certs.stdout)).toEqual(corpusHeader('2026-04-03-certificates.txt'));
      expect(header(es.stdout)).toEqual(corpusHeader('2026-04-03-external-secrets.txt'));
      expect(header(css.stdout)).toEqual(corpusHeader('2026-04-03-clustersecretstores.txt'));
    }
    expect(certs.stdout).toMatch(/^argocd\s+argocd-server-tls\s+True\s+argocd-server-tls\s+115d$/m);
    expect(es.stdout).toMatch(/^paperless\s+paperless-secrets\s+ClusterSecretStore\s+global-secrets\s+1h0m0s\s+SecretSynced\s+True$/m);
    expect(css.stdout).toMatch(/^global-secrets\s+115d\s+Valid\s+ReadWrite\s+True$/m);
  });

  it('execs into deploy/rook-ceph-tools over WebSocket and passes the exit code through', async () => {
    const sim = await startSim({ exec: routeExec([{ match: isRookCephTools, handler: fakeCeph }]) });
    const ok = await kubectl(sim.kubeconfigPath, ['exec', '-n', 'rook-ceph', 'deploy/rook-ceph-tools', '--', 'ceph', 'health']);
    expect(ok).toMatchObject({ code: 0, stdout: 'HEALTH_ERR 1 mgr modules have recently crashed; noout flag(s) set\n' });
    const bad = await kubectl(sim.kubeconfigPath, ['exec', '-n', 'rook-ceph', 'deploy/rook-ceph-tools', '--', 'ceph', 'osd', 'reweight', '99', '0.8']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Error ENOENT: osd.99 does not exist');
    expect(bad.stderr).toContain('command terminated with exit code 2');
    expect(sim.counters.execs).toBe(2);
  });

  it('rollout restart heals paperless-ngx; rollout status waits for it; the Application turns Healthy', async () => {
    // A manual clock: the new pod starts only when the test moves time, so `rollout status` is
    // certainly watching an unfinished rollout (with real timers a slow kubectl start missed it).
    const sim = await startSim({ clock: 'manual', timing: FAST_TIMING });
    const restart = await kubectl(sim.kubeconfigPath, ['rollout', 'restart', 'deployment/paperless-ngx', '-n', 'paperless']);
    expect(restart.stdout).toBe('deployment.apps/paperless-ngx restarted\n');
    let out = '';
    let code: number | null = null;
    const child = execFile(KUBECTL!, ['rollout', 'status', 'deployment/paperless-ngx', '-n', 'paperless'], {
      env: { ...process.env, KUBECONFIG: sim.kubeconfigPath, HOME: home },
      timeout: 60_000,
    });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (c) => (code = c ?? 1));
    await waitFor(() => /Waiting for deployment "paperless-ngx" rollout to finish/.test(out), { what: 'rollout status waiting', timeoutMs: 30_000 });
    expect(code).toBeNull();
    // Time moves in small steps until the rollout is done: the new pod starts, the old one terminates.
    await waitFor(
      () => {
        if (code === null) sim.step(100);
        return code !== null;
      },
      { what: 'rollout status to finish', timeoutMs: 30_000, intervalMs: 20 },
    );
    expect(code).toBe(0);
    expect(out.trim().split('\n').pop()).toBe('deployment "paperless-ngx" successfully rolled out');
    await waitFor(
      () => {
        sim.step(100);
        return sim.list('pods', 'paperless').filter((p) => p.metadata.name.startsWith('paperless-ngx-')).length === 1;
      },
      { what: 'old pod gone' },
    );
    const pods = await kubectl(sim.kubeconfigPath, ['get', 'pods', '-n', 'paperless', '--no-headers']);
    expect(pods.stdout).toMatch(/^paperless-ngx-\S+\s+1\/1\s+Running\s+0\s+\d+s$/m);
    await waitFor(
      async () => {
        sim.step(100);
        return (await kubectl(sim.kubeconfigPath, ['get', 'application', 'paperless', '-n', 'argocd', '--no-headers'])).stdout.includes('Healthy');
      },
      { what: 'paperless Healthy' },
    );
  });

  it('logs: current, --previous and --tail of a crash-looping pod', async () => {
    const sim = await startSim();
    const prev = await kubectl(sim.kubeconfigPath, ['logs', '-n', 'paperless', 'deploy/paperless-ngx', '--previous']);
    expect(prev.stdout).toMatch(/OperationalError/);
    const tail = await kubectl(sim.kubeconfigPath, ['logs', '-n', 'paperless', 'deploy/paperless-ngx', '--tail=1']);
    expect(tail.stdout).toBe('[init-db-wait] Unable to connect to database, exiting\n');
    const none = await kubectl(sim.kubeconfigPath, ['logs', '-n', 'databases', 'postgres-0', '--previous']);
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/previous terminated container "postgres" in pod "postgres-0" not found/);
    // A daemon the node restarted (RESTARTS > 0, not crash-looping) still has its previous instance's log.
    const cilium = sim.list('pods', 'kube-system').find((p) => p.metadata.name.startsWith('cilium-') && !p.metadata.name.startsWith('cilium-operator'))!;
    const restarted = await kubectl(sim.kubeconfigPath, ['logs', '-n', 'kube-system', cilium.metadata.name, '--previous']);
    expect(restarted.code).toBe(0);
    expect(restarted.stdout).toMatch(/Starting cilium[\s\S]*shutting down/);
  });

  it('deletes a pod (kubectl waits until it is gone) and the ReplicaSet replaces it', async () => {
    const sim = await startSim({ timing: FAST_TIMING });
    const before = sim.list('pods', 'jellyfin')[0]!.metadata.name;
    const del = await kubectl(sim.kubeconfigPath, ['delete', 'pod', before, '-n', 'jellyfin']);
    expect(del.stdout).toBe(`pod "${before}" deleted\n`);
    expect(sim.get('pods', 'jellyfin', before)).toBeUndefined();
    await waitFor(() => sim.list('pods', 'jellyfin').some((p) => p.metadata.name !== before), { what: 'replacement pod' });
    expect(sim.counters.writeLog.map((w) => w.method)).toEqual(['DELETE']);
  });

  it('scales a deployment through the scale subresource and shows top nodes from metrics.k8s.io', async () => {
    const sim = await startSim({ timing: FAST_TIMING });
    const scaled = await kubectl(sim.kubeconfigPath, ['scale', 'deploy/vaultwarden', '-n', 'vaultwarden', '--replicas=0']);
    expect(scaled.stdout).toBe('deployment.apps/vaultwarden scaled\n');
    await waitFor(() => sim.list('pods', 'vaultwarden').length === 0, { what: 'vaultwarden pods gone' });
    const top = await kubectl(sim.kubeconfigPath, ['top', 'nodes']);
    if (hasShared) expect(header(top.stdout)).toEqual(corpusHeader('2026-04-03-top-nodes.txt'));
    expect(top.stdout).toMatch(/^granite\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%/m);
    const version = await kubectl(sim.kubeconfigPath, ['version']);
    expect(version.stdout).toContain('Server Version: v1.33.6+k3s1');
  });

  it('the healthy seed passes every grep of the seed gate', async () => {
    const sim = await startSim({
      seed: 'healthy',
      exec: routeExec([{ match: isRookCephTools, handler: async () => ({ stdout: 'HEALTH_OK\n', stderr: '', exitCode: 0 }) }]),
    });
    const gate = async (cmd: string) => (await kubectl(sim.kubeconfigPath, [`${KUBECTL} ${cmd} || true`], true)).stdout.trim().split('\n').filter(Boolean);
    expect(await gate('get nodes | grep -v Ready')).toHaveLength(1);
    expect(await gate('get pods -n kube-system | grep -v "Running\\|Completed"')).toHaveLength(1);
    expect(await gate('get applications -n argocd | grep -v "Synced.*Healthy"')).toHaveLength(1);
    expect(await gate('get pods -A --no-headers | grep -v "Running\\|Completed"')).toHaveLength(0);
    expect((await kubectl(sim.kubeconfigPath, ['exec', '-n', 'rook-ceph', 'deploy/rook-ceph-tools', '--', 'ceph', 'health'])).stdout).toBe('HEALTH_OK\n');
  });

  it('fails like a real client when the server is unreachable', async () => {
    const sim = await startSim();
    await sim.stopListening();
    const r = await kubectl(sim.kubeconfigPath, ['get', 'nodes', '--request-timeout=5s']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/connection refused/);
    await sim.startListening();
    const back = await kubectl(sim.kubeconfigPath, ['get', 'nodes']);
    expect(back.code).toBe(0);
  });
});
