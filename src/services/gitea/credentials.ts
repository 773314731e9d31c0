import { execFile } from 'node:child_process';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { registerSecret } from '../../domain/redact.js';
import { GiteaError } from './errors.js';
import { normaliseBaseUrl } from './http.js';

export interface RepoRef {
  owner: string;
  name: string;
}

export type CredentialSource = 'flags' | 'env' | 'env-file' | 'tea';

export interface GiteaCredentials {
  url: string;
  token: string;
  /** Where the token came from (never the token itself). */
  source: CredentialSource;
  repo: RepoRef | null;
  repoSource: 'flag' | 'config' | 'git-remote' | null;
  /** e.g. a credentials file readable by group or others. */
  warnings: string[];
}

export interface CredentialFlags {
  url?: string;
  token?: string;
  repo?: string;
  /** A tea login name. */
  login?: string;
}

export interface CredentialEnvironment {
  env: Record<string, string | undefined>;
  home: string;
  cwd: string;
  /** Remote URLs of the cwd's git checkout; defaults to asking git. */
  gitRemotes?: (cwd: string) => Promise<string[]>;
}

export function parseRepo(value: string): RepoRef | null {
  const m = /^([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(value.trim());
  return m ? { owner: m[1]!, name: m[2]! } : null;
}

/** KEY=VALUE lines as operators keep them (`export`, quotes and comments allowed). */
export function parseEnvFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const m = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
    if (!m) continue;
    let value = m[2]!;
    const quote = value[0];
    if ((quote === '"' || quote === "'") && value.lastIndexOf(quote) > 0) {
      value = value.slice(1, value.lastIndexOf(quote));
      if (quote === '"') value = value.replace(/\\(["\\$`])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '').trim();
    }
    out[m[1]!] = value;
  }
  return out;
}

const teaConfigSchema = z.object({
  logins: z
    .array(
      z.object({
        name: z.string().optional(),
        url: z.string(),
        token: z.string().optional(),
        default: z.boolean().optional(),
        ssh_host: z.string().optional(),
        user: z.string().optional(),
      }),
    )
    .nullish(),
});
type TeaLogin = NonNullable<z.output<typeof teaConfigSchema>['logins']>[number];

/** `https://host/owner/name.git`, `git@host:owner/name.git`, `ssh://git@host:2222/owner/name`. */
export function repoFromRemote(remote: string): { host: string; repo: RepoRef } | null {
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(remote.trim());
  if (scp) return { host: scp[1]!.toLowerCase(), repo: { owner: scp[2]!, name: scp[3]! } };
  try {
    const url = new URL(remote.trim());
    const parts = url.pathname
      .replace(/\.git\/?$/, '')
      .split('/')
      .filter(Boolean);
    if (parts.length < 2) return null;
    return { host: url.hostname.toLowerCase(), repo: { owner: parts[parts.length - 2]!, name: parts[parts.length - 1]! } };
  } catch {
    return null;
  }
}

function hostOf(url: string): string | null {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return null;
  }
}

async function gitRemotesOf(cwd: string): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('git', ['config', '--get-regexp', '^remote\\..*\\.url$'], { cwd, timeout: 3_000 });
    return stdout
      .split('\n')
      .map((l) => l.split(/\s+/)[1])
      .filter((v): v is string => Boolean(v));
  } catch {
    return [];
  }
}

async function readSecretFile(file: string, warnings: string[]): Promise<string | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  try {
    const mode = (await stat(file)).mode & 0o777;
    if (mode & 0o077) {
      warnings.push(`${file} is readable by group or others (mode ${mode.toString(8).padStart(4, '0')}); run: chmod 600 ${file}`);
    }
  } catch {
    // stat raced a delete; the content was read, nothing to warn about
  }
  return text;
}

function pickTeaLogin(logins: TeaLogin[], { login, url }: { login?: string; url?: string }): TeaLogin | null {
  if (login) return logins.find((l) => l.name === login) ?? null;
  const host = url ? hostOf(url) : null;
  if (host) return logins.find((l) => hostOf(l.url) === host || l.ssh_host?.toLowerCase() === host) ?? null;
  return logins.find((l) => l.default) ?? logins[0] ?? null;
}

