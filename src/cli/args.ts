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
    throw new UsageError(`${command}: --issue takes an issue number (1 or more), got '${value.slice(0, 40)}'`);
  return Number(digits);
}
