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

export type CredentialSource = 'flags' | 'env' | 'config' | 'env-file' | 'tea';

export interface GiteaCredentials {
  url: string;
  token: string;
  /** Where the token came from (never the token itself). */
  source: CredentialSource;
  repo: RepoRef | null;
  repoSource: 'flag' | 'config' | 'git-remote' | null;
  /** How to trust the server: tea's `insecure`, the config's `insecure` or `caFile`. */
  tls: GiteaTls;
  /** e.g. a credentials file readable by group or others. */
  warnings: string[];
}

export interface GiteaTls {
  /** Skip certificate verification (tea `insecure: true`, config `gitea.insecure`). */
  insecure: boolean;
  /** A PEM file of CAs to trust (config `gitea.caFile`). */
  caFile: string | null;
}

/** What the configuration file says about Gitea; its paths are already expanded. */
export interface CredentialConfig {
  url?: string;
  repo?: string;
  /** A file holding the token (the config's gitea.tokenFile). */
  tokenFile?: string;
  caFile?: string;
  insecure?: boolean;
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
        insecure: z.boolean().optional(),
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

function pickTeaLogin(logins: TeaLogin[], { url }: { url?: string }): TeaLogin | null {
  const host = url ? hostOf(url) : null;
  if (host) return logins.find((l) => hostOf(l.url) === host || l.ssh_host?.toLowerCase() === host) ?? null;
  return logins.find((l) => l.default) ?? logins[0] ?? null;
}

/**
 * Finds the instance URL, token and repository, in this order: flags; GITEA_URL or
 * GITEA_INSTANCE_URL with GITEA_TOKEN; the config file (gitea.url with gitea.tokenFile);
 * ~/.config/gitea/.env; tea's config.yml. `--login NAME` picks that tea login before everything but
 * the flags. A token is only taken when it belongs to the URL already chosen, so a token never
 * goes to a host it was not issued for. Every token found is registered as a secret before
 * anything else happens.
 */
export async function resolveGiteaCredentials(flags: CredentialFlags, where: CredentialEnvironment, config: CredentialConfig = {}): Promise<GiteaCredentials> {
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

  let configToken: string | undefined;
  if (config.tokenFile) {
    const text = await readSecretFile(config.tokenFile, warnings);
    if (text === null) throw new GiteaError('config', `cannot read gitea.tokenFile ${config.tokenFile}`);
    configToken = text.trim() || undefined;
    registerSecret(configToken);
  }

  const tea = await readTeaLogins(env, where.home, warnings);
  let teaLogin: TeaLogin | null = null;
  if (flags.login) {
    teaLogin = tea.logins.find((l) => l.name === flags.login) ?? null;
    if (!teaLogin) {
      const names = tea.logins.map((l) => l.name).filter(Boolean);
      throw new GiteaError('config', `no tea login '${flags.login}' in ${tea.file} (have: ${names.join(', ') || 'none'})`);
    }
  }

  const layers: Array<{ source: CredentialSource; url?: string; token?: string; login?: TeaLogin }> = [
    { source: 'flags', url: flags.url, token: flags.token },
    ...(teaLogin ? [{ source: 'tea' as const, url: teaLogin.url, token: teaLogin.token, login: teaLogin }] : []),
    { source: 'env', url: envUrl, token: env.GITEA_TOKEN || undefined },
    { source: 'config', url: config.url, token: configToken },
    { source: 'env-file', url: fileUrl, token: envFile.GITEA_TOKEN || undefined },
  ];
  let url = layers.find((l) => l.url)?.url;
  let token: string | undefined;
  let source: CredentialSource | undefined;
  let chosenLogin: TeaLogin | null = null;
  for (const layer of layers) {
    // A token belongs with the URL of its own layer (or a layer that names no URL).
    if (layer.token && (!layer.url || !url || normaliseBaseUrl(layer.url) === normaliseBaseUrl(url))) {
      token = layer.token;
      source = layer.source;
      chosenLogin = layer.login ?? null;
      break;
    }
  }

  if (!token && !flags.login) {
    const chosen = pickTeaLogin(tea.logins, { url });
    if (chosen?.token) {
      url ??= chosen.url;
      token = chosen.token;
      source = 'tea';
      chosenLogin = chosen;
    }
  }

  if (!url || !token || !source) {
    throw new GiteaError(
      'config',
      'no Gitea credentials: pass --url and --token, set GITEA_URL and GITEA_TOKEN, add them to ~/.config/gitea/.env, set gitea.url and gitea.tokenFile, or log in with tea',
    );
  }
  try {
    new URL(url);
  } catch {
    throw new GiteaError('config', `the Gitea URL '${url}' is not a URL`);
  }

  let repo: RepoRef | null = null;
  let repoSource: GiteaCredentials['repoSource'] = null;
  const configured = flags.repo ?? env.GITEA_REPO ?? config.repo ?? envFile.GITEA_REPO;
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
  const tls: GiteaTls = { insecure: chosenLogin?.insecure === true || config.insecure === true, caFile: config.caFile ?? null };
  return { url: normaliseBaseUrl(url), token, source, repo, repoSource, tls, warnings };
}

async function readTeaLogins(env: Record<string, string | undefined>, home: string, warnings: string[]): Promise<{ file: string; logins: TeaLogin[] }> {
  const configHome = env.XDG_CONFIG_HOME || path.join(home, '.config');
  const file = path.join(configHome, 'tea', 'config.yml');
  const text = await readSecretFile(file, warnings);
  if (!text) return { file, logins: [] };
  let logins: TeaLogin[] = [];
  try {
    logins = teaConfigSchema.parse(parseYaml(text)).logins ?? [];
  } catch {
    warnings.push(`${file} is not a tea config (ignored)`);
  }
  for (const l of logins) registerSecret(l.token);
  return { file, logins };
}
