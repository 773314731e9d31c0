import os from 'node:os';
import path from 'node:path';
import type { ConsoleConfig } from './schema.js';

/** The XDG base directories and their defaults under HOME (XDG Base Directory spec). */
const XDG_DEFAULTS: Record<string, string | null> = {
  XDG_CONFIG_HOME: '.config',
  XDG_STATE_HOME: '.local/state',
  XDG_DATA_HOME: '.local/share',
  XDG_CACHE_HOME: '.cache',
  // No default: the spec leaves it to the session manager.
  XDG_RUNTIME_DIR: null,
};

export interface PathEnv {
  env: NodeJS.ProcessEnv;
  home: string;
}

/**
 * A path as people type it in the file: `~`, `~/x`, `$HOME`, `$XDG_*_HOME` / `${XDG_…}` (with the
 * spec's defaults when unset). Only these names: any other `$` stays as written, so a path that
 * holds one is never silently changed. Returns null naming the variable it cannot expand.
 */
export function expandPath(p: string, { env, home }: PathEnv): { path: string } | { unset: string } {
  let out = p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
  let unset: string | null = null;
  out = out.replace(/\$(?:\{(HOME|XDG_[A-Z_]+)\}|(HOME|XDG_[A-Z_]+)(?![A-Za-z0-9_]))/g, (whole, braced: string | undefined, bare: string | undefined) => {
    const name = (braced ?? bare)!;
    if (name === 'HOME') return home;
    if (!(name in XDG_DEFAULTS)) return whole;
    const value = env[name];
    // The spec: a relative value is invalid and is ignored.
    if (value && path.isAbsolute(value)) return value;
    const fallback = XDG_DEFAULTS[name];
    if (fallback === null || fallback === undefined) {
      unset ??= name;
      return whole;
    }
    return path.join(home, fallback);
  });
  return unset ? { unset } : { path: out };
}

export function pathEnvOf(env: NodeJS.ProcessEnv = process.env): PathEnv {
  return { env, home: env.HOME || os.homedir() };
}

type PathField = { key: string; get: (c: ConsoleConfig) => string | undefined; set: (c: ConsoleConfig, v: string) => void; list?: boolean };

/** Every field of the file that names a file or directory; each is expanded once, when the file is validated. */
export const PATH_FIELDS: readonly PathField[] = [
  { key: 'gitea.tokenFile', get: (c) => c.gitea.tokenFile, set: (c, v) => (c.gitea.tokenFile = v) },
  { key: 'gitea.caFile', get: (c) => c.gitea.caFile, set: (c, v) => (c.gitea.caFile = v) },
  // A KUBECONFIG-style list: each element is a path.
  { key: 'kube.kubeconfig', get: (c) => c.kube.kubeconfig, set: (c, v) => (c.kube.kubeconfig = v), list: true },
  { key: 'ceph.conf', get: (c) => c.ceph.conf, set: (c, v) => (c.ceph.conf = v) },
  { key: 'upgrade.backupDir', get: (c) => c.upgrade.backupDir, set: (c, v) => (c.upgrade.backupDir = v) },
  { key: 'ssh.controller.key', get: (c) => c.ssh.controller?.key, set: (c, v) => (c.ssh.controller!.key = v) },
  { key: 'ssh.knownHosts', get: (c) => c.ssh.knownHosts, set: (c, v) => (c.ssh.knownHosts = v) },
  { key: 'ssh.configFile', get: (c) => c.ssh.configFile, set: (c, v) => (c.ssh.configFile = v) },
];

/** Expands every path field in place; the first that cannot be expanded is returned as `key: why`. */
export function expandConfigPaths(config: ConsoleConfig, where: PathEnv): string | null {
  for (const field of PATH_FIELDS) {
    const value = field.get(config);
    if (value === undefined) continue;
    const parts = field.list ? value.split(path.delimiter) : [value];
    const expanded: string[] = [];
    for (const part of parts) {
      const r = expandPath(part, where);
      if ('unset' in r) return `${field.key}: $${r.unset} is not set`;
      expanded.push(r.path);
    }
    field.set(config, expanded.join(path.delimiter));
  }
  return null;
}
