import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Journal } from '../../src/services/journal/journal.js';
import { DEMO_TOKENS, startDemoGitea, type GiteaSim } from '../../src/sim/gitea/index.js';
import { KubeSim } from '../../src/sim/kube/index.js';
import { repoRoot } from '../support/shared.js';
import { sandboxMissing, skipSsh, startSandbox, stopSandbox, hostFingerprint, type SshSandbox } from '../services/ssh/sandbox.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'homelab-console');
const dir = mkdtempSync(path.join(tmpdir(), 'doctor-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function cli(args: string[], env: Record<string, string> = {}) {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], {
      env: {
        ...process.env,
        HOME: dir,
        XDG_STATE_HOME: path.join(dir, 'state'),
        HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml'),
        KUBECONFIG: path.join(dir, 'no-kubeconfig'),
        SSH_AUTH_SOCK: '',
        GITEA_TOKEN: '',
        GITEA_URL: '',
        ...env,
      },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const lines = (s: string) => s.split('\n').filter(Boolean);

describe('doctor', () => {
  test('with nothing configured: exit 1, every failing line says what failed and how to fix it', async () => {
    const r = await cli(['doctor']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const fails = lines(r.stdout).filter((l) => l.startsWith('✗ FAIL'));
    expect(fails.map((l) => l.split(/\s+/).slice(2, 4).join(' '))).toEqual(expect.arrayContaining(['kube api', 'gitea token', 'ssh controller']));
    for (const l of fails) expect(l).toMatch(/ — fix: \S/);
    expect(r.stdout).toMatch(/✓ OK\s+node\s+Node 22\./);
    expect(r.stdout).not.toMatch(/at .*\.js:\d+/);
  });

  test('a bad flag is exit 2 in one line', async () => {
    const r = await cli(['doctor', '--bogus']);
    expect(r.code).toBe(2);
    expect(lines(r.stderr)).toHaveLength(1);
  });

  describe.skipIf(skipSsh)(`against the simulators and real sshd${sandboxMissing ? ` (${sandboxMissing})` : ''}`, () => {
    let kube: KubeSim;
    let gitea: GiteaSim;
    let sb: SshSandbox;
    const config = (knownHosts: string) => {
      const file = path.join(dir, `config-${Math.random().toString(36).slice(2)}.yaml`);
      writeFileSync(
        file,
        `gitea:\n  repo: ops/homelab\nssh:\n  controller:\n    host: 127.0.0.1\n    port: ${sb.port}\n    user: ${sb.user}\n    key: ${sb.keyFile}\n  knownHosts: ${knownHosts}\n`,
      );
      return file;
    };
    beforeAll(async () => {
      kube = await KubeSim.start();
      gitea = await startDemoGitea();
      sb = startSandbox(1);
    });
    afterAll(async () => {
      await kube?.stop();
      await gitea?.stop();
      stopSandbox(sb);
    });

    test('everything reachable and known: every line passes, exit 0', async () => {
      const r = await cli(['doctor', '--no-nodes'], {
        KUBECONFIG: kube.kubeconfigPath,
        GITEA_URL: gitea.url,
        GITEA_TOKEN: DEMO_TOKENS.admin,
        HOMELAB_CONSOLE_CONFIG: config(sb.knownHosts),
      });
      expect(r.stdout).not.toContain('✗');
      expect(r.code).toBe(0);
      for (const name of [
        'kube api',
        'kube auth',
        'kube namespaces',
        'kube CRDs',
        'rook-ceph-tools',
        'gitea token',
        'gitea repo',
        'gitea server',
        'ssh controller',
        'node',
      ]) {
        expect(r.stdout, name).toMatch(new RegExp(`✓ OK\\s+${name}\\s`));
      }
      expect(r.stdout).toContain('as admin');
      expect(r.stdout).toContain('open maintenance issue #42');
      expect(r.stdout).not.toContain(DEMO_TOKENS.admin);
    });

    test('an ssh alias defined only in the sandbox ssh_config (ProxyJump through the controller) passes', async () => {
      const file = path.join(dir, 'config-alias.yaml');
      writeFileSync(file, `gitea:\n  repo: ops/homelab\nssh:\n  controller:\n    host: node1\n  configFile: ${path.join(sb.dir, 'ssh_config')}\n`);
      const r = await cli(['doctor', '--no-nodes', '--config', file], {
        KUBECONFIG: kube.kubeconfigPath,
        GITEA_URL: gitea.url,
        GITEA_TOKEN: DEMO_TOKENS.admin,
      });
      expect(r.stdout).toMatch(
        new RegExp(`✓ OK\\s+ssh controller\\s+${sb.user}@127\\.0\\.0\\.1:${sb.port + 1} via ${sb.user}@127\\.0\\.0\\.1:${sb.port} host key known`),
      );
      expect(r.code).toBe(0);
    });

    test('an unknown controller host key fails with its fingerprint and the fix', async () => {
      const empty = path.join(dir, 'empty_known_hosts');
      writeFileSync(empty, '');
      const r = await cli(['doctor', '--no-nodes', '--json'], {
        KUBECONFIG: kube.kubeconfigPath,
        GITEA_URL: gitea.url,
        GITEA_TOKEN: DEMO_TOKENS.admin,
        HOMELAB_CONSOLE_CONFIG: config(empty),
      });
      expect(r.code).toBe(1);
      const checks = JSON.parse(r.stdout) as Array<{ name: string; ok: boolean; detail: string; fix?: string }>;
      const ssh = checks.find((c) => c.name === 'ssh controller')!;
      expect(ssh.ok).toBe(false);
      expect(ssh.detail).toContain(hostFingerprint(sb, 'controller'));
      expect(ssh.fix).toContain('known_hosts');
      expect(checks.filter((c) => !c.ok).map((c) => c.name)).toEqual(['ssh controller']);
    });
  });
});

describe('journal command', () => {
  test('prints steps, marks an intent without outcome "outcome unknown — verify"; --json says the same', async () => {
    const state = path.join(dir, 'jstate');
    const j = new Journal(path.join(state, 'homelab-console', 'journal.jsonl'));
    const intent = { type: 'intent' as const, issue: 'ops/homelab#42', itemLine: 80, kind: 'typed' as const, mode: 'WRITE' as const, attempt: 1 };
    j.append({ ...intent, stepId: 'a', at: '2026-11-26T10:00:00.000Z', itemId: 'B1', title: 'Archive', commandText: 'ceph crash archive-all' });
    j.append({ type: 'outcome', stepId: 'a', at: '2026-11-26T10:00:01.000Z', status: 'ran', exitCode: null, durationMs: 900, outputTail: [], message: null });
    j.append({ type: 'event', stepId: 'a', at: '2026-11-26T10:00:05.000Z', event: 'judged', detail: 'pass' });
    j.append({ ...intent, stepId: 'b', at: '2026-11-26T10:01:00.000Z', itemId: 'B2', title: 'Restart osd.3', commandText: 'kubectl rollout restart' });

    const text = await cli(['journal'], { XDG_STATE_HOME: state });
    expect(text.code).toBe(0);
    const out = lines(text.stdout);
    expect(out[0]).toContain('B1');
    expect(out[0]).toContain('judged pass');
    expect(out[1]).toContain('B2');
    expect(out[1]).toContain('outcome unknown — verify');
    expect(text.stdout).toContain('1 step(s) with outcome unknown — verify');

    const json = await cli(['journal', '--json'], { XDG_STATE_HOME: state });
    const parsed = JSON.parse(json.stdout) as { steps: Array<{ intent: { stepId: string }; unknown: boolean }> };
    expect(parsed.steps.map((s) => [s.intent.stepId, s.unknown])).toEqual([
      ['a', false],
      ['b', true],
    ]);

    expect((await cli(['journal', '--wat'], { XDG_STATE_HOME: state })).code).toBe(2);
    expect((await cli(['journal'], { XDG_STATE_HOME: path.join(dir, 'none') })).stdout).toContain('no steps journaled yet');
  });
});
