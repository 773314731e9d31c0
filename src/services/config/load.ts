import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMap, isScalar, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { expandConfigPaths, pathEnvOf, type PathEnv } from './paths.js';
import { configSchema, defaultConfig, type ConsoleConfig } from './schema.js';

/** A config file problem, naming the file and the key; the CLI prints it as one line (exit 2). */
export class ConfigError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `$HOMELAB_CONSOLE_CONFIG`, else `$XDG_CONFIG_HOME/homelab-console/config.yaml` (XDG default ~/.config). */
export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HOMELAB_CONSOLE_CONFIG) return env.HOMELAB_CONSOLE_CONFIG;
  const base = env.XDG_CONFIG_HOME && path.isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : path.join(os.homedir(), '.config');
  return path.join(base, 'homelab-console', 'config.yaml');
}

/** Unknown keys named in the message; a file with thousands of them still gets one readable line. */
const NAMED_KEYS = 5;

function keyPath(issue: z.core.$ZodIssue): string {
  const parts = issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p)));
  if (issue.code === 'unrecognized_keys') {
    const named = issue.keys.slice(0, NAMED_KEYS).map((k) => (k.length > 60 ? `${k.slice(0, 60)}…` : k));
    const rest = issue.keys.length - named.length;
    parts.push(`${named.join(', ')}${rest > 0 ? ` and ${rest} more` : ''}`);
  }
  return parts.join('.').replace(/\.\[/g, '[') || '(top level)';
}

/**
 * Validates parsed YAML and expands `~` and `$XDG_*` in every path field, once, here: every command
 * then reads the same paths. The message names the first bad key and the file.
 */
export function parseConfig(raw: unknown, file: string, where: PathEnv = pathEnvOf()): ConsoleConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) {
    const problem = expandConfigPaths(result.data, where);
    if (problem) throw new ConfigError(`${file}: ${problem}`, file);
    return result.data;
  }
  const first = result.error.issues[0];
  if (!first) throw new ConfigError(`${file}: invalid configuration`, file);
  const more = result.error.issues.length > 1 ? ` (and ${result.error.issues.length - 1} more)` : '';
  const what = first.code === 'unrecognized_keys' ? 'unknown key' : first.message;
  throw new ConfigError(`${file}: ${keyPath(first)}: ${what}${more}`, file);
}

/** Reads the config file; a missing file means defaults, an unreadable or invalid one is an error. */
export function loadConfig(file: string = configPath(), env: NodeJS.ProcessEnv = process.env): { config: ConsoleConfig; file: string; found: boolean } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { config: defaultConfig(), file, found: false };
    throw new ConfigError(`${file}: cannot read: ${(err as Error).message}`, file);
  }
  if (text.length > MAX_CONFIG_BYTES) {
    throw new ConfigError(`${file}: too large for a configuration file (${text.length} bytes; at most ${MAX_CONFIG_BYTES})`, file);
  }
  const raw = parseYamlLinear(text, file);
  if (raw !== null && raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw))) {
    throw new ConfigError(`${file}: expected a mapping of sections (gitea, kube, ceph, …)`, file);
  }
  return { config: parseConfig(raw, file, pathEnvOf(env)), file, found: true };
}

/** A console configuration is a few kB; anything this large is a mistake, refused before parsing. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/**
 * YAML → plain data in time linear in the file: the library's own duplicate-key check compares
 * every key with every other (100k keys took over a minute), so it is off and duplicates are
 * found here with one Set per mapping.
 */
function parseYamlLinear(text: string, file: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: true });
  const err = doc.errors[0];
  if (err) {
    const line = err.linePos?.[0]?.line;
    throw new ConfigError(`${file}${line ? `:${line}` : ''}: not valid YAML: ${err.message.split('\n')[0]}`, file);
  }
  let duplicate: string | null = null;
  visit(doc, {
    Map(_key, map) {
      if (!isMap(map)) return;
      const seen = new Set<string>();
      for (const pair of map.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
        if (seen.has(k)) {
          duplicate = k;
          return visit.BREAK;
        }
        seen.add(k);
      }
    },
  });
  if (duplicate !== null) throw new ConfigError(`${file}: not valid YAML: Map keys must be unique ('${String(duplicate).slice(0, 60)}' twice)`, file);
  return doc.toJS();
}

/** `~/x` → `$HOME/x`, as a shell would; the file's paths are written the way people type them. */
export function expandHome(p: string, home: string = os.homedir()): string {
  return p === '~' ? home : p.startsWith('~/') ? path.join(home, p.slice(2)) : p;
}

/** Read-only wins from any source: the flag, or the kube context's `readOnly` in the file. */
export function contextReadOnly(config: ConsoleConfig, context: string | null): boolean {
  if (!context) return false;
  return config.kube.contexts[context]?.readOnly ?? false;
}
