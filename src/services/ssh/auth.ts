import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** How this console authenticates: a private key file, the ssh-agent, or both (key first). */
export interface SshAuth {
  privateKey?: Buffer;
  keyFile?: string;
  agent?: string;
}

export class SshSetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SshSetupError';
  }
}

const DEFAULT_KEYS = ['id_ed25519', 'id_ecdsa', 'id_rsa'];

/**
 * Keys from the configured file, else the ssh-agent (SSH_AUTH_SOCK), else the first of
 * ~/.ssh/id_ed25519, id_ecdsa, id_rsa. An encrypted key file needs the agent.
 */
export function resolveAuth(keyFile: string | undefined, env: NodeJS.ProcessEnv = process.env): SshAuth {
  const agent = env.SSH_AUTH_SOCK && existsSync(env.SSH_AUTH_SOCK) ? env.SSH_AUTH_SOCK : undefined;
  const home = env.HOME || os.homedir();
  const expand = (p: string) => (p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  if (keyFile) {
    const file = expand(keyFile);
    if (!existsSync(file)) throw new SshSetupError(`ssh key ${file} not found: fix ssh.controller.key in the config`);
    return withKey(file, agent);
  }
  if (agent) return { agent };
  for (const name of DEFAULT_KEYS) {
    const file = path.join(home, '.ssh', name);
    if (existsSync(file)) return withKey(file, undefined);
  }
  throw new SshSetupError('no ssh key: start ssh-agent (SSH_AUTH_SOCK) or set ssh.controller.key in the config');
}

function withKey(file: string, agent: string | undefined): SshAuth {
  const privateKey = readFileSync(file);
  const text = privateKey.toString('utf8');
  const encrypted = /ENCRYPTED/.test(text) || (text.includes('OPENSSH PRIVATE KEY') && !text.includes('AAAABG5vbmUAAAAEbm9uZQ'));
  if (encrypted && !agent) throw new SshSetupError(`ssh key ${file} is passphrase-protected: add it to ssh-agent (ssh-add ${file})`);
  return encrypted ? { agent, keyFile: file } : { privateKey, keyFile: file, agent };
}
