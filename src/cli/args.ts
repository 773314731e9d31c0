import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs that reports mistakes as UsageError (exit 2) instead of throwing a TypeError. */
export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T, { positionals = false }: { positionals?: boolean } = {}) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: positionals });
  } catch (err) {
    const message = err instanceof Error ? err.message.split('\n')[0] : String(err);
    throw new UsageError(`${command}: ${message}`);
  }
}

/** Parses an integer flag value, or throws a UsageError naming the flag. */
export function intFlag(command: string, flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) throw new UsageError(`${command}: --${flag} takes a whole number, got '${value}'`);
  return Number(value);
}

/** The longest `--timeout` honoured: a day. Node timers overflow past 2^31-1 ms (~24.8 days) and fire at once. */
export const MAX_TIMEOUT_SECONDS = 86_400;

/**
 * `--timeout SECONDS` as milliseconds: a positive whole number (or decimal) of seconds, clamped to
 * MAX_TIMEOUT_SECONDS so no timer can overflow; `fallbackS` when absent.
 */
export function timeoutFlag(command: string, value: string | undefined, fallbackS: number): number {
  if (value === undefined) return fallbackS * 1000;
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`${command}: --timeout takes a number of seconds above 0, got '${value}'`);
  return Math.round(Math.min(Number(value), MAX_TIMEOUT_SECONDS) * 1000);
}

/** An issue number as Gitea numbers them: 1 or more, at most 15 digits; checked before any request. */
export function issueNumberFlag(command: string, value: string): number {
  const digits = value.replace(/^#/, '');
  if (!/^\d{1,15}$/.test(digits) || Number(digits) < 1)
    throw new UsageError(`${command}: --issue takes an issue number (1 or more), #N or the issue's URL, got '${value.slice(0, 40)}'`);
  return Number(digits);
}

/** What `--issue` named: a number (or the newest maintenance issue), and from a URL its Gitea and repository. */
export interface IssueRef {
  number: number | 'latest';
  /** The Gitea base URL when the issue was given as its URL (`https://git.lan/ops/homelab/issues/42` → `https://git.lan`). */
  url: string | null;
  /** `owner/name` when the issue was given as its URL. */
  repo: string | null;
}

/**
 * `--issue N`, `#N`, or the issue's URL as the browser shows it (a Gitea under a sub-path too:
 * `https://host/git/ops/homelab/issues/42`); `latest` (the flag without a value) is the newest open
 * maintenance issue. Checked before any request.
 */
export function issueRefFlag(command: string, value: string): IssueRef {
  if (value === 'latest' || value === '') return { number: 'latest', url: null, repo: null };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new UsageError(`${command}: --issue: '${value.slice(0, 80)}' is not a URL`);
    }
    const m = /^(.*)\/([^/]+)\/([^/]+)\/issues\/(\d{1,15})\/?$/.exec(url.pathname);
    if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !m)
      throw new UsageError(`${command}: --issue takes N, #N or an issue URL like https://gitea.lan/owner/repo/issues/N, got '${value.slice(0, 80)}'`);
    const number = issueNumberFlag(command, m[4]!);
    return { number, url: `${url.origin}${m[1]}`, repo: `${decodeURIComponent(m[2]!)}/${decodeURIComponent(m[3]!)}` };
  }
  return { number: issueNumberFlag(command, value), url: null, repo: null };
}
