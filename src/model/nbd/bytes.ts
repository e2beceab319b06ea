// Big-endian field access for the NBD codec ("all numbers are in network byte order",
// doc/proto.md "Conventions"), over plain Uint8Array so that the model also runs in a browser.
// 64-bit lengths and offsets become JS numbers: exact up to 2^53, approximate (but still larger
// than any export we can serve, so still refused) above it. Cookies stay bigint: they are opaque
// and must be echoed bit for bit.
import { nbdError, type NbdError } from './errors.js';

const two32 = 2 ** 32;

export function readU16(bytes: Uint8Array, at: number): number {
  return ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (((bytes[at] ?? 0) << 24) >>> 0) + (((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0));
}

export function readU64(bytes: Uint8Array, at: number): number {
  return readU32(bytes, at) * two32 + readU32(bytes, at + 4);
}

export function readU64Big(bytes: Uint8Array, at: number): bigint {
  return (BigInt(readU32(bytes, at)) << 32n) | BigInt(readU32(bytes, at + 4));
}

/** The parts one after another in a new buffer (a message built from pieces, a stream from messages). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Writes fields in order into a buffer of known size; `finish` asserts the size was exact. */
export class ByteWriter {
  readonly bytes: Uint8Array;
  private at = 0;

  constructor(sizeBytes: number) {
    this.bytes = new Uint8Array(sizeBytes);
  }

  u16(value: number): this {
    assertUnsigned(value, 0xffff);
    this.bytes[this.at] = value >>> 8;
    this.bytes[this.at + 1] = value & 0xff;
    this.at += 2;
    return this;
  }

  u32(value: number): this {
    assertUnsigned(value, 0xffffffff);
    this.bytes[this.at] = value >>> 24;
    this.bytes[this.at + 1] = (value >>> 16) & 0xff;
    this.bytes[this.at + 2] = (value >>> 8) & 0xff;
    this.bytes[this.at + 3] = value & 0xff;
    this.at += 4;
    return this;
  }

  u64(value: number): this {
    assertUnsigned(value, Number.MAX_SAFE_INTEGER);
    return this.u32(Math.floor(value / two32)).u32(value % two32);
  }

  u64Big(value: bigint): this {
    if (value < 0n || value > 0xffffffffffffffffn) throw new RangeError(`not a u64: ${value}`);
    return this.u32(Number(value >> 32n)).u32(Number(value & 0xffffffffn));
  }

  raw(data: Uint8Array): this {
    this.bytes.set(data, this.at);
    this.at += data.length;
    return this;
  }

  finish(): Uint8Array {
    if (this.at !== this.bytes.length) throw new RangeError(`encoder wrote ${this.at} of ${this.bytes.length} bytes`);
    return this.bytes;
  }
}

function assertUnsigned(value: number, max: number): void {
  // Encoders receive our own values: a bad one is a bug in migsim, not peer input.
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`field value ${value} out of range`);
}

const utf8Encoder = new TextEncoder();

export function encodeString(text: string): Uint8Array {
  return utf8Encoder.encode(text);
}

export type StringResult = { readonly ok: true; readonly text: string } | { readonly ok: false; readonly error: NbdError };

/** A protocol string: UTF-8, no NUL, at most `bytesMax` bytes (doc/proto.md "Conventions"). */
export function decodeString(bytes: Uint8Array, bytesMax: number): StringResult {
  if (bytes.length > bytesMax) {
    return { ok: false, error: nbdError('invalid-string', `string of ${bytes.length} bytes exceeds ${bytesMax}`) };
  }
  if (bytes.includes(0)) return { ok: false, error: nbdError('invalid-string', 'string contains NUL') };
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, error: nbdError('invalid-string', 'string is not valid UTF-8') };
  }
}

/** Messages from peers are shown, never trusted: lossy decoding, clipped. */
export function lossyText(bytes: Uint8Array, charsMax = 200): string {
  const text = new TextDecoder('utf-8').decode(bytes.subarray(0, charsMax * 4));
  return text.length > charsMax ? text.slice(0, charsMax) + '…' : text;
}

export function hex(value: number | bigint, digits: number): string {
  return '0x' + value.toString(16).padStart(digits, '0');
}
