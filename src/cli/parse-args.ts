import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, with its errors turned into one-line usage errors (exit 2). */
export function parseCliArgs<O extends Options>(
  args: readonly string[],
  options: O,
  allowPositionals = false,
) {
  try {
    return parseArgs({ args: [...args], options, allowPositionals, strict: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0] ?? 'invalid arguments';
    throw new UsageError(`${message.replace(/\. To specify a positional argument.*$/, '')} (see --help)`);
  }
}

/** A required option's value, or a usage error naming it. */
export function requireOption(value: string | undefined, name: string, what: string): string {
  if (value === undefined || value === '')
    throw new UsageError(`--${name} is required: ${what} (see --help)`);
  return value;
}
