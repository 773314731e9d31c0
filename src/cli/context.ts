// The one place a command learns where things are: the configuration file (validated, its paths
// expanded once), Gitea credentials, the kube environment and the SSH target. Every command that
// reads any of these gets them from here, so a form the docs show means the same to all of them.
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { ConfigError, configPath, loadConfig } from '../services/config/load.js';
import type { ConsoleConfig } from '../services/config/schema.js';
import type { GiteaClient } from '../services/gitea/client.js';
import type { GiteaCredentials } from '../services/gitea/credentials.js';
import { GiteaError } from '../services/gitea/errors.js';
import type { IssueRef } from './args.js';
import { UsageError } from './errors.js';

/** `--config FILE`: every command that reads the configuration takes it. */
export const CONFIG_OPTIONS = { config: { type: 'string' } } as const;

/** How to reach Gitea, on every command that talks to it. */
export const GITEA_OPTIONS = {
  repo: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  login: { type: 'string' },
} as const;

export const CONFIG_USAGE = `  --config FILE      config file (default: $HOMELAB_CONSOLE_CONFIG, else $XDG_CONFIG_HOME/homelab-console/config.yaml)`;

export interface GiteaFlags {
  repo?: string | null;
  url?: string;
  token?: string;
  login?: string;
  /** `--issue` as parsed: an issue URL also names the Gitea and the repository. */
  issue?: IssueRef | null;
}

export interface GiteaAccess {
  client: GiteaClient;
  creds: GiteaCredentials;
}

/** The kube side as kubectl would see it: which context, and the environment naming the kubeconfig. */
export interface KubeChoice {
  context: string | undefined;
  env: NodeJS.ProcessEnv;
  /** The context came from `--context` (a wrong one is then a usage mistake). */
  fromFlag: boolean;
}

export interface CliContext {
  readonly command: string;
  readonly config: ConsoleConfig;
  readonly configFile: string;
  readonly configFound: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  kube(flagContext?: string | null): KubeChoice;
  giteaCredentials(flags: GiteaFlags): Promise<GiteaCredentials>;
  gitea(flags: GiteaFlags, options?: { timeoutMs?: number; retries?: number }): Promise<GiteaAccess>;
}

/**
 * Reads the configuration for `command`: `--config FILE` (which must exist), else
 * HOMELAB_CONSOLE_CONFIG or the XDG path (absent means defaults). A bad file is a UsageError: one
 * line naming the file and the key.
 */
export function openContext(command: string, flags: { config?: string | undefined }, env: NodeJS.ProcessEnv = process.env): CliContext {
  const explicit = flags.config;
  if (explicit !== undefined && explicit.trim() === '') throw new UsageError(`${command}: --config needs a file`);
  let loaded;
  try {
    loaded = loadConfig(explicit ?? configPath(env), env);
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(`${command}: ${err.message}`);
    throw err;
  }
  if (explicit !== undefined && !loaded.found) throw new UsageError(`${command}: config file ${explicit} does not exist`);
  const { config } = loaded;
  const home = env.HOME || os.homedir();

  const kube = (flagContext?: string | null): KubeChoice => ({
    context: flagContext ?? config.kube.context,
    // KUBECONFIG wins, as with kubectl; the file's kube.kubeconfig (already expanded) is the fallback.
    env: !env.KUBECONFIG && config.kube.kubeconfig ? { ...env, KUBECONFIG: config.kube.kubeconfig } : env,
    fromFlag: flagContext !== undefined && flagContext !== null,
  });

  const giteaCredentials = async (f: GiteaFlags): Promise<GiteaCredentials> => {
    const fromIssue = f.issue ?? null;
    if (fromIssue?.url && f.url && f.url.replace(/\/+$/, '') !== fromIssue.url)
      throw new UsageError(`${command}: --issue names ${fromIssue.url} but --url is ${f.url}`);
    if (fromIssue?.repo && f.repo && f.repo !== fromIssue.repo) throw new UsageError(`${command}: --issue names ${fromIssue.repo} but --repo is ${f.repo}`);
    const { resolveGiteaCredentials } = await import('../services/gitea/credentials.js');
    return resolveGiteaCredentials(
      { url: fromIssue?.url ?? f.url, token: f.token, repo: fromIssue?.repo ?? f.repo ?? undefined, login: f.login },
      { env, home, cwd: process.cwd() },
      {
        url: config.gitea.url,
        repo: config.gitea.repo,
        tokenFile: config.gitea.tokenFile,
        caFile: config.gitea.caFile,
        insecure: config.gitea.insecure,
      },
    );
  };

  return {
    command,
    config,
    configFile: loaded.file,
    configFound: loaded.found,
    env,
    home,
    kube,
    giteaCredentials,
    async gitea(f, options = {}) {
      const creds = await giteaCredentials(f);
      if (!creds.repo) throw new GiteaError('config', 'no repository: pass --repo owner/name, set GITEA_REPO or gitea.repo in the config file');
      let ca: string | undefined;
      if (creds.tls.caFile) {
        try {
          ca = await readFile(creds.tls.caFile, 'utf8');
        } catch {
          throw new GiteaError('config', `cannot read gitea.caFile ${creds.tls.caFile}`);
        }
      }
      const { GiteaClient } = await import('../services/gitea/client.js');
      const client = new GiteaClient({
        baseUrl: creds.url,
        token: creds.token,
        repo: creds.repo,
        ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
        ...(options.retries !== undefined ? { retries: options.retries } : {}),
        tls: { insecure: creds.tls.insecure, ...(ca ? { ca } : {}) },
      });
      return { client, creds };
    },
  };
}
