// One libvirt RPC message on the wire (src/rpc/virnetprotocol.x): a 32-bit length that counts
// itself, a 24-byte header {program, version, procedure, type, serial, status}, the payload.
// Constants are the ones of libvirt 9.0's protocol files. Pure.
import { XdrReader } from './xdr.js';

/** REMOTE_PROGRAM in src/remote/remote_protocol.x. */
export const remoteProgram = 0x20008086;
/** KEEPALIVE_PROGRAM ("keep") in src/rpc/virkeepaliveprotocol.x. */
export const keepaliveProgram = 0x6b656570;

/** virNetMessageType. */
export const messageType = { call: 0, reply: 1, message: 2, stream: 3, callWithFds: 4, replyWithFds: 5, streamHole: 6 } as const;
/** virNetMessageStatus. */
export const messageStatus = { ok: 0, error: 1, continue: 2 } as const;

/** The migration procedures of REMOTE_PROGRAM (remote_procedure in remote_protocol.x). */
export const migrationProcedures = {
  begin3Params: 302,
  prepare3Params: 303,
  prepareTunnel3Params: 304,
  perform3Params: 305,
  finish3Params: 306,
  confirm3Params: 307,
} as const;

export const frameLimits = {
  /** VIR_NET_MESSAGE_MAX (32 MiB) plus the length word: the largest message libvirt accepts. */
  frameBytesMax: 33554432 + 4,
  headerBytes: 24,
  /** REMOTE_MIGRATE_COOKIE_MAX. */
  cookieBytesMax: 4194304,
  /** REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX. */
  migrateParamsMax: 64,
  /** REMOTE_STRING_MAX. */
  stringBytesMax: 4194304,
} as const;

export interface FrameHeader {
  readonly length: number;
  readonly program: number;
  readonly version: number;
  readonly procedure: number;
  readonly type: number;
  readonly serial: number;
  readonly status: number;
}

/** The header of a complete frame (length word included), or why it is not one. */
export function readHeader(frame: Uint8Array): { readonly ok: true; readonly header: FrameHeader } | { readonly ok: false; readonly error: string } {
  const reader = new XdrReader(frame);
  const words: number[] = [];
  for (let index = 0; index < 7; index += 1) {
    const word = index >= 3 ? reader.int32() : reader.uint32();
    if (!word.ok) return { ok: false, error: `short header: ${word.error}` };
    words.push(word.value);
  }
  const [length = 0, program = 0, version = 0, procedure = 0, type = 0, serial = 0, status = 0] = words;
  if (length !== frame.length) return { ok: false, error: `length word ${length} is not the frame's ${frame.length} bytes` };
  return { ok: true, header: { length, program, version, procedure, type, serial, status } };
}

/** Sets the length word to the frame's size (after a payload changed). */
export function withLength(frame: Uint8Array): Uint8Array {
  new DataView(frame.buffer, frame.byteOffset, frame.byteLength).setUint32(0, frame.length);
  return frame;
}