/**
 * Finds the instance URL, token and repository, in this order: flags; GITEA_URL or
 * GITEA_INSTANCE_URL with GITEA_TOKEN; ~/.config/gitea/.env; tea's config.yml. A token is only
 * taken from tea when its login is for the URL already chosen, so a token never goes to a host it
 * was not issued for. Every token found is registered as a secret before anything else happens.
 */
export async function resolveGiteaCredentials(flags: CredentialFlags, where: CredentialEnvironment): Promise<GiteaCredentials> {
  const warnings: string[] = [];
  const { env } = where;
  const envUrl = env.GITEA_URL || env.GITEA_INSTANCE_URL || undefined;
  registerSecret(flags.token);
  registerSecret(env.GITEA_TOKEN);

  const envFilePath = path.join(where.home, '.config', 'gitea', '.env');
  const envFileText = await readSecretFile(envFilePath, warnings);
  const envFile = envFileText ? parseEnvFile(envFileText) : {};
  registerSecret(envFile.GITEA_TOKEN);
  const fileUrl = envFile.GITEA_URL || envFile.GITEA_INSTANCE_URL || undefined;

  const layers: Array<{ source: CredentialSource; url?: string; token?: string }> = [
    { source: 'flags', url: flags.url, token: flags.token },
    { source: 'env', url: envUrl, token: env.GITEA_TOKEN || undefined },
    { source: 'env-file', url: fileUrl, token: envFile.GITEA_TOKEN || undefined },
  ];
  let url = layers.find((l) => l.url)?.url;
  let token: string | undefined;
  let source: CredentialSource | undefined;
  for (const layer of layers) {
    // A token belongs with the URL of its own layer (or a layer that names no URL).
    if (layer.token && (!layer.url || !url || normaliseBaseUrl(layer.url) === normaliseBaseUrl(url))) {
      token = layer.token;
      source = layer.source;
      break;
    }
  }

  if (!token) {
    const configHome = env.XDG_CONFIG_HOME || path.join(where.home, '.config');
    const teaPath = path.join(configHome, 'tea', 'config.yml');
    const teaText = await readSecretFile(teaPath, warnings);
    if (teaText) {
      let logins: TeaLogin[] = [];
      try {
        logins = teaConfigSchema.parse(parseYaml(teaText)).logins ?? [];
      } catch {
        warnings.push(`${teaPath} is not a tea config (ignored)`);
      }
      for (const l of logins) registerSecret(l.token);
      const chosen = pickTeaLogin(logins, { login: flags.login, url });
      if (chosen?.token) {
        url ??= chosen.url;
        token = chosen.token;
        source = 'tea';
      }
    }
  }

  if (!url || !token || !source) {
    throw new GiteaError('config', 'no Gitea credentials: pass --url and --token, set GITEA_URL and GITEA_TOKEN, or add them to ~/.config/gitea/.env');
  }
  try {
    new URL(url);
  } catch {
    throw new GiteaError('config', `the Gitea URL '${url}' is not a URL`);
  }

  let repo: RepoRef | null = null;
  let repoSource: GiteaCredentials['repoSource'] = null;
  const configured = flags.repo ?? env.GITEA_REPO ?? envFile.GITEA_REPO;
  if (configured) {
    repo = parseRepo(configured);
    if (!repo) throw new GiteaError('config', `repository '${configured}' is not owner/name`);
    repoSource = flags.repo ? 'flag' : 'config';
  } else {
    const host = hostOf(url);
    const remotes = await (where.gitRemotes ?? gitRemotesOf)(where.cwd);
    for (const remote of remotes) {
      const found = repoFromRemote(remote);
      if (found && found.host === host) {
        repo = found.repo;
        repoSource = 'git-remote';
        break;
      }
    }
  }
  return { url: normaliseBaseUrl(url), token, source, repo, repoSource, warnings };
}
