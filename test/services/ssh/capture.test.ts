import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { resolveAuth } from '../../../src/services/ssh/auth.js';
import { SshChannelError } from '../../../src/services/ssh/capture.js';
import { openSsh, type SshOptions, type SshSession, type SshTarget } from '../../../src/services/ssh/ssh-connection.js';
import { waitFor } from '../../support/wait.js';
import { sandboxMissing, skipSsh, startSandbox, stopSandbox, type SshSandbox } from './sandbox.js';

// capture(): the whole stdout and stderr of a remote command, apart, with its exit code, bounded in
// size and time, against a real sshd on loopback.
describe.skipIf(skipSsh)(`SSH capture against real sshd${sandboxMissing ? ` (${sandboxMissing})` : ''}`, () => {
  let sb: SshSandbox;
  let controller: SshTarget;
  let opts: SshOptions;
  let s: SshSession;

  beforeAll(async () => {
    sb = startSandbox(1);
    controller = { host: '127.0.0.1', port: sb.port, user: sb.user, label: 'controller' };
    opts = { knownHostsFile: sb.knownHosts, auth: resolveAuth(sb.keyFile, {}), connectTimeoutMs: 5000 };
    s = await openSsh(controller, opts);
  });
  afterAll(() => {
    s?.close();
    stopSandbox(sb);
  });

  test('stdout and stderr come back whole and apart, with the exit code', async () => {
    // 200,000 lines on stdout (about 1.3 MB, far past any tail) interleaved with stderr lines.
    const r = await s.capture(`seq 1 200000; echo 'Error EINVAL: bad' >&2; echo second >&2; exit 22`, { timeoutMs: 10_000 });
    expect(r.exitCode).toBe(22);
    expect(r.timedOut).toBe(false);
    expect(r.truncated).toBe(false);
    const lines = r.stdout.split('\n');
    expect(lines).toHaveLength(200_001);
    expect(lines[0]).toBe('1');
    expect(lines[199_999]).toBe('200000');
    expect(r.stderr).toBe('Error EINVAL: bad\nsecond\n');
  });

  test('multi-byte UTF-8 survives chunk boundaries; arguments with quotes arrive as written', async () => {
    const r = await s.capture(`i=0; while [ $i -lt 20000 ]; do printf 'héllo wörld ✓ '; i=$((i+1)); done; printf '%s' "it's \\"quoted\\""`, {
      timeoutMs: 10_000,
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.startsWith('héllo wörld ✓ ')).toBe(true);
    expect(r.stdout).not.toContain('\uFFFD');
    expect(r.stdout.endsWith(`it's "quoted"`)).toBe(true);
    expect(r.stdout.length).toBe('héllo wörld ✓ '.length * 20_000 + `it's "quoted"`.length);
  });

  test('stdin is closed: a command reading it ends instead of hanging', async () => {
    const r = await s.capture('cat; echo done', { timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: 0, stdout: 'done\n', timedOut: false });
  });

  test('output over the bound stops the command and says truncated; the beginning is kept', async () => {
    const r = await s.capture('yes ceph', { timeoutMs: 10_000, maxBytes: 100_000 });
    expect(r.truncated).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.stdout.length).toBe(100_000);
    expect(r.stdout.startsWith('ceph\nceph\n')).toBe(true);
    expect(r.durationMs).toBeLessThan(5000);
  });

  test('a timeout stops waiting, reports timedOut and the remote command is killed', async () => {
    const marker = `sleep ${20 + Math.floor(Math.random() * 1000) / 1000}`;
    const r = await s.capture(marker, { timeoutMs: 300 });
    expect(r.timedOut).toBe(true);
    expect(r.exitCode).toBeNull();
    expect(r.durationMs).toBeLessThan(3000);
    // sshd delivers the KILL signal request (OpenSSH ≥ 7.8) or closes the session: the sleep goes away.
    await waitFor(async () => (await s.capture(`pgrep -fx '${marker}' || true`, { timeoutMs: 5000 })).stdout.trim() === '', {
      what: 'remote sleep gone',
      timeoutMs: 5000,
    });
  });

  test('an abort signal ends the call as aborted', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const r = await s.capture('sleep 20', { timeoutMs: 10_000, signal: ac.signal });
    expect(r).toMatchObject({ aborted: true, timedOut: false, exitCode: null });
  });

  test('several captures share the connection at once', async () => {
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => s.capture(`echo ${i}; echo e${i} >&2; exit ${i}`, { timeoutMs: 5000 })));
    expect(rs.map((r) => [r.stdout, r.exitCode])).toEqual(Array.from({ length: 6 }, (_, i) => [`${i}\n`, i]));
    // Each command's stderr ends with its own line and holds no other command's. What comes before
    // it is the login user's shell start-up, not the capture's: bash run by sshd reads ~/.bashrc,
    // and six at once can race there (pyenv's rehash on this machine kind prints "cannot rehash").
    rs.forEach((r, i) => {
      expect(r.stderr.endsWith(`e${i}\n`), r.stderr).toBe(true);
      expect(r.stderr.match(/^e\d$/gm), r.stderr).toEqual([`e${i}`]);
    });
  });

  test('after the connection ends, capture rejects with a channel error (nothing ran)', async () => {
    const other = await openSsh(controller, opts);
    other.close();
    await other.ended;
    await expect(other.capture('true', { timeoutMs: 1000 })).rejects.toBeInstanceOf(SshChannelError);
  });
});
