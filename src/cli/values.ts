// What each kind of command-line value may be, in one place: sizes, rates and durations (read by
// src/model/units.ts), counts, fractions, choices, seeds, port ranges and lists. Each kind is a
// zod schema from the flag's text to its value; a refusal reads `'TEXT' is ...; expected ...`,
// and the command parser puts the flag in front (`--rtt: '-1' is negative; expected ...`).
import { z } from 'zod';
import { formatBytes, parseDurationNs, parseRate, parseSize, type UnitResult } from '../model/units.js';
import { parseSeed } from '../sim/prng.js';

export type Read<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly why: string };

export type ValueKind<T> = z.ZodType<T, string>;

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const no = (why: string): Read<never> => ({ ok: false, why });

/** A kind from a reader: `expected` says what is allowed, for the error line and the help. */
export function kind<T>(expected: string, read: (text: string) => Read<T>): ValueKind<T> {
  return z.string().transform((text, ctx) => {
    const result = read(text);
    if (result.ok) return result.value;
    ctx.addIssue({ code: 'custom', message: `'${text}' ${result.why}; expected ${expected}` });
    return z.NEVER;
  });
}

function fromUnits(result: UnitResult, what: string): Read<number> {
  if (result.ok) return ok(result.value);
  switch (result.error.code) {
    case 'empty': return no('is empty');
    case 'negative': return no('is negative');
    case 'too-large': return no('is too large');
    case 'not-whole': return no('is not a whole number of bytes');
    case 'missing-unit': return no('has no unit');
    default: return no(`is not a ${what}`);
  }
}

/** A size in bytes, at least `minBytes`. */
export function size(minBytes = 0, maxBytes = Number.MAX_SAFE_INTEGER): ValueKind<number> {
  const range = maxBytes < Number.MAX_SAFE_INTEGER ? `from ${formatBytes(minBytes)} to ${formatBytes(maxBytes)}` : `of at least ${formatBytes(minBytes)}`;
  return kind(`a size ${range}, e.g. 10GiB, 512MiB, 64K or 4096 (B, KiB, MiB, GiB, TiB; kB, MB, GB)`, (text) => {
    const read = fromUnits(parseSize(text), 'size');
    if (!read.ok) return read;
    if (read.value < minBytes) return no(minBytes === 1 ? 'is 0' : 'is too small');
    return read.value > maxBytes ? no('is too large') : read;
  });
}

/** A rate in bytes per second; `zero` says what 0 means, or null when 0 is refused. */
export function rate(zero: string | null): ValueKind<number> {
  const allowed = zero === null ? 'above 0' : `0 for ${zero}`;
  return kind(`a rate such as 1GiB/s, 100MiB/s, 10Gbit/s or 800Mbps (${allowed})`, (text) => {
    const read = fromUnits(parseRate(text), 'rate');
    if (!read.ok) return read;
    return read.value === 0 && zero === null ? no('is 0') : read;
  });
}

/**
 * A duration in nanoseconds. A bare `0` needs no unit (it is the same in every unit); `none`
 * (when `none` is given) reads as null. `minNs` 1 refuses zero.
 */
export function duration(options: { readonly minNs?: number; readonly none?: string } = {}): ValueKind<number | null> {
  const minNs = options.minNs ?? 0;
  const extras = [minNs === 0 ? '0' : null, options.none ? `'none' for ${options.none}` : null].filter((x) => x !== null);
  return kind(`a duration such as 1ms, 250us, 10s or 1h30m${extras.length > 0 ? ` (or ${extras.join(', or ')})` : ''}`, (text) => {
    if (options.none && text === 'none') return ok(null);
    const read = text.trim() === '0' ? ok(0) : fromUnits(parseDurationNs(text), 'duration');
    if (!read.ok) return read;
    return read.value < minNs ? no(read.value === 0 ? 'is 0' : 'is too short') : read;
  });
}

/** A duration that is never `none`. */
export function span(minNs = 0): ValueKind<number> {
  return duration({ minNs }).transform((ns) => ns ?? 0);
}

const shortUnits: readonly (readonly [unit: string, ns: number])[] = [['h', 3600e9], ['m', 60e9], ['s', 1e9], ['ms', 1e6], ['us', 1e3]];

