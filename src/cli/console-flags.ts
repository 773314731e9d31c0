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

const CONSOLE_OPTIONS = {
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
} as const;

type ConsoleValues = ReturnType<typeof parseCommandArgs<typeof CONSOLE_OPTIONS>>['values'];

export function parseConsoleFlags(command: string, argv: string[]): ConsoleFlags {
  return consoleFlagsOf(command, parseCommandArgs(command, argv, CONSOLE_OPTIONS).values);
}

/** The parsed console options as ConsoleFlags (the demo's parse has these and its own). */
function consoleFlagsOf(command: string, values: ConsoleValues): ConsoleFlags {
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

export interface DemoFlags extends ConsoleFlags {
  /** --healthy: the homelab starts GREEN (Ceph HEALTH_OK, no degraded workloads, no latent problems) and its PRs upgrade cleanly. */
  healthy: boolean;
  /** --stabilise SECONDS: Gate 3's window in the demo; null keeps the demo's default. */
  stabiliseMs: number | null;
}

/** The demo's flags: the console's, plus how the simulated homelab starts and how long its stabilisation window is. */
export function parseDemoFlags(argv: string[]): DemoFlags {
  const { values } = parseCommandArgs('demo', argv, { ...CONSOLE_OPTIONS, healthy: { type: 'boolean' }, stabilise: { type: 'string' } });
  const s = values.stabilise;
  if (s !== undefined && (!/^\d+(\.\d+)?$/.test(s) || Number(s) < 1 || Number(s) > 86_400))
    throw new UsageError(`demo: --stabilise takes a number of seconds from 1 to 86400, got '${s}'`);
  return { ...consoleFlagsOf('demo', values), healthy: values.healthy ?? false, stabiliseMs: s === undefined ? null : Math.round(Number(s) * 1000) };
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
  ui: { theme: 'color', compactBelowColumns: 100, animate: true },
  keys: {},
  kube: { contexts: {}, batchMs: 150 },
};
