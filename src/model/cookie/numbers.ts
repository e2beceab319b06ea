// libvirt's number parsing (`virStrToLong_*` in src/util/virstring.c): base 10, C `isspace`
// skipped in front, an optional sign, at least one digit, and the whole string consumed.
// The unsigned variant wraps a negative value around (two's complement), the `p` variant
// refuses any minus sign. BigInt keeps 64-bit values exact.

const int32Min = -(2n ** 31n);
const int32Max = 2n ** 31n - 1n;
const int64Min = -(2n ** 63n);
const int64Max = 2n ** 63n - 1n;
const uint64Max = 2n ** 64n - 1n;
/** More significant digits than this cannot fit in 64 bits; avoids BigInt work on huge inputs. */
const digitsMax = 20;

interface Scanned {
  readonly negative: boolean;
  readonly magnitude: bigint;
}

function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

/** The strtol-style scan: null when no digits or trailing characters, or when it overflows 64 bits. */
function scanDecimal(text: string): Scanned | null {
  let pos = 0;
  while (pos < text.length && isCSpace(text.charCodeAt(pos))) pos += 1;
  let negative = false;
  const sign = text.charCodeAt(pos);
  if (sign === 0x2b || sign === 0x2d) {
    negative = sign === 0x2d;
    pos += 1;
  }
  const digits = text.slice(pos);
  if (!/^[0-9]+$/.test(digits)) return null;
  const significant = digits.replace(/^0+/, '');
  if (significant.length > digitsMax) return null;
  const magnitude = significant === '' ? 0n : BigInt(significant);
  return magnitude > uint64Max ? null : { negative, magnitude };
}

function signed(text: string, min: bigint, max: bigint): bigint | null {
  const scanned = scanDecimal(text);
  if (!scanned) return null;
  const value = scanned.negative ? -scanned.magnitude : scanned.magnitude;
  // strtol/strtoll saturate and set ERANGE outside the 64-bit range; libvirt then refuses.
  if (value < int64Min || value > int64Max) return null;
  return value >= min && value <= max ? value : null;
}

/** `virStrToLong_i`: an `int`, or null when libvirt refuses the text. */
export function parseCInt(text: string): number | null {
  const value = signed(text, int32Min, int32Max);
  return value === null ? null : Number(value);
}

/** `virStrToLong_ll`. */
export function parseCLongLong(text: string): bigint | null {
  return signed(text, int64Min, int64Max);
}

/** `virStrToLong_ull`: negative values wrap around, so `-1` is 18446744073709551615. */
export function parseCULongLong(text: string): bigint | null {
  const scanned = scanDecimal(text);
  if (!scanned) return null;
  return scanned.negative ? (uint64Max + 1n - scanned.magnitude) & uint64Max : scanned.magnitude;
}

/** `virStrToLong_ullp`: like `virStrToLong_ull` but any minus sign is refused. */
export function parseCULongLongPositive(text: string): bigint | null {
  const scanned = scanDecimal(text);
  return scanned && !scanned.negative ? scanned.magnitude : null;
}

/** Whether a number the cookie carried was written with a minus sign (strict policy). */
export function hasMinusSign(text: string): boolean {
  return /^[\t\n\v\f\r ]*-/.test(text);
}
