import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.js';

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

  it('a bad flag is exit 2 with one line on stderr and nothing on stdout', async () => {
    for (const args of [['gate', '--bogus'], ['status', '--wat'], ['gate', '--timeout', 'soon'], ['status', '--ceph-conf', path.join(dir, 'missing.conf')]]) {
      const r = await cli(args, { KUBECONFIG: unreachable });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(lines(r.stderr)).toHaveLength(1);
      expect(r.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it('an unknown --context is a usage error (exit 2) naming the contexts there are', async () => {
    const r = await cli(['status', '--context', 'prod'], { KUBECONFIG: unreachable });
    expect(r.code).toBe(2);
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
    const json = JSON.parse(r.stdout) as { overall: string; layers: Record<string, { status: string; healthyPercent: number | null; reasons: string[]; offenders: unknown[] }> };
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
