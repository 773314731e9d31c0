import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../../support/shared.js';
import { ensureBundle } from '../../support/bundle.js';

// Runs the built CLI: dist/ is rebuilt first if its sources changed (unit files never build).
beforeAll(ensureBundle, 180_000);

const run = promisify(execFile);
const bin = path.join(repoRoot, 'bin', 'homelab-console');
const env = { ...process.env, HOMELAB_CONSOLE_CONFIG: '/nonexistent/homelab-console.yaml', KUBECONFIG: '/nonexistent/kubeconfig' };

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run(bin, ['ceph', ...args], { env });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('homelab-console ceph (without a cluster)', () => {
  it('rejects bad arguments with exit 2 and one line', async () => {
    for (const args of [['--bogus'], ['--timeout', 'soon'], ['--timeout', '0'], ['extra']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(/^homelab-console: ceph: /);
    }
  });

  it('says in one line why ceph could not be read (exit 1), and --json still prints UNKNOWN', async () => {
    const r = await cli('--ceph-conf', '/nonexistent/ceph.conf');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe('homelab-console: ceph: ceph conf /nonexistent/ceph.conf does not exist (via local ceph -c /nonexistent/ceph.conf)\n');

    const j = await cli('--json', '--ceph-conf', '/nonexistent/ceph.conf');
    expect(j.code).toBe(1);
    expect(JSON.parse(j.stdout)).toMatchObject({ health: 'UNKNOWN', error: 'ceph conf /nonexistent/ceph.conf does not exist', osds: { total: 0 } });
  });

  it('without --ceph-conf, goes to the toolbox pod and names what is missing', async () => {
    const r = await cli('--context', 'homelab');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^homelab-console: ceph: .*kubeconfig.* \(via exec rook-ceph\/deploy\/rook-ceph-tools\)\n$/i);
  });
});
