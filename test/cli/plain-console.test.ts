import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainTerminal } from '../../src/cli/commands/console.js';
import { FAST_TIMING, KubeSim } from '../../src/sim/kube/index.js';
import { binPath, ensureBundle } from '../support/bundle.js';
import { waitFor } from '../support/wait.js';

// TERM=dumb or no TTY: the console does not draw a full screen into a pipe; it follows the layers
// line by line as status --watch does, and Ctrl-C (SIGINT) ends it with the grade's exit code.

const dir = mkdtempSync(path.join(tmpdir(), 'hc-plain-'));
let sim: KubeSim;
beforeAll(async () => {
  await ensureBundle();
  sim = await KubeSim.start({ seed: 'healthy', timing: FAST_TIMING, bookmarkIntervalMs: 0 });
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the console without a full-screen terminal', () => {
  it('TERM=dumb or a non-TTY stdout is plain; a TTY with a real TERM is not', () => {
    expect(plainTerminal({ TERM: 'dumb' }, true)).toBe(true);
    expect(plainTerminal({ TERM: 'xterm-256color' }, false)).toBe(true);
    expect(plainTerminal({ TERM: 'xterm-256color' }, true)).toBe(false);
  });

  it('into a pipe: one notice, then the graded layers as lines with no escape sequences; SIGINT ends it', async () => {
    const child = spawn(process.execPath, [binPath], {
      env: {
        PATH: process.env.PATH ?? '/usr/bin:/bin',
        HOME: dir,
        KUBECONFIG: sim.kubeconfigPath,
        HOMELAB_CONSOLE_CONFIG: path.join(dir, 'absent.yaml'),
        TERM: 'dumb',
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      await waitFor(() => /^metal +GREEN/m.test(out), { timeoutMs: 30_000, what: 'a graded Metal line' });
      child.kill('SIGINT');
      const code = await exited;
      expect(err).toMatch(/^homelab-console: no full-screen terminal \(TERM=dumb or not a TTY\)/);
      expect(out).toMatch(/^overall +\w+/m);
      // eslint-disable-next-line no-control-regex
      expect(out).not.toMatch(/\u001b/);
      expect([0, 1, 2, 3]).toContain(code);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
