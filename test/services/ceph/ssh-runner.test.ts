import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CEPH_READS, withJsonFormat } from '../../../src/domain/ceph/reads.js';
import { createCephExecutor } from '../../../src/services/ceph/factory.js';
import { readCephSummary } from '../../../src/services/ceph/reader.js';
import { createSshCephExecutor } from '../../../src/services/ceph/ssh-executor.js';
import { createSshCommandRunner } from '../../../src/services/ceph/ssh-runner.js';
import { CephTransportError } from '../../../src/services/ceph/executor.js';
import { cephSection } from '../../../src/services/config/schema.js';
import { resolveAuth } from '../../../src/services/ssh/auth.js';
import { controllerConnection } from '../../../src/services/ssh/controller.js';
import { openSsh, type SshOptions, type SshSession, type SshTarget } from '../../../src/services/ssh/ssh-connection.js';
import { CephSimulator } from '../../../src/sim/ceph/index.js';
import { sandboxMissing, skipSsh, startSandbox, stopSandbox, type SshSandbox } from '../ssh/sandbox.js';

// ceph.executor: ssh end to end: a real sshd "controller" on loopback runs a stand-in `ceph` that
// replays answers the Ceph simulator gave for the same words (stdout, stderr, exit code, byte for byte).

/** The stand-in's file name for an argv (the script computes the same in sh). */
const keyOf = (argv: readonly string[]) =>
  argv
    .map((a) => `${a}_`)
    .join('')
    .replace(/[^A-Za-z0-9_.-]/g, '_');

const STAND_IN = `#!/bin/sh
# stand-in ceph: replays the Ceph simulator's answer recorded for exactly these words
d=$(dirname "$0")/answers
key=$(printf '%s_' "$@" | tr -c 'A-Za-z0-9_.-' '_')
if [ -f "$d/$key.code" ]; then cat "$d/$key.out"; cat "$d/$key.err" >&2; exit "$(cat "$d/$key.code")"; fi
echo "Error EINVAL: the stand-in has no answer for: $*" >&2
exit 22
`;

