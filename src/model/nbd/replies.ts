// Transmission-phase replies: the 16-byte simple reply and the 20-byte structured reply chunk
// header with the payloads of each chunk type (doc/proto.md "Simple reply message",
// "Structured reply chunk message"). READ data is never copied into the header buffer: the
// encoders return the fixed prefix and the caller sends the data after it.
import { ByteWriter, decodeString, encodeString, lossyText, readU16, readU32, readU64 } from './bytes.js';
import { chunk, chunkErrorBit, headerBytes, simpleReplyMagic, structuredReplyMagic } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import type { NbdLimits } from './limits.js';

export function encodeSimpleReply(error: number, cookie: bigint): Uint8Array {
  return new ByteWriter(headerBytes.simpleReply).u32(simpleReplyMagic).u32(error).u64Big(cookie).finish();
}

export interface ChunkHeader {
  readonly flags: number;
  readonly type: number;
  readonly cookie: bigint;
  readonly length: number;
}

export function encodeChunkHeader(header: ChunkHeader): Uint8Array {
  return new ByteWriter(headerBytes.structuredReply).u32(structuredReplyMagic).u16(header.flags).u16(header.type)
    .u64Big(header.cookie).u32(header.length).finish();
}

export interface Extent {
  readonly lengthBytes: number;
  readonly flags: number;
}

/** A decoded chunk payload. Error chunks of unknown type keep their raw type (bit 15 set). */
export type ChunkBody =
  | { readonly type: 'none' }
  | { readonly type: 'offset-data'; readonly offset: number; readonly data: Uint8Array }
  | { readonly type: 'offset-hole'; readonly offset: number; readonly sizeBytes: number }
  | { readonly type: 'block-status'; readonly contextId: number; readonly extents: readonly Extent[] }
  | { readonly type: 'error'; readonly rawType: number; readonly errno: number; readonly message: string; readonly offset: number | null };

/** The complete chunk (header included) for a body; OFFSET_DATA data is appended by the caller. */
export function encodeChunk(flags: number, cookie: bigint, body: ChunkBody): Uint8Array {
  const payload = encodeChunkPayload(body);
  const dataBytes = body.type === 'offset-data' ? body.data.length : 0;
  const header = encodeChunkHeader({ flags, type: chunkTypeCode(body), cookie, length: payload.length + dataBytes });
  const out = new Uint8Array(header.length + payload.length);
  out.set(header, 0);
  out.set(payload, header.length);
  return out;
}

function chunkTypeCode(body: ChunkBody): number {
  switch (body.type) {
    case 'none': return chunk.none;
    case 'offset-data': return chunk.offsetData;
    case 'offset-hole': return chunk.offsetHole;
    case 'block-status': return chunk.blockStatus;
    case 'error': return body.rawType;
  }
}

function encodeChunkPayload(body: ChunkBody): Uint8Array {
  switch (body.type) {
    case 'none': return new Uint8Array(0);
    case 'offset-data': return new ByteWriter(8).u64(body.offset).finish();
    case 'offset-hole': return new ByteWriter(12).u64(body.offset).u32(body.sizeBytes).finish();
    case 'block-status': {
      const writer = new ByteWriter(4 + 8 * body.extents.length).u32(body.contextId);
      for (const extent of body.extents) writer.u32(extent.lengthBytes).u32(extent.flags);
      return writer.finish();
    }
    case 'error': {
      const message = encodeString(body.message);
      const writer = new ByteWriter(6 + message.length + (body.offset === null ? 0 : 8)).u32(body.errno).u16(message.length).raw(message);
      if (body.offset !== null) writer.u64(body.offset);
      return writer.finish();
    }
  }
}

export type ChunkResult = { readonly ok: true; readonly body: ChunkBody } | { readonly ok: false; readonly error: NbdError };

const malformed = (what: string, message: string): ChunkResult =>
  ({ ok: false, error: nbdError('malformed-chunk', `${what}: ${message}`) });

/** Decodes one chunk payload by type; every length is checked against the type's layout. */
export function decodeChunkPayload(type: number, payload: Uint8Array, limits: NbdLimits): ChunkResult {
  switch (type) {
    case chunk.none:
      return payload.length === 0 ? { ok: true, body: { type: 'none' } } : malformed('NONE', `length ${payload.length}, expected 0`);
    case chunk.offsetData:
      if (payload.length < 9) return malformed('OFFSET_DATA', `length ${payload.length}, expected at least 9`);
      return { ok: true, body: { type: 'offset-data', offset: readU64(payload, 0), data: payload.subarray(8) } };
    case chunk.offsetHole: {
      if (payload.length !== 12) return malformed('OFFSET_HOLE', `length ${payload.length}, expected 12`);
      const sizeBytes = readU32(payload, 8);
      if (sizeBytes === 0) return malformed('OFFSET_HOLE', 'hole size 0');
      return { ok: true, body: { type: 'offset-hole', offset: readU64(payload, 0), sizeBytes } };
    }
    case chunk.blockStatus:
      return decodeBlockStatus(payload, limits);
    default:
      if ((type & chunkErrorBit) !== 0) return decodeErrorChunk(type, payload, limits);
      return { ok: false, error: nbdError('unknown-chunk-type', `unknown non-error chunk type ${type}`) };
  }
}

function decodeBlockStatus(payload: Uint8Array, limits: NbdLimits): ChunkResult {
  if (payload.length < 12 || (payload.length - 4) % 8 !== 0) {
    return malformed('BLOCK_STATUS', `length ${payload.length} is not 4 + 8n with n ≥ 1`);
  }
  const count = (payload.length - 4) / 8;
  if (count > limits.extentsPerChunkMax) return malformed('BLOCK_STATUS', `${count} extents exceed ${limits.extentsPerChunkMax}`);
  const extents: Extent[] = [];
  for (let i = 0; i < count; i += 1) {
    const lengthBytes = readU32(payload, 4 + 8 * i);
    if (lengthBytes === 0) return malformed('BLOCK_STATUS', `extent ${i} has length 0`);
    extents.push({ lengthBytes, flags: readU32(payload, 8 + 8 * i) });
  }
  return { ok: true, body: { type: 'block-status', contextId: readU32(payload, 0), extents } };
}

/** ERROR (error, message length, message) and ERROR_OFFSET (the same plus an offset). */
function decodeErrorChunk(type: number, payload: Uint8Array, limits: NbdLimits): ChunkResult {
  if (payload.length < 6) return malformed('ERROR', `length ${payload.length}, expected at least 6`);
  const errno = readU32(payload, 0);
  if (errno === 0) return { ok: false, error: nbdError('zero-error-value', 'error chunk carries error value 0') };
  const messageBytes = readU16(payload, 4);
  const tail = type === chunk.errorOffset ? 8 : 0;
  const exact = type === chunk.error || type === chunk.errorOffset;
  if (6 + messageBytes + tail > payload.length || (exact && 6 + messageBytes + tail !== payload.length)) {
    return malformed('ERROR', `message length ${messageBytes} does not fit a payload of ${payload.length}`);
  }
  const raw = payload.subarray(6, 6 + messageBytes);
  const text = decodeString(raw, limits.stringBytesMax);
  const message = text.ok ? text.text : lossyText(raw);
  const offset = type === chunk.errorOffset ? readU64(payload, 6 + messageBytes) : null;
  return { ok: true, body: { type: 'error', rawType: type, errno, message, offset } };
}
