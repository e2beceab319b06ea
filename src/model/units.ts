// Quantities as people write them on a command line: sizes (`10GiB`, `64K`, `1e9`), rates
// (`1GiB/s`, `100MiB/s`, `10Gbit/s`, `800Mbps`) and durations (`1ms`, `10s`, `5m`, `1h30m`).
// Parsing never throws on user input: it returns a typed result whose error says what was wrong.
//
// Conventions (documented in docs/stream.md):
// - `KiB`/`MiB`/... are binary; `kB`/`MB`/... are decimal (SI); a bare `K`/`M`/`G`/`T`/`P` is
//   binary, as in qemu-img and QEMU's size options (`buf-size=16M`).
// - In rates, `b`/`bit`/`bps` mean bits (`Gbit/s`, `Gb/s`, `Gbps` are decimal gigabits per second,
//   as network links are sold); `B` means bytes.
// - Durations need a unit (a bare `1` is ambiguous between seconds and milliseconds).

export type UnitErrorCode = 'empty' | 'not-a-number' | 'unknown-unit' | 'missing-unit' | 'negative' | 'not-whole' | 'too-large';

export interface UnitError {
  readonly code: UnitErrorCode;
  readonly message: string;
  readonly input: string;
}

export type UnitResult = { readonly ok: true; readonly value: number } | { readonly ok: false; readonly error: UnitError };

const kibi = 1024;
const binaryPrefixes: Readonly<Record<string, number>> = { '': 1, k: kibi, m: kibi ** 2, g: kibi ** 3, t: kibi ** 4, p: kibi ** 5 };
const decimalPrefixes: Readonly<Record<string, number>> = { '': 1, k: 1e3, m: 1e6, g: 1e9, t: 1e12, p: 1e15 };

