import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/shared.js';
import { ensureBundle } from '../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

const bin = path.join(repoRoot, 'bin', 'homelab-console');
const env = { ...process.env, HOMELAB_CONSOLE_CONFIG: '/nonexistent/homelab-console.yaml', KUBECONFIG: '/nonexistent/kubeconfig' };

async function cli(...args: string[]) {
  try {
    const r = await promisify(execFile)(bin, ['backup', ...args], { env });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('homelab-console backup (arguments)', () => {
  it('rejects bad arguments with exit 2 and one line', async () => {
    for (const args of [
      [],
      ['--pod', 'x'],
      ['--namespace', 'db'],
      ['--namespace', 'db', '--pod', 'x', '--scratch-postgres', 'nohost'],
      ['--namespace', 'db', '--pod', 'x', '--timeout', '1'],
      ['--bogus'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^homelab-console: backup: /);
    }
  });

  it('without a cluster: exit 1, one line naming the kubeconfig', async () => {
    const r = await cli('--namespace', 'databases', '--pod', 'postgres-0');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^homelab-console: backup: .*kubeconfig/i);
  });
});
