import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** parseArgs that reports mistakes as UsageError (exit 2) instead of throwing a TypeError. */
export function parseCommandArgs<T extends Options>(
  command: string,
  argv: string[],
  options: T,
  { positionals = false }: { positionals?: boolean } = {},
) {
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
