import { writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

/**
 * A kubeconfig for the simulator. `insecure-skip-tls-verify` is what lets @kubernetes/client-node accept an
 * http:// server; kubectl ignores it for http.
 */
export function kubeconfigText(server: string, opts: { context?: string; token?: string | null; namespace?: string } = {}): string {
  const context = opts.context ?? 'homelab';
  const user: Record<string, string> = {};
  if (opts.token) user.token = opts.token;
  const ctx: Record<string, string> = { cluster: context, user: `${context}-admin` };
  if (opts.namespace) ctx.namespace = opts.namespace;
  return YAML.stringify({
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: context, cluster: { server, 'insecure-skip-tls-verify': true } }],
    contexts: [{ name: context, context: ctx }],
    'current-context': context,
    users: [{ name: `${context}-admin`, user }],
  });
}

export function writeKubeconfig(dir: string, server: string, opts: { context?: string; token?: string | null; namespace?: string } = {}): string {
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(file, kubeconfigText(server, opts), { mode: 0o600 });
  return file;
}
