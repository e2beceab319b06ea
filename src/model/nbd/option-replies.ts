// The bodies of option replies as a client reads them: NBD_REP_SERVER, NBD_REP_INFO (with its
// NBD_INFO_* payloads) and NBD_REP_META_CONTEXT (doc/proto.md "Option reply types"). Each
// length is fixed or bounded by the NBD protocol; a reply of the wrong shape is a coded error.
import { ByteWriter, decodeString, encodeString, readU16, readU32, readU64 } from './bytes.js';
import { info } from './constants.js';
import { nbdError } from './errors.js';
import type { NbdLimits } from './limits.js';
import type { BodyResult } from './options.js';

/** NBD_REP_SERVER data: name length (4), name, then optional description text. */
export interface ServerEntry {
  readonly name: string;
  readonly description: string;
}

export function encodeServerEntry(entry: ServerEntry): Uint8Array {
  const name = encodeString(entry.name);
  const description = encodeString(entry.description);
  return new ByteWriter(4 + name.length + description.length).u32(name.length).raw(name).raw(description).finish();
}

/** NBD_REP_META_CONTEXT data: context id (4) and name. */
export interface MetaContextEntry {
  readonly id: number;
  readonly name: string;
}

export function encodeMetaContextEntry(entry: MetaContextEntry): Uint8Array {
  const name = encodeString(entry.name);
  return new ByteWriter(4 + name.length).u32(entry.id).raw(name).finish();
}

export type InfoItem =
  | { readonly type: 'export'; readonly sizeBytes: number; readonly transmissionFlags: number }
  | { readonly type: 'name'; readonly name: string }
  | { readonly type: 'description'; readonly text: string }
  | { readonly type: 'block-size'; readonly minimumBytes: number; readonly preferredBytes: number; readonly payloadBytesMax: number }
  | { readonly type: 'unknown'; readonly infoType: number; readonly data: Uint8Array };

export function encodeInfoItem(item: InfoItem): Uint8Array {
  switch (item.type) {
    case 'export':
      return new ByteWriter(12).u16(info.export).u64(item.sizeBytes).u16(item.transmissionFlags).finish();
    case 'name': {
      const name = encodeString(item.name);
      return new ByteWriter(2 + name.length).u16(info.name).raw(name).finish();
    }
    case 'description': {
      const text = encodeString(item.text);
      return new ByteWriter(2 + text.length).u16(info.description).raw(text).finish();
    }
    case 'block-size':
      return new ByteWriter(14).u16(info.blockSize).u32(item.minimumBytes).u32(item.preferredBytes)
        .u32(item.payloadBytesMax).finish();
    case 'unknown':
      return new ByteWriter(2 + item.data.length).u16(item.infoType).raw(item.data).finish();
  }
}

const bad = <T>(what: string, message: string): BodyResult<T> =>
  ({ ok: false, error: nbdError('malformed-option-reply', `${what}: ${message}`) });

export function decodeInfoItem(data: Uint8Array, limits: NbdLimits): BodyResult<InfoItem> {
  if (data.length < 2) return bad('REP_INFO', `${data.length} bytes, shorter than the info type`);
  const infoType = readU16(data, 0);
  const body = data.subarray(2);
  switch (infoType) {
    case info.export:
      if (data.length !== 12) return bad('INFO_EXPORT', `length ${data.length}, expected 12`);
      return { ok: true, value: { type: 'export', sizeBytes: readU64(data, 2), transmissionFlags: readU16(data, 10) } };
    case info.name:
    case info.description: {
      const text = decodeString(body, limits.stringBytesMax);
      if (!text.ok) return bad(infoType === info.name ? 'INFO_NAME' : 'INFO_DESCRIPTION', text.error.message);
      return { ok: true, value: infoType === info.name ? { type: 'name', name: text.text } : { type: 'description', text: text.text } };
    }
    case info.blockSize:
      if (data.length !== 14) return bad('INFO_BLOCK_SIZE', `length ${data.length}, expected 14`);
      return blockSizeItem(readU32(data, 2), readU32(data, 6), readU32(data, 10));
    default:
      // Unknown info types are allowed: "the client MUST ignore" them (doc/proto.md "NBD_REP_INFO").
      return { ok: true, value: { type: 'unknown', infoType, data: body.slice() } };
  }
}

/** Validates block-size constraints (doc/proto.md "Block size constraints"). */
function blockSizeItem(minimumBytes: number, preferredBytes: number, payloadBytesMax: number): BodyResult<InfoItem> {
  const powerOfTwo = (n: number): boolean => n > 0 && (n & (n - 1)) === 0;
  if (!powerOfTwo(minimumBytes) || minimumBytes > 65536) return bad('INFO_BLOCK_SIZE', `minimum ${minimumBytes} is not a power of 2 ≤ 64 KiB`);
  if (!powerOfTwo(preferredBytes) || preferredBytes < Math.max(minimumBytes, 512)) {
    return bad('INFO_BLOCK_SIZE', `preferred ${preferredBytes} is not a power of 2 ≥ max(minimum, 512)`);
  }
  if (payloadBytesMax !== 0xffffffff && (payloadBytesMax < preferredBytes || payloadBytesMax % minimumBytes !== 0)) {
    return bad('INFO_BLOCK_SIZE', `maximum payload ${payloadBytesMax} is below preferred or not a multiple of minimum`);
  }
  return { ok: true, value: { type: 'block-size', minimumBytes, preferredBytes, payloadBytesMax } };
}

export function decodeServerEntry(data: Uint8Array, limits: NbdLimits): BodyResult<ServerEntry> {
  if (data.length < 4) return bad('REP_SERVER', `${data.length} bytes, shorter than the name length`);
  const nameBytes = readU32(data, 0);
  if (nameBytes > data.length - 4) return bad('REP_SERVER', `name length ${nameBytes} overruns the data`);
  const name = decodeString(data.subarray(4, 4 + nameBytes), limits.stringBytesMax);
  if (!name.ok) return bad('REP_SERVER', name.error.message);
  const description = decodeString(data.subarray(4 + nameBytes), limits.stringBytesMax);
  if (!description.ok) return bad('REP_SERVER description', description.error.message);
  return { ok: true, value: { name: name.text, description: description.text } };
}

export function decodeMetaContextEntry(data: Uint8Array, limits: NbdLimits): BodyResult<MetaContextEntry> {
  if (data.length < 4) return bad('REP_META_CONTEXT', `${data.length} bytes, shorter than the context id`);
  const name = decodeString(data.subarray(4), limits.stringBytesMax);
  if (!name.ok) return bad('REP_META_CONTEXT', name.error.message);
  return { ok: true, value: { id: readU32(data, 0), name: name.text } };
}
