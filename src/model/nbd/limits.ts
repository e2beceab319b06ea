// Every bound the codec enforces on peer input, in one place. A length read from the wire is
// checked against these before any buffer is allocated, so a hostile peer can neither make us
// allocate gigabytes nor wait forever for a message that can never fit.

const mebibyte = 1024 * 1024;

export interface NbdLimits {
  /** Strings (export names, messages, context names): "MUST be ≤4096 bytes" (doc/proto.md "Conventions"). */
  readonly stringBytesMax: number;
  /** READ/WRITE payload: the default maximum payload 2^25 (doc/proto.md "Block size constraints"). */
  readonly payloadBytesMax: number;
  /** Option request data; migsim's bound (the largest legal option is a few strings long). */
  readonly optionDataBytesMax: number;
  /** Option reply data; migsim's bound (REP_SERVER is a name plus a description). */
  readonly optionReplyBytesMax: number;
  /** Extents per BLOCK_STATUS chunk: the server "SHOULD send ≤ 2^20" (doc/proto.md "BLOCK_STATUS"). */
  readonly extentsPerChunkMax: number;
  /** Options one connection may send before the server gives up on it (migsim's bound). */
  readonly optionsMax: number;
  /** Meta-context queries in one LIST/SET_META_CONTEXT (migsim's bound). */
  readonly metaContextQueriesMax: number;
  /** Exports listed by LIST before the client stops reading (migsim's bound). */
  readonly exportsListedMax: number;
  /** Content chunks one READ reply may be split into (migsim's bound against 1-byte chunk floods). */
  readonly chunksPerReadMax: number;
}

export const defaultLimits: NbdLimits = {
  stringBytesMax: 4096,
  payloadBytesMax: 32 * mebibyte,
  optionDataBytesMax: 64 * 1024,
  optionReplyBytesMax: 64 * 1024,
  extentsPerChunkMax: 1 << 20,
  optionsMax: 1024,
  metaContextQueriesMax: 64,
  exportsListedMax: 4096,
  chunksPerReadMax: 16384,
};

/** Largest structured chunk payload: a full READ plus the 8-byte offset, or a full extent list. */
export function chunkPayloadBytesMax(limits: NbdLimits): number {
  return Math.max(limits.payloadBytesMax + 8, 4 + 8 * limits.extentsPerChunkMax, 14 + limits.stringBytesMax);
}

/** Most bytes a decoder may hold unconsumed: one largest message plus one socket read. */
export function bufferedBytesMax(limits: NbdLimits): number {
  return chunkPayloadBytesMax(limits) + 1024 * 1024;
}
