// Option requests and option replies (doc/proto.md "Option haggling"), plus the bodies of the
// options migsim speaks: EXPORT_NAME, INFO/GO, LIST/SET_META_CONTEXT. Decoders of request
// bodies run in the server; a malformed body is answered with NBD_REP_ERR_INVALID, not a drop.
import { ByteWriter, decodeString, encodeString, readU16, readU32 } from './bytes.js';
import { headerBytes, ihaveoptMagic, option, optionReplyMagic, reply } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import type { NbdLimits } from './limits.js';

export function encodeOptionRequest(optionCode: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return new ByteWriter(headerBytes.optionRequest + data.length)
    .u64Big(ihaveoptMagic).u32(optionCode).u32(data.length).raw(data).finish();
}

export function encodeOptionReply(optionCode: number, replyType: number, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  return new ByteWriter(headerBytes.optionReply + data.length)
    .u64Big(optionReplyMagic).u32(optionCode).u32(replyType).u32(data.length).raw(data).finish();
}

export type BodyResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: NbdError };

const ok = <T>(value: T): BodyResult<T> => ({ ok: true, value });
const malformed = <T>(what: string, message: string): BodyResult<T> =>
  ({ ok: false, error: nbdError('malformed-option', `${what}: ${message}`) });

/** NBD_OPT_INFO / NBD_OPT_GO data: name length (4), name, count (2), count × info type (2). */
export interface InfoRequest {
  readonly exportName: string;
  readonly infoTypes: readonly number[];
}

export function encodeInfoRequest(request: InfoRequest): Uint8Array {
  const name = encodeString(request.exportName);
  const writer = new ByteWriter(4 + name.length + 2 + 2 * request.infoTypes.length).u32(name.length).raw(name);
  writer.u16(request.infoTypes.length);
  for (const type of request.infoTypes) writer.u16(type);
  return writer.finish();
}

export function decodeInfoRequest(data: Uint8Array, limits: NbdLimits): BodyResult<InfoRequest> {
  if (data.length < 6) return malformed('INFO/GO', `data of ${data.length} bytes is shorter than 6`);
  const nameBytes = readU32(data, 0);
  if (nameBytes > data.length - 6) return malformed('INFO/GO', `name length ${nameBytes} overruns the data`);
  const name = decodeString(data.subarray(4, 4 + nameBytes), limits.stringBytesMax);
  if (!name.ok) return { ok: false, error: nbdError('malformed-option', `INFO/GO: ${name.error.message}`) };
  const count = readU16(data, 4 + nameBytes);
  if (data.length !== 6 + nameBytes + 2 * count) {
    return malformed('INFO/GO', `${count} info requests do not fill ${data.length - 6 - nameBytes} bytes`);
  }
  const infoTypes = Array.from({ length: count }, (_, i) => readU16(data, 6 + nameBytes + 2 * i));
  return ok({ exportName: name.text, infoTypes });
}

/** LIST/SET_META_CONTEXT data: export name, query count, length-prefixed queries. */
export interface MetaContextRequest {
  readonly exportName: string;
  readonly queries: readonly string[];
}

export function encodeMetaContextRequest(request: MetaContextRequest): Uint8Array {
  const name = encodeString(request.exportName);
  const queries = request.queries.map(encodeString);
  const size = 4 + name.length + 4 + queries.reduce((sum, q) => sum + 4 + q.length, 0);
  const writer = new ByteWriter(size).u32(name.length).raw(name).u32(queries.length);
  for (const query of queries) writer.u32(query.length).raw(query);
  return writer.finish();
}

export function decodeMetaContextRequest(data: Uint8Array, limits: NbdLimits): BodyResult<MetaContextRequest> {
  const what = 'META_CONTEXT';
  if (data.length < 8) return malformed(what, `data of ${data.length} bytes is shorter than 8`);
  const nameBytes = readU32(data, 0);
  if (nameBytes > data.length - 8) return malformed(what, `name length ${nameBytes} overruns the data`);
  const name = decodeString(data.subarray(4, 4 + nameBytes), limits.stringBytesMax);
  if (!name.ok) return malformed(what, name.error.message);
  const count = readU32(data, 4 + nameBytes);
  if (count > limits.metaContextQueriesMax) return malformed(what, `${count} queries exceed ${limits.metaContextQueriesMax}`);
  const queries: string[] = [];
  let at = 8 + nameBytes;
  for (let i = 0; i < count; i += 1) {
    if (data.length - at < 4) return malformed(what, `query ${i} length overruns the data`);
    const queryBytes = readU32(data, at);
    if (queryBytes > data.length - at - 4) return malformed(what, `query ${i} of ${queryBytes} bytes overruns the data`);
    const query = decodeString(data.subarray(at + 4, at + 4 + queryBytes), limits.stringBytesMax);
    if (!query.ok) return malformed(what, query.error.message);
    queries.push(query.text);
    at += 4 + queryBytes;
  }
  if (at !== data.length) return malformed(what, `${data.length - at} trailing bytes`);
  return ok({ exportName: name.text, queries });
}

export const optionNames: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(option).map(([name, code]) => [code, name]),
);
export const replyNames: Readonly<Record<number, string>> = Object.fromEntries(
  Object.entries(reply).map(([name, code]) => [code, name]),
);

export function optionName(code: number): string {
  return optionNames[code] ?? `option-${code}`;
}

export function replyName(code: number): string {
  return replyNames[code] ?? `reply-0x${code.toString(16)}`;
}
