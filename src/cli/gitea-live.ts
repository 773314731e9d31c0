import os from 'node:os';
import type { BodyEdit } from '../domain/issue/types.js';
import type { Analysis } from '../domain/issue/parse.js';
import { writeBodyEdit } from '../services/gitea/body-writer.js';
import { GiteaClient } from '../services/gitea/client.js';
import { resolveGiteaCredentials } from '../services/gitea/credentials.js';
import { editModeForVersion } from '../services/gitea/edit-mode.js';
import { GiteaError } from '../services/gitea/errors.js';
import { DEFAULT_REQUEST_TIMEOUT_MS } from '../services/gitea/http.js';
import type { GiteaIssue } from '../services/gitea/schemas.js';
import type { EditMode } from '../store/issue-store.js';
import { issueNumberFlag, timeoutFlag } from './args.js';
import { UserError } from './errors.js';
import { analyseMaintenanceBody, type BodySource, type IssueBody } from './issue-body.js';
import { writeErr, writeOut } from './output.js';

/** Flags every live (Gitea) command takes. */
export const LIVE_OPTIONS = {
  issue: { type: 'string' },
  repo: { type: 'string' },
  url: { type: 'string' },
  token: { type: 'string' },
  login: { type: 'string' },
  timeout: { type: 'string' },
} as const;

export const LIVE_USAGE = `Live mode (Gitea):
  --issue [N]        the issue number; without N, the newest open issue labelled 'maintenance'
  --repo OWNER/NAME  the repository (default: GITEA_REPO, else the cwd's git remote on that host)
  --url URL          the Gitea URL (default: GITEA_URL / GITEA_INSTANCE_URL, ~/.config/gitea/.env, tea)
  --token TOKEN      an access token (prefer GITEA_TOKEN: flags end up in shell history)
  --login NAME       which tea login to use
  --timeout SECONDS  per request to Gitea (default 10; at most a day)`;

interface LiveValues {
  issue?: string;
  repo?: string;
  url?: string;
  token?: string;
  login?: string;
  timeout?: string;
}

/** `--issue` given last or followed by another flag means "the latest": parseArgs needs a value. */
export function normaliseIssueFlag(argv: string[]): string[] {
  return argv.flatMap((arg, i) => (arg === '--issue' && (i === argv.length - 1 || argv[i + 1]!.startsWith('--')) ? ['--issue=latest'] : [arg]));
}

export function issueSelector(command: string, value: string): number | 'latest' {
  if (value === 'latest' || value === '') return 'latest';
  return issueNumberFlag(command, value);
}

/** Maps a Gitea failure to the CLI's exit codes: 4 conflict (nothing overwritten), 2 configuration, 1 otherwise. */
export function giteaFailure(command: string, err: unknown): never {
  if (err instanceof GiteaError) {
    const code = err.kind === 'conflict' ? 4 : err.kind === 'config' ? 2 : 1;
    throw new UserError(`${command}: ${err.line}`, code);
  }
  throw err;
}

export async function openGitea(command: string, values: LiveValues): Promise<GiteaClient> {
  const timeoutMs = timeoutFlag(command, values.timeout, DEFAULT_REQUEST_TIMEOUT_MS / 1000);
  try {
    const creds = await resolveGiteaCredentials(
      { url: values.url, token: values.token, repo: values.repo, login: values.login },
      { env: process.env, home: process.env.HOME || os.homedir(), cwd: process.cwd() },
    );
    for (const w of creds.warnings) writeErr(`${command}: warning: ${w}\n`);
    if (!creds.repo) throw new GiteaError('config', 'no repository: pass --repo owner/name or set GITEA_REPO');
    return new GiteaClient({ baseUrl: creds.url, token: creds.token, repo: creds.repo, timeoutMs });
  } catch (err) {
    return giteaFailure(command, err);
  }
}

async function fetchIssue(client: GiteaClient, which: number | 'latest'): Promise<GiteaIssue> {
  if (which !== 'latest') return client.getIssue(which);
  const latest = await client.latestIssueWithLabel('maintenance');
  if (!latest) throw new GiteaError('not-found', `no open issue labelled 'maintenance' in ${client.repoName}`);
  return latest;
}

const issueBody = (client: GiteaClient, issue: GiteaIssue): IssueBody => ({
  body: issue.body,
  label: `${client.repoName}#${issue.number}`,
  title: issue.title,
});

/** The live BodySource for `plan`: one read of the issue. */
export function giteaBodySource(command: string, values: LiveValues & { issue: string }): BodySource {
  const which = issueSelector(command, values.issue);
  return {
    async load() {
      const client = await openGitea(command, values);
      try {
        return issueBody(client, await fetchIssue(client, which));
      } catch (err) {
        return giteaFailure(command, err);
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
  command: string,
  values: LiveValues & { issue: string },
  build: (a: Analysis, source: IssueBody) => BodyEdit,
): Promise<number> {
  const which = issueSelector(command, values.issue);
  const client = await openGitea(command, values);
  try {
    const version = await client.serverVersion();
    const issue = await fetchIssue(client, which);
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
