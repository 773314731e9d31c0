import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { requireRealServers, sharedDir } from '../../support/shared.js';

/** The real-sshd sandbox from ../shared/ssh-sandbox: a controller and nodes on loopback. */
export interface SshSandbox {
  dir: string;
  port: number;
  nodes: number;
  user: string;
  keyFile: string;
  knownHosts: string;
}

const upScript = path.join(sharedDir, 'ssh-sandbox', 'up.sh');
const downScript = path.join(sharedDir, 'ssh-sandbox', 'down.sh');
const sshd = ['/usr/sbin/sshd', '/usr/bin/sshd', '/usr/local/sbin/sshd'].find((p) => existsSync(p));

/** Why the SSH tests cannot run here, or null. With HOMELAB_REQUIRE_REAL=1 a reason is a failure, not a skip. */
export const sandboxMissing: string | null = !existsSync(upScript)
  ? `needs ../shared/ssh-sandbox (not found at ${upScript})`
  : !sshd
    ? 'needs openssh-server (sshd not found; script/bootstrap --system installs it)'
    : null;

export const skipSsh = sandboxMissing !== null && !requireRealServers;

export function startSandbox(nodes = 2): SshSandbox {
  if (sandboxMissing) throw new Error(`HOMELAB_REQUIRE_REAL=1 but ${sandboxMissing}`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ssh-sandbox-'));
  // Tests of several engineers may run at once: pick a free-looking port range per process.
  for (let attempt = 0; ; attempt++) {
    const port = 20000 + Math.floor(Math.random() * 20000);
    try {
      execFileSync(upScript, [dir], {
        env: { ...process.env, SSH_SANDBOX_PORT: String(port), SSH_SANDBOX_NODES: String(nodes) },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      return { dir, port, nodes, user: os.userInfo().username, keyFile: path.join(dir, 'id_ed25519'), knownHosts: path.join(dir, 'known_hosts') };
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

export function stopSandbox(s: SshSandbox | undefined): void {
  if (s) execFileSync(downScript, [s.dir], { stdio: 'ignore' });
}

/** `SHA256:…` of a sandbox server's host key, as ssh-keygen prints it. */
export function hostFingerprint(s: SshSandbox, name: string): string {
  return execFileSync('ssh-keygen', ['-lf', path.join(s.dir, name, 'ssh_host_ed25519_key.pub')], { encoding: 'utf8' }).split(' ')[1]!;
}
