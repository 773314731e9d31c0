import os from 'node:os';
import path from 'node:path';
import type { ConsoleConfig } from '../config/schema.js';
import { registerSecret } from '../../domain/redact.js';
import { resolveAuth, SshSetupError } from './auth.js';
import type { SshOptions, SshTarget } from './ssh-connection.js';

export interface ControllerConnection {
  target: SshTarget;
  options: SshOptions;
}

/**
 * Where and how to reach the controller, from the config's `ssh` section: host, port, user (default
 * the local user), key (default ssh-agent, then ~/.ssh/id_*), known_hosts (default ~/.ssh/known_hosts).
 * Throws SshSetupError (one line) when it is not configured or no key can be used.
 */
export function controllerConnection(ssh: ConsoleConfig['ssh'], env: NodeJS.ProcessEnv = process.env, connectTimeoutMs = 10_000): ControllerConnection {
  const c = ssh.controller;
  if (!c) throw new SshSetupError('no SSH connection to the controller is configured (set ssh.controller: host, user, key)');
  const home = env.HOME || os.homedir();
  const knownHostsFile = (ssh.knownHosts ?? '~/.ssh/known_hosts').replace(/^~\//, `${home}${path.sep}`);
  const auth = resolveAuth(c.key, env);
  if (auth.privateKey) registerSecret(auth.privateKey.toString('utf8'));
  const user = c.user ?? env.USER ?? os.userInfo().username;
  return { target: { host: c.host, port: c.port, user, label: 'controller' }, options: { knownHostsFile, auth, connectTimeoutMs } };
}
