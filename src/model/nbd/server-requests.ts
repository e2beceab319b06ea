// The server's checks on each transmission request, and the encoding of its replies
// (doc/proto.md "Request types", "Error values"). A request that breaks a rule a server may
// enforce gets an error reply and the connection goes on; only framing errors drop it.
import { chunk, command, commandFlag, errno, replyFlag } from './constants.js';
import type { ExportDefinition } from './export-definition.js';
import type { MetaContextEntry } from './option-replies.js';
import { encodeChunk, encodeSimpleReply, type Extent } from './replies.js';
import { commandName, type NbdRequest } from './requests.js';

/** A request that passed every check, ready for the export to carry out. */
export type ServerCommand =
  | { readonly kind: 'read'; readonly cookie: bigint; readonly offset: number; readonly length: number }
  | { readonly kind: 'write'; readonly cookie: bigint; readonly offset: number; readonly length: number; readonly fua: boolean; readonly payload: Uint8Array }
  | { readonly kind: 'flush'; readonly cookie: bigint }
  | { readonly kind: 'trim'; readonly cookie: bigint; readonly offset: number; readonly length: number; readonly fua: boolean }
  | { readonly kind: 'write-zeroes'; readonly cookie: bigint; readonly offset: number; readonly length: number; readonly fua: boolean; readonly noHole: boolean }
  | { readonly kind: 'cache'; readonly cookie: bigint; readonly offset: number; readonly length: number }
  | { readonly kind: 'block-status'; readonly cookie: bigint; readonly offset: number; readonly length: number; readonly reqOne: boolean; readonly contexts: readonly MetaContextEntry[] };

export interface TransmissionContext {
  readonly definition: ExportDefinition;
  readonly structuredReplies: boolean;
  readonly metaContexts: readonly MetaContextEntry[];
  readonly payloadBytesMax: number;
}

export type RequestCheck =
  | { readonly kind: 'command'; readonly command: ServerCommand }
  | { readonly kind: 'refuse'; readonly cookie: bigint; readonly errno: number; readonly message: string }
  | { readonly kind: 'disconnect' };

const allowedFlags: Readonly<Record<number, number>> = {
  [command.read]: commandFlag.fua | commandFlag.df,
  [command.write]: commandFlag.fua,
  [command.flush]: commandFlag.fua,
  [command.trim]: commandFlag.fua,
  [command.cache]: commandFlag.fua,
  [command.writeZeroes]: commandFlag.fua | commandFlag.noHole | commandFlag.fastZero,
  [command.blockStatus]: commandFlag.fua | commandFlag.reqOne,
};

export function checkRequest(context: TransmissionContext, request: NbdRequest, payload: Uint8Array | null): RequestCheck {
  if (request.type === command.disc) return { kind: 'disconnect' };
  const refuse = (code: number, message: string): RequestCheck =>
    ({ kind: 'refuse', cookie: request.cookie, errno: code, message: `${commandName(request.type)}: ${message}` });
  const support = unsupported(context, request);
  if (support !== null) return refuse(errno.EINVAL, support);
  const flags = allowedFlags[request.type] ?? 0;
  if ((request.flags & ~flags) !== 0) return refuse(errno.EINVAL, `flags 0x${request.flags.toString(16)} not valid here`);
  const { definition } = context;
  if (definition.readOnly && (request.type === command.write || request.type === command.trim || request.type === command.writeZeroes)) {
    return refuse(errno.EPERM, 'export is read-only');
  }
  if (request.type === command.flush) {
    if (request.offset !== 0 || request.length !== 0) return refuse(errno.EINVAL, 'offset and length must be 0');
    return { kind: 'command', command: { kind: 'flush', cookie: request.cookie } };
  }
  const range = checkRange(context, request);
  if (range !== null) return refuse(range.errno, range.message);
  return { kind: 'command', command: toCommand(context, request, payload) };
}

/** A command the export did not advertise, or a flag whose feature was not negotiated. */
function unsupported(context: TransmissionContext, request: NbdRequest): string | null {
  const { definition } = context;
  switch (request.type) {
    case command.read: case command.write: return null;
    case command.flush: return definition.canFlush ? null : 'NBD_FLAG_SEND_FLUSH not advertised';
    case command.trim: return definition.canTrim ? null : 'NBD_FLAG_SEND_TRIM not advertised';
    case command.cache: return definition.canCache ? null : 'NBD_FLAG_SEND_CACHE not advertised';
    case command.writeZeroes:
      if (!definition.canWriteZeroes) return 'NBD_FLAG_SEND_WRITE_ZEROES not advertised';
      return (request.flags & commandFlag.fastZero) !== 0 && !definition.canFastZero ? 'NBD_FLAG_SEND_FAST_ZERO not advertised' : null;
    case command.blockStatus:
      return context.metaContexts.length > 0 ? null : 'no metadata context negotiated';
    default: return 'unknown command';
  }
}

