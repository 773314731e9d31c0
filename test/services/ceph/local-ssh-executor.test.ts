import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CephTransportError } from '../../../src/services/ceph/executor.js';
import { createLocalCephExecutor } from '../../../src/services/ceph/local-executor.js';
import { createSshCephExecutor, shellQuote, type SshCommandRunner } from '../../../src/services/ceph/ssh-executor.js';

let dir = '';
let fakeCeph = '';
beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'hc-ceph-exec-'));
  fakeCeph = path.join(dir, 'ceph');
  // A stand-in for the ceph CLI: prints its argv as JSON, fails or hangs on request.
  writeFileSync(
    fakeCeph,
    `#!/bin/sh
case "$3" in
  hang) sleep 30 ;;
  fail) echo "Error EINVAL: invalid command" >&2; exit 22 ;;
  noconn) echo "Error initializing cluster client: ObjectNotFound('RADOS object not found (error calling conf_read_file)')" >&2; exit 1 ;;
esac
printf '\\n['; sep=''; for a in "$@"; do printf '%s"%s"' "$sep" "$a"; sep=','; done; printf ']\\n'
`,
  );
  chmodSync(fakeCeph, 0o755);
  writeFileSync(path.join(dir, 'ceph.conf'), '[global]\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('local ceph executor', () => {
  it('runs ceph -c CONF with the argv as given', async () => {
    const conf = path.join(dir, 'ceph.conf');
    const ex = createLocalCephExecutor({ conf, binary: fakeCeph });
    expect(ex.source).toBe(`local ${fakeCeph} -c ${conf}`);
    const r = await ex.run(['osd', 'status; rm -rf /', '--format', 'json']);
    expect(JSON.parse(r.stdout)).toEqual(['-c', conf, 'osd', 'status; rm -rf /', '--format', 'json']);
    expect(r.exitCode).toBe(0);
  });

  it('returns ceph failures for the domain to read, and transport failures as one line', async () => {
    const conf = path.join(dir, 'ceph.conf');
    expect(await createLocalCephExecutor({ conf, binary: fakeCeph }).run(['fail'])).toMatchObject({ exitCode: 22, stderr: 'Error EINVAL: invalid command\n' });
    const noconn = await createLocalCephExecutor({ conf, binary: fakeCeph })
      .run(['noconn'])
      .catch((e: unknown) => e);
    expect((noconn as Error).message).toBe(`cannot connect to ceph with ${conf}: ObjectNotFound('RADOS object not found (error calling conf_read_file)')`);
    const hang = await createLocalCephExecutor({ conf, binary: fakeCeph, timeoutMs: 200 })
      .run(['hang', '--format', 'json'])
      .catch((e: unknown) => e);
    expect(hang).toBeInstanceOf(CephTransportError);
    expect((hang as Error).message).toBe('ceph hang: timed out after 0 s');
    const missing = await createLocalCephExecutor({ binary: path.join(dir, 'no-such-ceph') })
      .run(['status'])
      .catch((e: unknown) => e);
    expect((missing as Error).message).toMatch(/not found on this host/);
    const noConf = await createLocalCephExecutor({ conf: path.join(dir, 'absent.conf'), binary: fakeCeph })
      .run(['status'])
      .catch((e: unknown) => e);
    expect((noConf as Error).message).toBe(`ceph conf ${path.join(dir, 'absent.conf')} does not exist`);
  });
});

describe('ssh ceph executor', () => {
  // A runner that gives the command line to a real POSIX shell, as sshd would.
  const shRunner: SshCommandRunner = {
    host: 'controller',
    exec: (command, { timeoutMs }) =>
      new Promise((resolve) => {
        execFile('sh', ['-c', command], { timeout: timeoutMs }, (err, stdout, stderr) => {
          resolve({ stdout, stderr, exitCode: err ? ((err as { code?: number }).code ?? 1) : 0 });
        });
      }),
  };

  it('quotes every argv element so the remote shell sees exactly those words', async () => {
    const nasty = ["it's", '$(touch /tmp/pwned)', 'a b', '"q"', '`id`', '*', ''];
    const ex = createSshCephExecutor({ runner: shRunner, command: ['printf', '[%s]\\n', 'x'] });
    const r = await ex.run(nasty);
    expect(r.stdout.split('\n').slice(0, -1)).toEqual(['x', ...nasty].map((a) => `[${a}]`));
    expect(ex.source).toBe('ssh controller printf [%s]\\n x');
  });

  it('leaves plain words unquoted', () => {
    expect(shellQuote('osd')).toBe('osd');
    expect(shellQuote('0.8')).toBe('0.8');
    expect(shellQuote("it's")).toBe(`'it'\\''s'`);
  });
});
