// Wire constants of the NBD protocol, named as in the NBD spec (NetworkBlockDevice/nbd,
// doc/proto.md, "Values" section). Every number on the wire is big-endian. 64-bit magics are
// bigint because they are compared whole; everything else fits a JS number.

/** "NBDMAGIC": the first 8 bytes a newstyle server sends (doc/proto.md "Newstyle negotiation"). */
export const nbdMagic = 0x4e42444d41474943n;
/** "IHAVEOPT": the second greeting word and the prefix of every option request. */
export const ihaveoptMagic = 0x49484156454f5054n;
/** The oldstyle greeting's second word; recognised only to refuse it by name. */
export const oldstyleMagic = 0x00420281861253n;
/** Prefix of every option reply (doc/proto.md "Option haggling"). */
export const optionReplyMagic = 0x0003e889045565a9n;

export const requestMagic = 0x25609513;
export const simpleReplyMagic = 0x67446698;
export const structuredReplyMagic = 0x668e33ef;
/** Extended-header magics (extension-ext-header branch); recognised only to refuse them by name. */
export const extendedRequestMagic = 0x21e41c71;
export const extendedReplyMagic = 0x6e8a278c;

/** Handshake flags sent by the server after the magics (16 bits). */
export const handshakeFlag = { fixedNewstyle: 1 << 0, noZeroes: 1 << 1 } as const;
/** Client flags answering them (32 bits); any other bit makes the server drop the connection. */
export const clientFlag = { fixedNewstyle: 1 << 0, noZeroes: 1 << 1 } as const;

export const option = {
  exportName: 1, abort: 2, list: 3, peekExport: 4, startTls: 5, info: 6, go: 7, structuredReply: 8,
  listMetaContext: 9, setMetaContext: 10, extendedHeaders: 11,
} as const;

/** Option reply types; error replies have bit 31 set (doc/proto.md "Option reply types"). */
export const reply = {
  ack: 1, server: 2, info: 3, metaContext: 4,
  errUnsup: 0x80000001, errPolicy: 0x80000002, errInvalid: 0x80000003, errPlatform: 0x80000004,
  errTlsReqd: 0x80000005, errUnknown: 0x80000006, errShutdown: 0x80000007, errBlockSizeReqd: 0x80000008,
  errTooBig: 0x80000009, errExtHeaderReqd: 0x8000000a,
} as const;
export const replyErrorBit = 0x80000000;

export const info = { export: 0, name: 1, description: 2, blockSize: 3 } as const;

/** Transmission flags (16 bits) sent with the export size. */
export const transmissionFlag = {
  hasFlags: 1 << 0, readOnly: 1 << 1, sendFlush: 1 << 2, sendFua: 1 << 3, rotational: 1 << 4,
  sendTrim: 1 << 5, sendWriteZeroes: 1 << 6, sendDf: 1 << 7, canMultiConn: 1 << 8, sendResize: 1 << 9,
  sendCache: 1 << 10, sendFastZero: 1 << 11, blockStatusPayload: 1 << 12,
} as const;

export const command = {
  read: 0, write: 1, disc: 2, flush: 3, trim: 4, cache: 5, writeZeroes: 6, blockStatus: 7,
} as const;
export type CommandName = keyof typeof command;

export const commandFlag = { fua: 1 << 0, noHole: 1 << 1, df: 1 << 2, reqOne: 1 << 3, fastZero: 1 << 4 } as const;

export const replyFlag = { done: 1 << 0 } as const;

/** Structured reply chunk types; bit 15 marks an error chunk (doc/proto.md "Structured reply types"). */
export const chunk = {
  none: 0, offsetData: 1, offsetHole: 2, blockStatus: 5, error: 0x8001, errorOffset: 0x8002,
} as const;
export const chunkErrorBit = 0x8000;

/** Error values (doc/proto.md "Error values"); they match Linux errno numbers. */
export const errno = {
  EPERM: 1, EIO: 5, ENOMEM: 12, EINVAL: 22, ENOSPC: 28, EOVERFLOW: 75, ENOTSUP: 95, ESHUTDOWN: 108,
} as const;
export type ErrnoName = keyof typeof errno;

/** base:allocation status bits (doc/proto.md "base:allocation metadata context"). */
export const allocationState = { hole: 1 << 0, zero: 1 << 1 } as const;
export const baseAllocationContext = 'base:allocation';

export const headerBytes = {
  greeting: 18, clientFlags: 4, optionRequest: 16, optionReply: 20, exportNameReply: 10,
  exportNameZeroes: 124, request: 28, simpleReply: 16, structuredReply: 20,
} as const;

export const defaultPort = 10809;
