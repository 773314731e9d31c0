import { errorLine as oneLine } from '../../domain/redact.js';
import type { ConsoleConfig } from '../config/schema.js';
import type { GiteaClient } from '../gitea/client.js';
import type { GiteaCredentials } from '../gitea/credentials.js';
import { editModeForVersion } from '../gitea/edit-mode.js';
import { KubeApiError } from '../kube/errors.js';
import type { KubeHttp } from '../kube/http.js';
import { deniedAccess, deniedText, NEEDED_ACCESS } from './kube-access.js';
import { kubeCause, type KubeCause } from './kube-cause.js';
import { controllerConnection } from '../ssh/controller.js';
import { openSsh, type SshOptions, type SshTarget } from '../ssh/ssh-connection.js';

/** One line of `doctor` (and of the console header at start-up). */
export interface AccessCheck {
  name: string;
  ok: boolean;
  /** What was found, or what failed. */
  detail: string;
  /** How to fix it (failures only). */
  fix?: string;
}

const MIN_NODE = [22, 19];

export function checkNodeVersion(version: string = process.versions.node): AccessCheck {
  const [major = 0, minor = 0] = version.split('.').map(Number);
  const ok = major > MIN_NODE[0]! || (major === MIN_NODE[0] && minor >= MIN_NODE[1]!);
  return ok
    ? { name: 'node', ok, detail: `Node ${version}` }
    : { name: 'node', ok, detail: `Node ${version} is too old`, fix: `install Node ${MIN_NODE.join('.')} or newer (script/bootstrap does it)` };
}

const REQUIRED_NAMESPACES = ['rook-ceph', 'argocd'];
// What the console reads through CRDs: ArgoCD Applications (Platform). Ceph is read through the
// toolbox, not the Rook CRDs; cert-manager and external-secrets are graded when present.
const REQUIRED_CRDS = ['applications.argoproj.io'];

/** Kubernetes: reachable, authorised, namespaces, CRDs and the rook-ceph-tools deployment. */
export async function checkKube(opts: { context?: string; env: NodeJS.ProcessEnv }): Promise<AccessCheck[]> {
  const { loadKubeTarget } = await import('../kube/kubeconfig.js');
  const { KubeHttp } = await import('../kube/http.js');
  let target;
  try {
    target = await loadKubeTarget({ context: opts.context, env: opts.env });
  } catch (err) {
    return [{ name: 'kube api', ok: false, detail: oneLine(err), fix: 'set KUBECONFIG or kube.kubeconfig / kube.context in the config' }];
  }
  const http = new KubeHttp(target);
  const out: AccessCheck[] = [];
  try {
    const v = await http.get<{ gitVersion?: string }>('/version');
    out.push({ name: 'kube api', ok: true, detail: `${target.server} (context ${target.context}) answers, ${v.gitVersion ?? 'version unknown'}` });
  } catch (err) {
    // One line for the one cause: nothing else is tried against a server that refused this.
    return [{ ok: false, ...(await withRbac(kubeCause(err, target), http)) }];
  }
  let namespaces: string[] = [];
  try {
    const list = await http.get<{ items: Array<{ metadata: { name: string } }> }>('/api/v1/namespaces');
    namespaces = list.items.map((n) => n.metadata.name);
    out.push({ name: 'kube auth', ok: true, detail: `authorised (lists ${namespaces.length} namespaces)` });
  } catch (err) {
    out.push({ ok: false, ...(await withRbac(kubeCause(err, target), http)) });
    return out;
  }
  const access = await accessCheck(http, target.kc.getCurrentUser()?.name ?? '(none)');
  out.push(access);
  const missingNs = REQUIRED_NAMESPACES.filter((n) => !namespaces.includes(n));
  out.push(
    missingNs.length
      ? {
          name: 'kube namespaces',
          ok: false,
          detail: `missing: ${missingNs.join(', ')}`,
          fix: 'is this the homelab cluster? pick the right context (--context / kube.context)',
        }
      : { name: 'kube namespaces', ok: true, detail: REQUIRED_NAMESPACES.join(', ') },
  );
  const missingCrds: string[] = [];
  for (const crd of REQUIRED_CRDS) {
    try {
      await http.get(`/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${crd}`);
    } catch (err) {
      if (err instanceof KubeApiError && err.status === 404) missingCrds.push(crd);
      else missingCrds.push(`${crd} (${oneLine(err)})`);
    }
  }
  out.push(
    missingCrds.length
      ? {
          name: 'kube CRDs',
          ok: false,
          detail: `missing: ${missingCrds.join(', ')}`,
          fix: 'ArgoCD must be installed in this cluster; without it Platform grades UNKNOWN',
        }
      : { name: 'kube CRDs', ok: true, detail: REQUIRED_CRDS.join(', ') },
  );
  try {
    const d = await http.get<{ status?: { readyReplicas?: number; replicas?: number } }>('/apis/apps/v1/namespaces/rook-ceph/deployments/rook-ceph-tools');
    const ready = d.status?.readyReplicas ?? 0;
    out.push(
      ready > 0
        ? { name: 'rook-ceph-tools', ok: true, detail: `deploy/rook-ceph-tools ready (${ready}/${d.status?.replicas ?? ready})` }
        : {
            name: 'rook-ceph-tools',
            ok: false,
            detail: 'deploy/rook-ceph-tools has no ready pod',
            fix: 'kubectl -n rook-ceph rollout status deploy/rook-ceph-tools; check its pod events',
          },
    );
  } catch (err) {
    // A refusal the RBAC line already named is not a second cause.
    if (isForbidden(err) && !access.ok) return out;
    out.push({
      name: 'rook-ceph-tools',
      ok: false,
      detail: oneLine(err),
      fix: 'enable the toolbox (rook-ceph-cluster chart: toolbox.enabled: true) or set ceph.executor in the config',
    });
  }
  return out;
}