/** A number with an optional exponent, then an optional unit (spaces allowed between). */
const quantityPattern = /^([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e([+-]?[0-9]+))?\s*(.*)$/i;

function fail(code: UnitErrorCode, input: string, message: string): UnitResult {
  return { ok: false, error: { code, message, input } };
}

interface Split {
  readonly number: number;
  readonly unit: string;
}

function split(input: string, what: string): Split | UnitResult {
  const text = input.trim();
  if (text === '') return fail('empty', input, `${what} is empty`);
  if (text.startsWith('-')) return fail('negative', input, `${what} cannot be negative: '${input}'`);
  const match = quantityPattern.exec(text);
  if (!match) return fail('not-a-number', input, `${what} must start with a number: '${input}'`);
  const [, mantissa = '', exponent, unit = ''] = match;
  const number = Number(exponent === undefined ? mantissa : `${mantissa}e${exponent}`);
  if (!Number.isFinite(number)) return fail('too-large', input, `${what} is too large: '${input}'`);
  return { number, unit };
}

function isSplit(value: Split | UnitResult): value is Split {
  return 'number' in value;
}

/** The multiplier of a byte-size unit such as `GiB`, `MB`, `K`, `B` or `` (bytes); null if unknown. */
function sizeMultiplier(unit: string): number | null {
  // Case matters only for the last letter: `B` is bytes, `b` would be bits (refused for sizes).
  const match = /^([kmgtp]?)(i?)(B|bytes?)?$/i.exec(unit);
  if (!match) return null;
  const [, prefix = '', binary = '', base = ''] = match;
  if (base === 'b') return null;
  const table = binary !== '' || base === '' ? binaryPrefixes : decimalPrefixes;
  return table[prefix.toLowerCase()] ?? null;
}

function whole(value: number, input: string, what: string): UnitResult {
  if (value > Number.MAX_SAFE_INTEGER) return fail('too-large', input, `${what} is too large: '${input}'`);
  // Decimal fractions of binary units carry float noise (`1.1KiB`), so allow a hair of slack.
  const rounded = Math.round(value);
  if (Math.abs(value - rounded) > 1e-9 * Math.max(1, value)) return fail('not-whole', input, `${what} is not a whole number of bytes: '${input}'`);
  return { ok: true, value: rounded };
}

/** Parses a size in bytes: `10GiB`, `64KiB`, `16M`, `1.5 GiB`, `1e9`, `4096`. */
export function parseSize(input: string): UnitResult {
  const parts = split(input, 'size');
  if (!isSplit(parts)) return parts;
  const multiplier = sizeMultiplier(parts.unit);
  if (multiplier === null) return fail('unknown-unit', input, `unknown size unit '${parts.unit}' in '${input}' (use B, KiB, MiB, GiB, TiB, K, M, G, kB, MB, GB)`);
  return whole(parts.number * multiplier, input, 'size');
}

/** The bytes per second of a rate unit such as `MiB/s`, `Gbit/s`, `Gbps`, `MB/s`; null if unknown. */
function rateMultiplier(unit: string): number | null {
  // `b`/`bit` (bits) and `B` (bytes) differ only in case, so only the prefix is case-insensitive.
  const match = /^([kKmMgGtTpP]?)(i?)(bits?|bytes?|b|B)?(?:\/s|\/sec|ps)$/.exec(unit);
  if (!match) return null;
  const [, prefix = '', binary = '', base = ''] = match;
  const bits = base === 'b' || base.startsWith('bit');
  // Without `i`, a prefix is decimal for bits and for `MB/s`; a bare `M/s` is binary like `16M`.
  const table = binary !== '' || base === '' ? binaryPrefixes : decimalPrefixes;
  const factor = table[prefix.toLowerCase()];
  if (factor === undefined) return null;
  return bits ? factor / 8 : factor;
}

/** Parses a rate in bytes per second: `1GiB/s`, `100MiB/s`, `10Gbit/s`, `800Mbit/s`, `1Gbps`, `125MB/s`, `1e9`. */
export function parseRate(input: string): UnitResult {
  const parts = split(input, 'rate');
  if (!isSplit(parts)) return parts;
  if (parts.unit === '') return { ok: true, value: parts.number };
  const multiplier = rateMultiplier(parts.unit);
  if (multiplier === null) return fail('unknown-unit', input, `unknown rate unit '${parts.unit}' in '${input}' (use B/s, MiB/s, GiB/s, MB/s, Mbit/s, Gbit/s, Gbps)`);
  const value = parts.number * multiplier;
  if (!Number.isFinite(value) || value > Number.MAX_SAFE_INTEGER) return fail('too-large', input, `rate is too large: '${input}'`);
  return { ok: true, value };
}

const durationUnitsNs: Readonly<Record<string, number>> = {
  ns: 1, us: 1e3, 'µs': 1e3, ms: 1e6, s: 1e9, sec: 1e9, m: 60e9, min: 60e9, h: 3600e9, d: 86400e9,
};

/** Parses a duration into integer nanoseconds: `1ms`, `250us`, `10s`, `5m`, `1.5h`, `1h30m`. */
export function parseDurationNs(input: string): UnitResult {
  const text = input.trim();
  if (text === '') return fail('empty', input, 'duration is empty');
  if (text.startsWith('-')) return fail('negative', input, `duration cannot be negative: '${input}'`);
  const termPattern = /([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:e([+-]?[0-9]+))?\s*([a-zµ]*)\s*/giy;
  let totalNs = 0;
  let consumed = 0;
  for (let match = termPattern.exec(text); match !== null && match[0] !== ''; match = termPattern.exec(text)) {
    const [, mantissa = '', exponent, unit = ''] = match;
    if (unit === '') return fail('missing-unit', input, `duration needs a unit (ns, us, ms, s, m, h): '${input}'`);
    const unitNs = durationUnitsNs[unit.toLowerCase()];
    if (unitNs === undefined) return fail('unknown-unit', input, `unknown duration unit '${unit}' in '${input}' (use ns, us, ms, s, m, h, d)`);
    totalNs += Number(exponent === undefined ? mantissa : `${mantissa}e${exponent}`) * unitNs;
    consumed = termPattern.lastIndex;
  }
  if (consumed === 0) return fail('not-a-number', input, `duration must start with a number: '${input}'`);
  if (consumed !== text.length) return fail('unknown-unit', input, `cannot read '${text.slice(consumed)}' in duration '${input}'`);
  if (!Number.isFinite(totalNs) || totalNs > Number.MAX_SAFE_INTEGER) return fail('too-large', input, `duration is too large: '${input}'`);
  return { ok: true, value: Math.round(totalNs) };
}

/** `1.50 GiB`, `64.0 KiB`, `512 B`: binary units, three significant digits. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  if (unit === 0) return `${Math.round(value)} B`;
  return `${threeDigits(value)} ${units[unit] ?? ''}`;
}

/** `1.00 GiB/s`, `95.4 MiB/s`. */
export function formatRate(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

/** `850 µs`, `12.5 ms`, `16.2 s`, `2 min 05 s`, `1 h 02 min`. */
export function formatDurationNs(ns: number): string {
  if (ns < 1e3) return `${Math.round(ns)} ns`;
  if (ns < 1e6) return `${threeDigits(ns / 1e3)} µs`;
  if (ns < 1e9) return `${threeDigits(ns / 1e6)} ms`;
  if (ns < 60e9) return `${threeDigits(ns / 1e9)} s`;
  const totalSeconds = Math.round(ns / 1e9);
  if (totalSeconds < 3600) return `${Math.floor(totalSeconds / 60)} min ${String(totalSeconds % 60).padStart(2, '0')} s`;
  const totalMinutes = Math.round(totalSeconds / 60);
  return `${Math.floor(totalMinutes / 60)} h ${String(totalMinutes % 60).padStart(2, '0')} min`;
}

function threeDigits(value: number): string {
  const magnitude = Math.abs(value);
  if (magnitude >= 100) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(1);
  return value.toFixed(2);
}