/** `1h`, `90s`: a bound as a user would type it (the largest unit it is a whole number of). */
function shortDuration(ns: number): string {
  const [unit, unitNs] = shortUnits.find(([, size]) => ns >= size && ns % size === 0) ?? ['ns', 1];
  return `${ns / unitNs}${unit}`;
}

/**
 * A wall-clock bound in nanoseconds, from `minNs` to `maxNs` (a real run's timeout, a campaign's
 * time): unlike a simulated duration, 0 is never meant, so a bare number is refused for its unit.
 */
export function boundedDuration(minNs: number, maxNs = Number.MAX_SAFE_INTEGER): ValueKind<number> {
  const range = maxNs < Number.MAX_SAFE_INTEGER ? `from ${shortDuration(minNs)} to ${shortDuration(maxNs)}` : `of at least ${shortDuration(minNs)}`;
  return kind(`a duration ${range}, e.g. 90s, 5m or 1h30m`, (text) => {
    const read = fromUnits(parseDurationNs(text), 'duration');
    if (!read.ok) return read;
    if (read.value < minNs) return no('is too short');
    return read.value > maxNs ? no('is too long') : read;
  });
}

/** A whole number from `min` to `max`. */
export function count(min: number, max: number): ValueKind<number> {
  return kind(`a whole number from ${min} to ${max}`, (text) => {
    if (!/^-?\d{1,15}$/.test(text.trim())) return no('is not a whole number');
    const value = Number(text);
    return value < min || value > max ? no(value < 0 ? 'is negative' : 'is out of range') : ok(value);
  });
}

export function fraction(): ValueKind<number> {
  return kind('a number from 0 to 1, e.g. 0.25', (text) => {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) return no('is not a number');
    return value < 0 || value > 1 ? no('is out of range') : ok(value);
  });
}

export function choice<const T extends string>(values: readonly T[]): ValueKind<T> {
  return kind(`one of ${values.join(', ')}`, (text) => ((values as readonly string[]).includes(text) ? ok(text as T) : no('is not one of the choices')));
}

/** A seed: a non-negative whole number, or a git commit hash (TigerBeetle's VOPR: CI passes its commit). */
export function seed(): ValueKind<number> {
  return kind('a whole number from 0 to 9007199254740991, or a git commit hash (7 to 40 hex digits)', (text) => {
    if (text.trim().startsWith('-')) return no('is negative');
    const value = parseSeed(text.trim());
    return value === null ? no('is not a seed') : ok(value);
  });
}

/** Any non-empty text (a name, a file path, a version to be checked by its own reader). */
export function text(what = 'a non-empty value'): ValueKind<string> {
  return kind(what, (value) => (value.trim() === '' ? no('is empty') : ok(value)));
}

/** A comma-separated list of items of one kind (at most `itemsMax`). */
export function list<T>(what: string, readItem: (item: string) => Read<T>, itemsMax = 64): ValueKind<T[]> {
  return kind(`a comma-separated list of ${what}`, (value) => {
    const items = value.split(',').map((item) => item.trim()).filter((item) => item !== '');
    if (items.length === 0) return no('is empty');
    if (items.length > itemsMax) return no(`has more than ${itemsMax} items`);
    const out: T[] = [];
    for (const item of items) {
      const read = readItem(item);
      if (!read.ok) return no(items.length === 1 && item === value.trim() ? read.why : `has '${item}', which ${read.why}`);
      out.push(read.value);
    }
    return ok(out);
  });
}

const portPattern = /^\d{1,5}$/;

function port(text: string): Read<number> {
  const value = Number(text);
  return portPattern.test(text) && value >= 1 && value <= 65535 ? ok(value) : no('is not a port from 1 to 65535');
}

export function portList(): ValueKind<number[]> {
  return list('ports from 1 to 65535, e.g. 49152,49153', port, 1024);
}

export function portRange(): ValueKind<{ min: number; max: number }> {
  return kind('MIN-MAX with ports from 1 to 65535 and MIN <= MAX, e.g. 49152-49215', (value) => {
    const match = /^(\d{1,5})-(\d{1,5})$/.exec(value.trim());
    if (!match) return no('is not MIN-MAX');
    const [min, max] = [port(match[1] ?? ''), port(match[2] ?? '')];
    if (!min.ok || !max.ok) return no('has a port outside 1..65535');
    return min.value > max.value ? no('has MIN above MAX') : ok({ min: min.value, max: max.value });
  });
}
