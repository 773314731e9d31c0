// The console's and the demo's flags and run mode, without the configuration loader: the demo
// reads no config file, so its first frame must not wait for zod, yaml and the config schema.
import type { ConsoleConfig } from '../services/config/schema.js';
import type { RunMode } from '../store/session-store.js';
import { issueRefFlag, parseCommandArgs, type IssueRef } from './args.js';
import { UsageError } from './errors.js';

export interface ConsoleFlags {
  /** The issue's number, when --issue named one. */
  issue: number | null;
  /** --issue as given: N, #N or the issue URL (which also names the Gitea and the repository). */
  issueRef: IssueRef | null;
  url: string | undefined;
  token: string | undefined;
  login: string | undefined;
  focus: string[];
  context: string | null;
  repo: string | null;
  readOnly: boolean;
  dryRun: boolean;
  config: string | undefined;
}

export function parseConsoleFlags(command: string, argv: string[]): ConsoleFlags {
  const { values } = parseCommandArgs(command, argv, {
    issue: { type: 'string' },
    focus: { type: 'string', multiple: true },
    context: { type: 'string' },
    repo: { type: 'string' },
    url: { type: 'string' },
    token: { type: 'string' },
    login: { type: 'string' },
    'read-only': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    config: { type: 'string' },
  });
  const issueRef = values.issue === undefined ? null : issueRefFlag(command, values.issue);
  const issue = issueRef && issueRef.number !== 'latest' ? issueRef.number : null;
  if (values.repo !== undefined && !/^[\w.-]+\/[\w.-]+$/.test(values.repo)) throw new UsageError(`${command}: --repo takes owner/name, got '${values.repo}'`);
  const focus = (values.focus ?? [])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter(Boolean);
  return {
    issue,
    issueRef,
    url: values.url,
    token: values.token,
    login: values.login,
    focus,
    context: values.context ?? null,
    repo: values.repo ?? null,
    readOnly: values['read-only'] ?? false,
    dryRun: values['dry-run'] ?? false,
    config: values.config,
  };
}

/** Read-only wins over dry-run; either comes from the flag or, for read-only, the context's config. */
export function runModeOf(flags: Pick<ConsoleFlags, 'readOnly' | 'dryRun'>, config: Pick<ConsoleConfig, 'kube'>, context: string | null): RunMode {
  if (flags.readOnly || (context !== null && config.kube.contexts[context]?.readOnly)) return 'READ-ONLY';
  return flags.dryRun ? 'DRY-RUN' : 'WRITE';
}

/**
 * The configuration the demo runs with: the schema's defaults for the parts it reads (ui, keys,
 * kube contexts), written out so the demo never loads the schema; a test pins them to
 * defaultConfig().
 */
export const DEMO_CONFIG: Pick<ConsoleConfig, 'ui' | 'keys' | 'kube'> = {
  ui: { theme: 'color', compactBelowColumns: 100 },
  keys: {},
  kube: { contexts: {}, batchMs: 150 },
};
