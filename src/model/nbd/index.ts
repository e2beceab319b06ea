// The pure NBD codec: wire constants, message encoders and decoders, incremental stream
// decoders, and sans-I/O state machines for both ends of a connection. No sockets, clocks or
// randomness here; src/io/nbd drives these over real sockets.
export * from './constants.js';
export { nbdErrorCatalog, nbdErrorCodes, nbdError, type NbdError, type NbdErrorCode } from './errors.js';
export { defaultLimits, chunkPayloadBytesMax, bufferedBytesMax, type NbdLimits } from './limits.js';
export { ByteQueue } from './byte-queue.js';
export { encodeGreeting, decodeGreeting, encodeClientFlags, checkClientFlags, encodeExportNameReply, decodeExportNameReply, type ExportSummary } from './handshake.js';
export {
  encodeOptionRequest, encodeOptionReply, encodeInfoRequest, decodeInfoRequest, encodeMetaContextRequest,
  decodeMetaContextRequest, optionName, replyName, type InfoRequest, type MetaContextRequest, type BodyResult,
} from './options.js';
export {
  encodeInfoItem, decodeInfoItem, encodeServerEntry, decodeServerEntry, encodeMetaContextEntry, decodeMetaContextEntry,
  type InfoItem, type ServerEntry, type MetaContextEntry,
} from './option-replies.js';
export { encodeRequestHeader, decodeRequestHeader, commandName, type NbdRequest } from './requests.js';
export { encodeSimpleReply, encodeChunkHeader, encodeChunk, decodeChunkPayload, type ChunkHeader, type ChunkBody, type Extent } from './replies.js';
export type { DecodeStep } from './decode-step.js';
export { ClientStreamDecoder, type ClientMessage, type ClientStreamPhase } from './client-stream-decoder.js';
export { ServerStreamDecoder, type ServerMessage, type ServerStreamPhase, type ReplyLengths } from './server-stream-decoder.js';
export { defaultBlockSize, transmissionFlagsOf, type ExportDefinition, type BlockSizeConstraints } from './export-definition.js';
export { type ServerConfig, type OptionState } from './server-options.js';
export { type ServerCommand, type CommandOutcome } from './server-requests.js';
export { ServerSession, type ServerAction, type ServerPhase } from './server-session.js';
export { ClientHandshake, type ClientHandshakeConfig, type Negotiated, type HandshakeAction } from './client-handshake.js';
export { ClientLister, type ListedExport, type ListAction } from './client-list.js';
export { payloadBytesMaxOf, type ClientCommand } from './client-requests.js';
export { ClientTransmission, type CommandResult, type Completion, type ContextExtents, type Prepared, type ReceiveResult } from './client-transmission.js';
export { RangeSet } from './range-set.js';
export { mirrorDefaults, mirrorGeometry, planIteration, planMirror, windowBytes, type MirrorGeometry, type MirrorOp } from './mirror-plan.js';
export { copyBytesMaxOf, effectiveBufSize, validGranularity } from './mirror-geometry.js';
