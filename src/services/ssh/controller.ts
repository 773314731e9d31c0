import os from 'node:os';
import path from 'node:path';
import type { ConsoleConfig } from '../config/schema.js';
import { registerSecret } from '../../domain/redact.js';
import { resolveAuth, SshSetupError } from './auth.js';
import type { SshOptions, SshTarget } from './ssh-connection.js';
import { configuredIdentities, parseJump, resolveSshHost, type ResolvedHost } from './ssh-config.js';

export interface ControllerConnection {
  target: SshTarget;
  options: SshOptions;
}

/**
 * Where and how to reach the controller, from the config's `ssh` section resolved through
 * `ssh -G` (ssh.configFile, else ssh's own ssh_config): an alias's HostName, User, Port,
 * IdentityFile, ProxyJump and UserKnownHostsFile apply as they do for `ssh`; the config's own
 * user, port, key and knownHosts win, as ssh's command line does. Host keys are always verified
 * against the known_hosts file. Throws SshSetupError (one line) when it is not configured or no key
 * can be used.
 */
export function controllerConnection(ssh: ConsoleConfig['ssh'], env: NodeJS.ProcessEnv = process.env, connectTimeoutMs = 10_000): ControllerConnection {
  const c = ssh.controller;
  if (!c) throw new SshSetupError('no SSH connection to the controller is configured (set ssh.controller: host, user, key)');
  const home = env.HOME || os.homedir();
  const query = { ...(ssh.configFile ? { configFile: ssh.configFile } : {}), env };
  const resolved = resolveSshHost(c.host, { ...query, ...(c.user ? { user: c.user } : {}), ...(c.port ? { port: c.port } : {}) });
  const localUser = env.USER ?? os.userInfo().username;
  const target = targetOf(c.host, resolved, { user: c.user, port: c.port }, localUser);
  let jump: SshTarget | undefined;
  if (resolved?.proxyJump) {
    const hop = parseJump(resolved.proxyJump);
    const via = resolveSshHost(hop.host, { ...query, ...(hop.user ? { user: hop.user } : {}), ...(hop.port ? { port: hop.port } : {}) });
    if (via?.proxyJump) throw new SshSetupError(`ProxyJump ${resolved.proxyJump} itself jumps through ${via.proxyJump}: more than one hop is not supported`);
    jump = { ...targetOf(hop.host, via, hop, localUser), label: `jump ${hop.host}` };
  }
  const knownHostsFile = ssh.knownHosts ?? resolved?.userKnownHostsFiles[0] ?? path.join(home, '.ssh', 'known_hosts');
  // ssh_config's IdentityFile counts when the console names no key; ssh's built-in defaults are resolveAuth's.
  const key = c.key ?? (resolved ? configuredIdentities(resolved)[0] : undefined);
  const auth = resolveAuth(key, env);
  if (auth.privateKey) registerSecret(auth.privateKey.toString('utf8'));
  return { target, options: { knownHostsFile, auth, connectTimeoutMs, ...(jump ? { jump } : {}) } };
}

function targetOf(alias: string, r: ResolvedHost | null, own: { user?: string; port?: number }, localUser: string): SshTarget {
  return {
    host: r?.hostname || alias,
    port: own.port ?? r?.port ?? 22,
    user: own.user ?? (r?.user || localUser),
    label: alias === (r?.hostname || alias) ? 'controller' : `controller ${alias}`,
  };
}
