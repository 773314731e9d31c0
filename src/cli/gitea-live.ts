import type { BodyEdit } from '../domain/issue/types.js';
import type { Analysis } from '../domain/issue/parse.js';
import { observeWrites, writeBodyEdit } from '../services/gitea/body-writer.js';
import { journalWrites } from '../services/journal/in-flight.js';
import { Journal, journalPath } from '../services/journal/journal.js';
import type { GiteaClient } from '../services/gitea/client.js';
import { editModeForVersion } from '../services/gitea/edit-mode.js';
import { GiteaError } from '../services/gitea/errors.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../services/gitea/http.js';
import type { GiteaIssue } from '../services/gitea/schemas.js';
import type { EditMode } from '../store/issue-store.js';
import { issueRefFlag, timeoutFlag, type IssueRef } from './args.js';
import { CONFIG_OPTIONS, CONFIG_USAGE, GITEA_OPTIONS, type CliContext } from './context.js';
import { UsageError, UserError } from './errors.js';
import { analyseMaintenanceBody, type BodySource, type IssueBody } from './issue-body.js';
import { writeErr, writeOut } from './output.js';

/** Flags every live (Gitea) command takes. */
export const LIVE_OPTIONS = {
  issue: { type: 'string' },
  ...GITEA_OPTIONS,
  timeout: { type: 'string' },
  ...CONFIG_OPTIONS,
} as const;

export const LIVE_USAGE = `Live mode (Gitea):
  --issue [N|#N|URL] the issue: its number, or its URL (which also names the Gitea and the repository);
                     without N, the newest open issue labelled 'maintenance'
  --repo OWNER/NAME  the repository (default: GITEA_REPO, else the cwd's git remote on that host)
  --url URL          the Gitea URL (default: GITEA_URL / GITEA_INSTANCE_URL, ~/.config/gitea/.env, tea)
  --token TOKEN      an access token (prefer GITEA_TOKEN: flags end up in shell history)
  --login NAME       which tea login to use
  --timeout SECONDS  per request to Gitea (default 10; at most a day)
${CONFIG_USAGE}`;

interface LiveValues {
  issue?: string;
  repo?: string;
  url?: string;
  token?: string;
  login?: string;
  timeout?: string;
  config?: string;
}

/** `--issue` given last or followed by another flag means "the latest": parseArgs needs a value. */
export function normaliseIssueFlag(argv: string[]): string[] {
  return argv.flatMap((arg, i) => (arg === '--issue' && (i === argv.length - 1 || argv[i + 1]!.startsWith('--')) ? ['--issue=latest'] : [arg]));
}

export function issueSelector(command: string, value: string): IssueRef {
  return issueRefFlag(command, value);
}

/** Maps a Gitea failure to the CLI's exit codes: 4 conflict (nothing overwritten), a usage error for configuration, 1 otherwise. */
export function giteaFailure(command: string, err: unknown): never {
  if (err instanceof GiteaError) {
    if (err.kind === 'config') throw new UsageError(`${command}: ${err.line}`);
    throw new UserError(`${command}: ${err.line}`, err.kind === 'conflict' ? 4 : 1);
  }
  throw err;
}

/**
 * The Gitea client for a live command, through the one context; warnings (a loose credentials file)
 * go to stderr. Every body write a one-shot command makes through it is journaled in flight, in the
 * journal the console reads when it starts, as the console's own are: an `edit --issue` killed
 * between its PATCH and the answer shows there as "outcome unknown — verify", with the lines it sent.
 */
export async function openGitea(ctx: CliContext, values: LiveValues, issue: IssueRef | null = null): Promise<GiteaClient> {
  const command = ctx.command;
  const timeoutMs = timeoutFlag(command, values.timeout, DEFAULT_REQUEST_TIMEOUT_MS / 1000);
  try {
    const { client, creds } = await ctx.gitea({ ...values, issue }, { timeoutMs });
    for (const w of creds.warnings) writeErr(`${command}: warning: ${w}\n`);
    const journal = new Journal(journalPath(ctx.env), () => ({ kubeContext: null, giteaHost: new URL(client.http.baseUrl).host }));
    observeWrites(client, journalWrites(journal));
    return client;
  } catch (err) {
    return giteaFailure(command, err);
  }
}