/** How doctor reaches Gitea: the CLI's one credential resolution (config, env, .env, tea, --login). */
export interface GiteaOpener {
  credentials(): Promise<GiteaCredentials>;
  /** A client on those credentials (TLS settings included), no retries: doctor reports, it does not insist. */
  open(): Promise<{ client: GiteaClient; creds: GiteaCredentials }>;
}

/** A 403 names every verb the console needs that this user may not do, as `kubectl auth can-i` would. */
async function withRbac(cause: KubeCause, http: KubeHttp): Promise<KubeCause> {
  if (cause.name !== 'kube RBAC') return cause;
  const answer = await deniedAccess(http);
  return answer.denied?.length ? { ...cause, detail: `${cause.detail}; cannot: ${deniedText(answer.denied)}` } : cause;
}

const RBAC_FIX =
  "grant these verbs to the kubeconfig user (a Role or ClusterRole and its binding), or use a context that has them; 'kubectl auth can-i VERB RESOURCE' checks one";

/**
 * The verbs the console needs, asked once with SelfSubjectAccessReviews: one line naming every
 * denied verb (and what it is for), so a 403 later in a step is not the first the operator hears.
 */
async function accessCheck(http: KubeHttp, user: string): Promise<AccessCheck> {
  const answer = await deniedAccess(http);
  if (answer.error !== undefined)
    return {
      name: 'kube RBAC',
      ok: false,
      detail: `cannot ask the API server what user '${user}' may do (SelfSubjectAccessReview): ${answer.error}`,
      fix: "kubectl auth can-i --list shows the user's verbs",
    };
  if (answer.denied.length === 0)
    return { name: 'kube RBAC', ok: true, detail: `user '${user}' may do all ${NEEDED_ACCESS.length} verbs the console needs (can-i)` };
  return { name: 'kube RBAC', ok: false, detail: `user '${user}' cannot: ${deniedText(answer.denied)}`, fix: RBAC_FIX };
}

const isForbidden = (err: unknown) => err instanceof KubeApiError && err.status === 403;