describe.skipIf(skipSsh)(`ceph over SSH against real sshd${sandboxMissing ? ` (${sandboxMissing})` : ''}`, () => {
  let sb: SshSandbox;
  let target: SshTarget;
  let ssh: SshOptions;
  let cephPath: string;
  const sim = new CephSimulator({ state: 'degraded', now: () => Date.parse('2026-11-26T07:40:00Z') });
  const recorded: Array<readonly string[]> = [
    ...Object.values(CEPH_READS).map((r) => withJsonFormat(r.args)),
    ['osd', 'set', 'noout'],
    ['osd', 'reweight', '99', '1.0'],
  ];

  beforeAll(() => {
    sb = startSandbox(1);
    target = { host: '127.0.0.1', port: sb.port, user: sb.user, label: 'controller' };
    ssh = { knownHostsFile: sb.knownHosts, auth: resolveAuth(sb.keyFile, {}), connectTimeoutMs: 5000 };
    const dir = path.join(sb.dir, 'standin');
    mkdirSync(path.join(dir, 'answers'), { recursive: true });
    cephPath = path.join(dir, 'ceph');
    writeFileSync(cephPath, STAND_IN);
    chmodSync(cephPath, 0o755);
    for (const argv of recorded) {
      const r = sim.exec(['ceph', ...argv]);
      const base = path.join(dir, 'answers', keyOf(argv));
      writeFileSync(`${base}.out`, r.stdout);
      writeFileSync(`${base}.err`, r.stderr);
      writeFileSync(`${base}.code`, String(r.exitCode));
    }
  });
  afterAll(() => stopSandbox(sb));

  /** A runner that counts the connections it opens. */
  const counted = () => {
    const opened: SshSession[] = [];
    const runner = createSshCommandRunner({
      target,
      ssh,
      open: async (t, o) => {
        const s = await openSsh(t, o);
        opened.push(s);
        return s;
      },
    });
    return { runner, opened };
  };

  it('reads the whole Ceph summary over one connection, the same as from the simulator directly', async () => {
    const { runner, opened } = counted();
    const ex = createSshCephExecutor({ runner, command: [cephPath] });
    try {
      const overSsh = await readCephSummary(ex);
      const direct = await readCephSummary(sim.executor());
      expect(overSsh.readErrors ?? []).toEqual([]);
      expect(overSsh).toEqual(direct);
      expect(overSsh.health).toBe('HEALTH_ERR');
      expect(opened).toHaveLength(1);
      expect(ex.source).toBe(`ssh ${sb.user}@[127.0.0.1]:${sb.port} ${cephPath}`);
    } finally {
      await ex.close?.();
    }
  });

  it("keeps ceph's stderr and exit code apart from stdout: a message-only write and a failing one", async () => {
    const { runner } = counted();
    const ex = createSshCephExecutor({ runner, command: [cephPath] });
    try {
      for (const argv of [
        ['osd', 'set', 'noout'],
        ['osd', 'reweight', '99', '1.0'],
      ]) {
        const want = sim.exec(['ceph', ...argv]);
        expect(await ex.run(argv)).toEqual(want);
      }
      expect((await ex.run(['osd', 'set', 'noout'])).stderr).toMatch(/noout is set/);
      expect((await ex.run(['osd', 'reweight', '99', '1.0'])).exitCode).not.toBe(0);
    } finally {
      await ex.close?.();
    }
  });

  it('from the config: executor ssh with ssh.controller reaches the controller; without it, one clear line', async () => {
    const ex = createCephExecutor({
      ceph: cephSection.parse({ executor: 'ssh' }),
      ssh: { controller: { host: '127.0.0.1', port: sb.port, user: sb.user, key: sb.keyFile }, knownHosts: sb.knownHosts },
      sshCommand: [cephPath],
      env: { HOME: sb.dir },
    });
    try {
      expect((await readCephSummary(ex, undefined, ['osdTree'])).osds.list.length).toBeGreaterThan(0);
    } finally {
      await ex.close?.();
    }
    expect(() => createCephExecutor({ ceph: cephSection.parse({ executor: 'ssh' }), ssh: {} })).toThrow(
      /no SSH connection to the controller is configured \(ssh\.controller\)/,
    );
  });

  it('an alias defined only in an ssh_config (ProxyJump, Port, IdentityFile, UserKnownHostsFile) works as it does for ssh', async () => {
    // node1 is reachable only through the controller (ProxyJump) and only the ssh_config says so.
    const resolved = controllerConnection(
      { controller: { host: 'node1' }, configFile: path.join(sb.dir, 'ssh_config') },
      { HOME: path.join(sb.dir, 'empty-home') },
    );
    expect(resolved.target).toMatchObject({ host: '127.0.0.1', port: sb.port + 1, user: sb.user });
    expect(resolved.options).toMatchObject({ knownHostsFile: sb.knownHosts, jump: { host: '127.0.0.1', port: sb.port }, auth: { keyFile: sb.keyFile } });
    const ex = createCephExecutor({
      ceph: cephSection.parse({ executor: 'ssh' }),
      ssh: { controller: { host: 'node1' }, configFile: path.join(sb.dir, 'ssh_config') },
      sshCommand: [cephPath],
      env: { HOME: path.join(sb.dir, 'empty-home'), SSH_AUTH_SOCK: '' },
    });
    try {
      expect((await readCephSummary(ex, undefined, ['osdTree'])).osds.list.length).toBeGreaterThan(0);
    } finally {
      await ex.close?.();
    }
    // known_hosts enforcement is unchanged: a known_hosts file without the node's key refuses it.
    const empty = path.join(sb.dir, 'empty_known_hosts');
    writeFileSync(empty, '');
    const strict = createCephExecutor({
      ceph: cephSection.parse({ executor: 'ssh' }),
      ssh: { controller: { host: 'node1' }, configFile: path.join(sb.dir, 'ssh_config'), knownHosts: empty },
      sshCommand: [cephPath],
      env: { HOME: path.join(sb.dir, 'empty-home'), SSH_AUTH_SOCK: '' },
    });
    try {
      await expect(readCephSummary(strict, undefined, ['osdTree'])).rejects.toThrow(/host key|known_hosts/i);
    } finally {
      await strict.close?.();
    }
  });

  it('a ceph call that hangs is a one-line timeout; the connection still serves the next call', async () => {
    const { runner, opened } = counted();
    const hang = createSshCephExecutor({ runner, command: ['sleep'] });
    const err = await hang.run(['30'], { timeoutMs: 400 }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(CephTransportError);
    expect((err as Error).message).toMatch(/^sleep 30: timed out after 0 s \(ssh /);
    expect((err as Error).message).not.toContain('\n');
    const ceph = createSshCephExecutor({ runner, command: [cephPath] });
    expect((await ceph.run(withJsonFormat(['mgr', 'stat']))).exitCode).toBe(0);
    expect(opened).toHaveLength(1);
    runner.close();
  });

  it('a missing ceph, output over the bound and a dropped connection are transport errors; a new connection is opened after a drop', async () => {
    const { runner, opened } = counted();
    const missing = createSshCephExecutor({ runner, command: [path.join(sb.dir, 'no-such-ceph')] });
    await expect(missing.run(['status'])).rejects.toThrow(/not found on .*install ceph-common there/);

    const small = createSshCommandRunner({ target, ssh, maxBytes: 1000 });
    await expect(createSshCephExecutor({ runner: small, command: [cephPath] }).run(withJsonFormat(['osd', 'tree']))).rejects.toThrow(/more output than 1 KiB/);
    small.close();

    opened[0]!.close();
    await opened[0]!.ended;
    const ceph = createSshCephExecutor({ runner, command: [cephPath] });
    expect((await ceph.run(withJsonFormat(['mgr', 'stat']))).exitCode).toBe(0);
    expect(opened).toHaveLength(2);
    runner.close();
    await expect(ceph.run(['status'])).rejects.toThrow(/connection is closed/);
  });

  it('an unknown host key is refused as a one-line transport error naming the controller', async () => {
    const runner = createSshCommandRunner({ target, ssh: { ...ssh, knownHostsFile: path.join(sb.dir, 'empty-known-hosts') } });
    writeFileSync(path.join(sb.dir, 'empty-known-hosts'), '');
    const err = (await createSshCephExecutor({ runner, command: [cephPath] })
      .run(['status'])
      .then(
        () => null,
        (e: unknown) => e,
      )) as Error;
    expect(err).toBeInstanceOf(CephTransportError);
    expect(err.message).toMatch(/^ssh \S+: refused controller .*not in/);
    expect(err.message).not.toContain('\n');
  });
});
