// Argument parsing on top of node:util's parseArgs, turning its exceptions into UsageError.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<O extends Options> {
  readonly values: { [K in keyof O]?: O[K] extends { type: 'boolean' } ? boolean
    : O[K] extends { multiple: true } ? string[] : string };
  readonly positionals: string[];
}

export function parse<O extends Options>(args: readonly string[], options: O, positionalsMax = 1): Parsed<O> {
  let result;
  try {
    result = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message.split('\n')[0] ?? String(error) : String(error));
  }
  if (result.positionals.length > positionalsMax) {
    throw new UsageError(`unexpected argument '${result.positionals[positionalsMax] ?? ''}'`);
  }
  return result as unknown as Parsed<O>;
}

export function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], what: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${what} must be one of ${allowed.join(', ')} (got '${value}')`);
}

export function integerOption(value: string | undefined, what: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^-?\d+$/.test(value)) throw new UsageError(`${what} must be an integer (got '${value}')`);
  return Number(value);
}
