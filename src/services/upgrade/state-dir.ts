import os from 'node:os';
import path from 'node:path';

/** `$XDG_STATE_HOME/homelab-console` (default `~/.local/state/homelab-console`), beside the journal. */
export function stateDir(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_STATE_HOME?.trim() || path.join(env.HOME?.trim() || os.homedir(), '.local', 'state');
  return path.join(base, 'homelab-console');
}

export function backupDir(env: NodeJS.ProcessEnv = process.env, configured?: string): string {
  return configured ?? path.join(stateDir(env), 'backups');
}

export function crdSnapshotDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(stateDir(env), 'crd-snapshots');
}