/** Gitea: the token's user, the repository and its maintenance issue, the server version and edit mode. */
export async function checkGitea(gitea: GiteaOpener, label = 'maintenance'): Promise<AccessCheck[]> {
  let creds;
  try {
    creds = await gitea.credentials();
  } catch (err) {
    return [
      {
        name: 'gitea token',
        ok: false,
        detail: oneLine(err),
        fix: 'put GITEA_URL and GITEA_TOKEN in ~/.config/gitea/.env (mode 600) or the environment, or set gitea.url and gitea.tokenFile',
      },
    ];
  }
  if (!creds.repo) return [{ name: 'gitea repo', ok: false, detail: 'no repository known', fix: 'set gitea.repo (owner/name) in the config' }];
  let client: GiteaClient;
  try {
    ({ client } = await gitea.open());
  } catch (err) {
    return [{ name: 'gitea token', ok: false, detail: oneLine(err), fix: 'check gitea.caFile and the credentials' }];
  }
  const out: AccessCheck[] = [];
  try {
    const user = await client.currentUser();
    out.push({ name: 'gitea token', ok: true, detail: `${creds.url} as ${user.login} (token from ${creds.source})` });
    try {
      const issue = await client.latestIssueWithLabel(label);
      out.push({
        name: 'gitea repo',
        ok: true,
        detail: `${client.repoName}: ${issue ? `open maintenance issue #${issue.number}` : 'no open maintenance issue'}`,
      });
    } catch (err) {
      out.push({ name: 'gitea repo', ok: false, detail: `${client.repoName}: ${oneLine(err)}`, fix: 'check gitea.repo and that the token can read it' });
    }
    try {
      const version = await client.serverVersion();
      const mode = editModeForVersion(version);
      out.push({
        name: 'gitea server',
        ok: true,
        detail: `version ${version}, body edits ${mode === 'content-version' ? 'conflict-checked (content_version)' : 'last-writer-wins (re-verified after each write)'}`,
      });
    } catch (err) {
      out.push({ name: 'gitea server', ok: false, detail: oneLine(err), fix: 'the server must answer GET /api/v1/version' });
    }
  } catch (err) {
    out.push({
      name: 'gitea token',
      ok: false,
      detail: `${creds.url}: ${oneLine(err)}`,
      fix: 'create a new token (Settings → Applications) with issue and repository scopes',
    });
  } finally {
    await client.close();
  }
  return [...out, ...creds.warnings.map((w) => ({ name: 'gitea token', ok: false, detail: w, fix: 'chmod 600 the credentials file' }))];
}

/** SSH: the controller, then each node through it (ProxyJump); host keys must already be known. */
export async function checkSsh(
  config: ConsoleConfig,
  nodes: Array<{ name: string; ip: string }>,
  env: NodeJS.ProcessEnv,
  timeoutMs = 5000,
): Promise<AccessCheck[]> {
  if (!config.ssh.controller)
    return [{ name: 'ssh controller', ok: false, detail: 'not configured', fix: 'set ssh.controller (host, user, key) in the config' }];
  let opts: SshOptions;
  let controller: SshTarget;
  try {
    // The same resolution as every SSH step (ssh_config included), so doctor checks what will run.
    ({ target: controller, options: opts } = controllerConnection(config.ssh, env, timeoutMs));
  } catch (err) {
    return [{ name: 'ssh controller', ok: false, detail: oneLine(err), fix: 'start ssh-agent or set ssh.controller.key' }];
  }
  const user = controller.user;
  const probe = async (name: string, target: SshTarget, jump?: SshTarget): Promise<AccessCheck> => {
    try {
      const s = await openSsh(target, jump ? { ...opts, jump } : opts);
      try {
        const r = await s.exec('true', { timeoutMs });
        return r.exitCode === 0
          ? { name, ok: true, detail: `${target.user}@${target.host}:${target.port ?? 22}${via(jump ?? opts.jump)} host key known, login ok` }
          : { name, ok: false, detail: `login ok but 'true' exited ${r.exitCode}`, fix: 'check the account’s shell' };
      } finally {
        s.close();
      }
    } catch (err) {
      const e = err as { kind?: string };
      const fix = e.kind?.startsWith('host-key')
        ? 'verify the fingerprint with the host’s owner, then add it to known_hosts'
        : e.kind === 'auth'
          ? "add the console's public key to the host's authorized_keys"
          : 'check the address, port and network';
      return { name, ok: false, detail: oneLine(err), fix };
    }
  };
  const out = [await probe('ssh controller', controller)];
  if (!out[0]!.ok) return out;
  out.push(...(await Promise.all(nodes.map((n) => probe(`ssh node ${n.name}`, { host: n.ip, port: 22, user, label: `node ${n.name}` }, controller)))));
  return out;
}

const via = (jump: SshTarget | undefined) => (jump ? ` via ${jump.user}@${jump.host}:${jump.port ?? 22}` : '');

/** `✓ name  detail` / `✗ name  detail — fix: …` */
export function formatCheck(c: AccessCheck): string {
  return `${c.ok ? '✓ OK  ' : '✗ FAIL'} ${c.name.padEnd(16)} ${c.detail}${!c.ok && c.fix ? ` — fix: ${c.fix}` : ''}`;
}
