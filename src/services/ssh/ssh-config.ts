import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { SshSetupError } from './auth.js';

/** What `ssh -G HOST` says about a host: ssh_config applied (Host/Match blocks, defaults). */
export interface ResolvedHost {
  hostname: string;
  user: string;
  port: number;
  /** IdentityFile lines, `~` expanded, in ssh's order. */
  identityFiles: string[];
  /** ProxyJump, as written (`[user@]host[:port]`, comma-separated hops), or null. */
  proxyJump: string | null;
  userKnownHostsFiles: string[];
}

export interface SshConfigQuery {
  /** `ssh -F FILE`; ssh's own (~/.ssh/config, /etc/ssh/ssh_config) when absent. */
  configFile?: string;
  /** `-l USER` / `-p PORT`: the console's own settings beat the file, as on ssh's command line. */
  user?: string;
  port?: number;
  env?: NodeJS.ProcessEnv;
}

/** ssh's default identities: listed by `ssh -G` whether or not they exist, so never "configured". */
const DEFAULT_IDENTITIES = /\/\.ssh\/id_(rsa|ecdsa|ecdsa_sk|ed25519|ed25519_sk|xmss|dsa)$/;

/**
 * Resolves HOST the way ssh would, by asking ssh itself (`ssh -G`), so an alias that works for
 * `ssh` works here. Returns null when no ssh client is installed (the console's own settings are
 * then all there is).
 */
export function resolveSshHost(host: string, q: SshConfigQuery = {}): ResolvedHost | null {
  if (host.startsWith('-')) throw new SshSetupError(`ssh host '${host}' is not a host name`);
  const env = q.env ?? process.env;
  const args = ['-G', ...(q.configFile ? ['-F', q.configFile] : []), ...(q.user ? ['-l', q.user] : []), ...(q.port ? ['-p', String(q.port)] : []), '--', host];
  const r = spawnSync('ssh', args, { encoding: 'utf8', timeout: 5_000, env: { ...process.env, ...env } });
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') return null;
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || `exit ${r.status}`).trim().split('\n')[0];
    throw new SshSetupError(`ssh -G ${host}${q.configFile ? ` (-F ${q.configFile})` : ''}: ${why}`);
  }
  return parseSshG(r.stdout, env.HOME || os.homedir());
}

/** `ssh -G` output (`key value` lines, keys lower-case) → the fields the console uses. */
export function parseSshG(text: string, home: string): ResolvedHost {
  const many = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const m = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!m) continue;
    const key = m[1]!.toLowerCase();
    many.set(key, [...(many.get(key) ?? []), m[2]!]);
  }
  const one = (k: string) => many.get(k)?.[0];
  const expand = (p: string) => (p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  const jump = one('proxyjump');
  return {
    hostname: one('hostname') ?? '',
    user: one('user') ?? '',
    port: Number(one('port') ?? 22),
    identityFiles: (many.get('identityfile') ?? []).map(expand),
    proxyJump: jump && jump !== 'none' ? jump : null,
    userKnownHostsFiles: (one('userknownhostsfile') ?? '').split(/\s+/).filter(Boolean).map(expand),
  };
}

/** IdentityFile lines that were configured (not ssh's built-in defaults). */
export function configuredIdentities(h: ResolvedHost): string[] {
  return h.identityFiles.filter((f) => !DEFAULT_IDENTITIES.test(f));
}

/** One ProxyJump hop: `[user@]host[:port]`. */
export function parseJump(spec: string): { user?: string; host: string; port?: number } {
  const hops = spec.split(',');
  if (hops.length > 1) throw new SshSetupError(`ProxyJump ${spec}: more than one hop is not supported; jump through one host`);
  const m = /^(?:ssh:\/\/)?(?:([^@]+)@)?(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(spec.trim());
  if (!m) throw new SshSetupError(`ProxyJump '${spec}' is not [user@]host[:port]`);
  return { ...(m[1] ? { user: m[1] } : {}), host: m[2]!.replace(/^\[|\]$/g, ''), ...(m[3] ? { port: Number(m[3]) } : {}) };
}
