// Byte-level mutations of a cookie (AFL-style): flips, interesting bytes, insertions of
// dictionary tokens and invalid UTF-8, deletions and duplications. Positions are fractions of
// the input length so that a list of edits shrinks well and applies to any input.
import fc from 'fast-check';
import { concatBytes } from '../../model/nbd/bytes.js';

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

export type ByteEdit =
  | { readonly kind: 'flip-bit'; readonly at: number; readonly bit: number }
  | { readonly kind: 'set-byte'; readonly at: number; readonly value: number }
  | { readonly kind: 'insert'; readonly at: number; readonly bytes: readonly number[] }
  | { readonly kind: 'delete'; readonly at: number; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: number; readonly length: number };

/** Tokens that reach interesting parser states when spliced into a cookie. */
export const cookieDictionary: readonly string[] = [
  '<nbd>', '<nbd/>', "<nbd port='1'/>", '</nbd>', "<disk target='vda' capacity='1'/>", "port='", "capacity='-1'",
  "<feature name='nbd'/>", "<feature name='x'/>", '<name>', '</name>', '<uuid>', '<hostuuid>', '&amp;', '&lt;',
  '&#0;', '&#x110000;', '&x;', '<![CDATA[', ']]>', '<!--', '-->', '<?xml version="1.0"?>', '<!DOCTYPE a>',
  '<!ENTITY e "x">', 'xmlns="urn:x"', 'xmlns:a="urn:a"', '<a:nbd/>', '__proto__', '\u0000', '\'"', '<', '>', '/>',
];

const interestingBytes = [0x00, 0x01, 0x09, 0x0a, 0x0d, 0x20, 0x22, 0x26, 0x27, 0x2d, 0x2f, 0x3c, 0x3e, 0x7f, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef, 0xf4, 0xf8, 0xff];

/** Byte sequences that are not valid UTF-8 (overlong, surrogate, truncated, out of range). */
const invalidUtf8: readonly (readonly number[])[] = [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0xf4, 0x90, 0x80, 0x80], [0xff], [0xfe, 0xff]];

const encoder = new TextEncoder();

/** A position expressed as parts per million of the input length. */
const position = fc.integer({ min: 0, max: 1_000_000 });

export const byteEditArbitrary: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ kind: fc.constant('flip-bit' as const), at: position, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set-byte' as const), at: position, value: fc.constantFrom(...interestingBytes) }),
  fc.record({
    kind: fc.constant('insert' as const), at: position,
    bytes: fc.oneof(
      fc.constantFrom(...cookieDictionary).map((token) => [...encoder.encode(token)]),
      fc.constantFrom(...invalidUtf8),
      fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
    ),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 256 }) }),
);

export const byteEditsArbitrary: fc.Arbitrary<readonly ByteEdit[]> = fc.array(byteEditArbitrary, { minLength: 1, maxLength: 6 });

function offset(at: number, length: number): number {
  return Math.min(length, Math.floor((at / 1_000_000) * (length + 1)));
}

export function applyByteEdit(input: Uint8Array, edit: ByteEdit): Uint8Array {
  const at = offset(edit.at, input.length);
  switch (edit.kind) {
    case 'flip-bit': {
      if (input.length === 0) return input;
      const out = input.slice();
      const index = Math.min(at, input.length - 1);
      out[index] = (out[index] ?? 0) ^ (1 << edit.bit);
      return out;
    }
    case 'set-byte': {
      if (input.length === 0) return Uint8Array.of(edit.value);
      const out = input.slice();
      out[Math.min(at, input.length - 1)] = edit.value;
      return out;
    }
    case 'insert':
      return concat(input.subarray(0, at), Uint8Array.from(edit.bytes), input.subarray(at));
    case 'delete':
      return concat(input.subarray(0, at), input.subarray(Math.min(input.length, at + edit.length)));
    case 'duplicate': {
      const slice = input.subarray(at, Math.min(input.length, at + edit.length));
      return concat(input.subarray(0, at), slice, slice, input.subarray(at + slice.length));
    }
  }
}

export function applyByteEdits(input: Uint8Array, edits: readonly ByteEdit[]): Uint8Array {
  return edits.reduce(applyByteEdit, input);
}

