// What a server knows about one export before any client connects: its name, size and
// capabilities. The transmission flags a client sees are derived from it, so that a flag is
// never advertised for an operation the export cannot do (doc/proto.md "Transmission flags").
import { transmissionFlag } from './constants.js';

export interface BlockSizeConstraints {
  readonly minimumBytes: number;
  readonly preferredBytes: number;
  readonly payloadBytesMax: number;
}

export interface ExportDefinition {
  readonly name: string;
  readonly description: string;
  readonly sizeBytes: number;
  readonly readOnly: boolean;
  readonly canFlush: boolean;
  readonly canFua: boolean;
  readonly canTrim: boolean;
  readonly canWriteZeroes: boolean;
  readonly canFastZero: boolean;
  readonly canCache: boolean;
  readonly canMultiConn: boolean;
  /** Whether `base:allocation` block status is offered. */
  readonly canBlockStatus: boolean;
  readonly blockSize: BlockSizeConstraints;
}

/** Defaults a server "SHOULD" accept when nothing is advertised (doc/proto.md "Block size constraints"). */
export const defaultBlockSize: BlockSizeConstraints = { minimumBytes: 1, preferredBytes: 4096, payloadBytesMax: 32 * 1024 * 1024 };

export function transmissionFlagsOf(definition: ExportDefinition, structuredReplies: boolean): number {
  let flags = transmissionFlag.hasFlags;
  if (definition.readOnly) flags |= transmissionFlag.readOnly;
  if (definition.canFlush) flags |= transmissionFlag.sendFlush;
  if (definition.canFua) flags |= transmissionFlag.sendFua;
  if (definition.canTrim && !definition.readOnly) flags |= transmissionFlag.sendTrim;
  if (definition.canWriteZeroes && !definition.readOnly) {
    flags |= transmissionFlag.sendWriteZeroes;
    if (definition.canFastZero) flags |= transmissionFlag.sendFastZero;
  }
  // NBD_FLAG_SEND_DF only makes sense once structured replies are on (doc/proto.md "NBD_FLAG_SEND_DF").
  if (structuredReplies) flags |= transmissionFlag.sendDf;
  if (definition.canMultiConn) flags |= transmissionFlag.canMultiConn;
  if (definition.canCache) flags |= transmissionFlag.sendCache;
  return flags;
}
