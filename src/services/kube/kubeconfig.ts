import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import type { KubeConfig } from '@kubernetes/client-node';
import { registerSecret } from '../../domain/redact.js';
import { KubeConfigError } from './errors.js';
import { installExecCredentials } from './exec-credentials.js';
import { loadClientNode } from './load-client.js';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

export interface KubeTarget {
  kc: KubeConfig;
  context: string;
  server: string;
  /** The context's default namespace, or "default". */
  namespace: string;
}

export interface KubeConfigOptions {
  context?: string;
  /** Overrides process.env for KUBECONFIG/HOME lookups (tests). */
  env?: NodeJS.ProcessEnv;
}

/**
 * Loads credentials the way kubectl does: KUBECONFIG (a colon-separated list, merged, first wins),
 * else ~/.kube/config, else the in-cluster service account. Every credential is registered as a
 * secret so it can never be printed.
 */
export async function loadKubeTarget({ context, env = process.env }: KubeConfigOptions = {}): Promise<KubeTarget> {
  const { KubeConfig: KubeConfigClass } = await loadClientNode();
  const kc = new KubeConfigClass();
  const files = (env.KUBECONFIG ?? '').split(path.delimiter).filter((f) => f !== '');
  const home = env.HOME ?? homedir();
  const defaultFile = path.join(home, '.kube', 'config');
  try {
    if (files.length > 0) {
      const present = files.filter((f) => existsSync(f));
      if (present.length === 0) throw new KubeConfigError(`KUBECONFIG names no existing file (${files.join(path.delimiter)})`);
      kc.loadFromFile(present[0]!);
      for (const file of present.slice(1)) {
        const more = new KubeConfigClass();
        more.loadFromFile(file);
        mergeFirstWins(kc, more);
      }
    } else if (existsSync(defaultFile)) {
      kc.loadFromFile(defaultFile);
    } else if (existsSync(SERVICE_ACCOUNT_TOKEN) && env.KUBERNETES_SERVICE_HOST) {
      kc.loadFromCluster();
    } else {
      throw new KubeConfigError(`no kubeconfig: KUBECONFIG is unset and ${defaultFile} does not exist`);
    }
  } catch (err) {
    if (err instanceof KubeConfigError) throw err;
    throw new KubeConfigError(`cannot read kubeconfig: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }

  if (context !== undefined) {
    if (!kc.getContextObject(context)) {
      const known = kc.getContexts().map((c) => c.name);
      throw new KubeConfigError(`no context '${context}' in kubeconfig (have: ${known.join(', ') || 'none'})`);
    }
    kc.setCurrentContext(context);
  }
  allowPlainHttp(kc);
  installExecCredentials(kc);
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new KubeConfigError(`kubeconfig context '${kc.getCurrentContext() || '(none)'}' names no cluster`);

  for (const user of kc.getUsers()) {
    registerSecret(user.token);
    registerSecret(user.password);
    registerSecret(user.keyData);
  }
  const ctx = kc.getContextObject(kc.getCurrentContext());
  return { kc, context: kc.getCurrentContext(), server: cluster.server, namespace: ctx?.namespace ?? 'default' };
}

/**
 * kubectl talks to an `http://` server (`kubectl proxy`, a local dev cluster) as it is; the client
 * library refuses one unless skipTLSVerify is set. There is no TLS on plain HTTP to verify, so
 * setting it for those clusters changes nothing else — an https server keeps its verification.
 */
function allowPlainHttp(kc: KubeConfig): void {
  if (!kc.clusters.some((c) => c.server.startsWith('http:') && !c.skipTLSVerify)) return;
  kc.clusters = kc.clusters.map((c) => (c.server.startsWith('http:') ? { ...c, skipTLSVerify: true } : c));
}

/** kubectl's merge rule: the first file that names a cluster, user, context or current-context wins. */
function mergeFirstWins(into: KubeConfig, from: KubeConfig): void {
  const has = <T extends { name: string }>(list: T[], name: string) => list.some((x) => x.name === name);
  for (const c of from.getClusters()) if (!has(into.getClusters(), c.name)) into.addCluster(c);
  for (const u of from.getUsers()) if (!has(into.getUsers(), u.name)) into.addUser(u);
  for (const c of from.getContexts()) if (!has(into.getContexts(), c.name)) into.addContext(c);
  if (!into.getCurrentContext() && from.getCurrentContext()) into.setCurrentContext(from.getCurrentContext());
}