function checkRange(context: TransmissionContext, request: NbdRequest): { errno: number; message: string } | null {
  const { definition } = context;
  if (request.length === 0) return { errno: errno.EINVAL, message: 'length 0' };
  if ((request.flags & commandFlag.fua) !== 0 && !definition.canFua) return { errno: errno.EINVAL, message: 'NBD_FLAG_SEND_FUA not advertised' };
  if ((request.flags & commandFlag.df) !== 0 && !context.structuredReplies) return { errno: errno.EINVAL, message: 'DF needs structured replies' };
  if (request.type === command.read && request.length > context.payloadBytesMax) {
    return { errno: errno.EINVAL, message: `length ${request.length} exceeds the maximum payload ${context.payloadBytesMax}` };
  }
  const min = definition.blockSize.minimumBytes;
  if (request.offset % min !== 0 || request.length % min !== 0) return { errno: errno.EINVAL, message: `not aligned to ${min} bytes` };
  if (request.offset + request.length > definition.sizeBytes) {
    // Writing past the end is ENOSPC; reading or probing past it is EINVAL (doc/proto.md "NBD_CMD_WRITE").
    const writing = request.type === command.write || request.type === command.writeZeroes;
    return { errno: writing ? errno.ENOSPC : errno.EINVAL, message: `${request.offset}+${request.length} beyond the export size ${definition.sizeBytes}` };
  }
  return null;
}

function toCommand(context: TransmissionContext, request: NbdRequest, payload: Uint8Array | null): ServerCommand {
  const { cookie, offset, length } = request;
  const fua = (request.flags & commandFlag.fua) !== 0;
  switch (request.type) {
    case command.read: return { kind: 'read', cookie, offset, length };
    case command.write: return { kind: 'write', cookie, offset, length, fua, payload: payload ?? new Uint8Array(length) };
    case command.trim: return { kind: 'trim', cookie, offset, length, fua };
    case command.cache: return { kind: 'cache', cookie, offset, length };
    case command.writeZeroes: return { kind: 'write-zeroes', cookie, offset, length, fua, noHole: (request.flags & commandFlag.noHole) !== 0 };
    default:
      return { kind: 'block-status', cookie, offset, length, reqOne: (request.flags & commandFlag.reqOne) !== 0, contexts: context.metaContexts };
  }
}

/** What the export made of a command. */
export type CommandOutcome =
  | { readonly ok: true; readonly data?: Uint8Array; readonly extents?: readonly Extent[] }
  | { readonly ok: false; readonly errno: number; readonly message: string };

/**
 * The reply to a command as byte strings to send in order. READ data is passed through, not
 * copied. With structured replies a READ gets one OFFSET_DATA chunk covering the request (so DF
 * is always honoured) and BLOCK_STATUS one chunk per context; everything else gets a simple
 * reply, which the NBD protocol allows when there is no payload (doc/proto.md "Simple reply message").
 */
export function encodeReply(command: ServerCommand | { readonly kind: 'refused'; readonly cookie: bigint }, outcome: CommandOutcome, structuredReplies: boolean): Uint8Array[] {
  if (!outcome.ok) {
    const code = outcome.errno === 0 ? errno.EIO : outcome.errno;
    if (!structuredReplies) return [encodeSimpleReply(code, command.cookie)];
    return [encodeChunk(replyFlag.done, command.cookie, { type: 'error', rawType: chunk.error, errno: code, message: outcome.message.slice(0, 1024), offset: null })];
  }
  if (command.kind === 'read') {
    const data = outcome.data ?? new Uint8Array(command.length);
    if (!structuredReplies) return [encodeSimpleReply(0, command.cookie), data];
    return [encodeChunk(replyFlag.done, command.cookie, { type: 'offset-data', offset: command.offset, data }), data];
  }
  if (command.kind === 'block-status') return encodeBlockStatus(command, outcome.extents ?? []);
  return [encodeSimpleReply(0, command.cookie)];
}

function encodeBlockStatus(command: Extract<ServerCommand, { kind: 'block-status' }>, extents: readonly Extent[]): Uint8Array[] {
  // REQ_ONE asks for a single extent no longer than the request (doc/proto.md "NBD_CMD_BLOCK_STATUS").
  const clipped = clipExtents(extents, command.length, command.reqOne ? 1 : Number.MAX_SAFE_INTEGER);
  return command.contexts.map((context, i) =>
    encodeChunk(i === command.contexts.length - 1 ? replyFlag.done : 0, command.cookie, { type: 'block-status', contextId: context.id, extents: clipped }));
}

function clipExtents(extents: readonly Extent[], lengthBytes: number, countMax: number): Extent[] {
  const out: Extent[] = [];
  let covered = 0;
  for (const extent of extents) {
    if (covered >= lengthBytes || out.length >= countMax) break;
    const take = Math.min(extent.lengthBytes, lengthBytes - covered);
    out.push({ lengthBytes: take, flags: extent.flags });
    covered += take;
  }
  // Status 0 ("data, allocated") is always a safe answer (doc/proto.md "base:allocation").
  return out.length > 0 ? out : [{ lengthBytes, flags: 0 }];
}
