// Transmission-phase requests: the 28-byte compact header (doc/proto.md "Request message").
// WRITE carries `length` payload bytes after the header; no other command has a payload.
import { ByteWriter, hex, readU16, readU32, readU64, readU64Big } from './bytes.js';
import { command, extendedRequestMagic, headerBytes, requestMagic } from './constants.js';
import { nbdError, type NbdError } from './errors.js';

export interface NbdRequest {
  readonly flags: number;
  readonly type: number;
  /** Opaque; unique among requests in flight (formerly "handle"). */
  readonly cookie: bigint;
  readonly offset: number;
  readonly length: number;
}

export function encodeRequestHeader(request: NbdRequest): Uint8Array {
  return new ByteWriter(headerBytes.request).u32(requestMagic).u16(request.flags).u16(request.type)
    .u64Big(request.cookie).u64(request.offset).u32(request.length).finish();
}

export type RequestHeaderResult =
  | { readonly ok: true; readonly request: NbdRequest }
  | { readonly ok: false; readonly error: NbdError };

export function decodeRequestHeader(bytes: Uint8Array): RequestHeaderResult {
  const magic = readU32(bytes, 0);
  if (magic === extendedRequestMagic) {
    return { ok: false, error: nbdError('extended-headers-unsupported', 'extended request header without NBD_OPT_EXTENDED_HEADERS') };
  }
  if (magic !== requestMagic) return { ok: false, error: nbdError('bad-magic', `expected request magic, got ${hex(magic, 8)}`) };
  return {
    ok: true,
    request: { flags: readU16(bytes, 4), type: readU16(bytes, 6), cookie: readU64Big(bytes, 8), offset: readU64(bytes, 16), length: readU32(bytes, 24) },
  };
}

export function hasPayload(request: Pick<NbdRequest, 'type'>): boolean {
  return request.type === command.write;
}

const commandNames: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(command).map(([name, code]) => [code, name]),
);

export function commandName(type: number): string {
  return commandNames[type] ?? `command-${type}`;
}