export async function fetchIssue(client: GiteaClient, which: IssueRef, label = 'maintenance'): Promise<GiteaIssue> {
  if (which.number !== 'latest') return client.getIssue(which.number);
  const latest = await client.latestIssueWithLabel(label);
  if (!latest) throw new GiteaError('not-found', `no open issue labelled '${label}' in ${client.repoName}`);
  return latest;
}

const issueBody = (client: GiteaClient, issue: GiteaIssue): IssueBody => ({
  body: issue.body,
  label: `${client.repoName}#${issue.number}`,
  title: issue.title,
});

/** The live BodySource for `plan`: one read of the issue. */
export function giteaBodySource(ctx: CliContext, values: LiveValues & { issue: string }): BodySource {
  const which = issueSelector(ctx.command, values.issue);
  return {
    async load() {
      const client = await openGitea(ctx, values, which);
      try {
        return issueBody(client, await fetchIssue(client, which, ctx.config.gitea.maintenanceLabel));
      } catch (err) {
        return giteaFailure(ctx.command, err);
      } finally {
        await client.close();
      }
    },
  };
}

/**
 * `edit --issue N`: builds the edit from the issue as read now, then writes it with the
 * conflict-safe writer (re-read and re-applied on the server's freshest body). Prints one line.
 */
export async function runLiveEdit(
  ctx: CliContext,
  values: LiveValues & { issue: string },
  build: (a: Analysis, source: IssueBody) => BodyEdit,
): Promise<number> {
  const command = ctx.command;
  const which = issueSelector(command, values.issue);
  const client = await openGitea(ctx, values, which);
  try {
    const version = await client.serverVersion();
    const issue = await fetchIssue(client, which, ctx.config.gitea.maintenanceLabel);
    const source = issueBody(client, issue);
    const edit = build(analyseMaintenanceBody(command, source), source);
    const mode: EditMode = editModeForVersion(version) === 'content-version' && issue.content_version !== undefined ? 'content-version' : 'last-writer-wins';
    const result = await writeBodyEdit(client, issue.number, edit, { mode });
    if (result.outcome === 'conflict') {
      // "Nothing was overwritten" only when it is known: an unguarded write of an earlier attempt may have landed.
      const what = result.wrote
        ? 'an earlier attempt of this edit was written without a guard (last writer wins); check the issue history'
        : 'nothing was overwritten';
      throw new UserError(`${command}: ${source.label}: ${result.conflict}; ${what}`, 4);
    }
    // One-shot commands attach no offline queue; should one ever be attached, say so rather than claim a write.
    if (result.outcome === 'queued')
      throw new UserError(`${command}: ${source.label}: Gitea unreachable (${result.reason}); the edit was queued, not written`, 1);
    for (const late of result.lateWrites ?? []) {
      writeErr(
        `${command}: ${source.label}: a late write removed ${late.lines.length} saved line(s); ${late.restored ? 'put back' : 'the issue changed again, so they were not written back'}: ${late.lines[0] ?? ''}\n`,
      );
    }
    if (!edit.isApplied(result.body)) throw new UserError(`${command}: ${source.label}: the edit is not in the body after writing it`, 1);
    const how = mode === 'content-version' ? 'content_version checked' : 'last writer wins, verified after writing';
    const what = result.changed ? 'edited' : 'already in place';
    writeOut(`${source.label}: ${what} (${how}; ${result.attempts} attempt${result.attempts === 1 ? '' : 's'})\n`);
    return 0;
  } catch (err) {
    return giteaFailure(command, err);
  } finally {
    await client.close();
  }
}
