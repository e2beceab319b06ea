// Every way the NBD layer (codec, client, server) can fail, as data: a stable kebab-case code
// and a message. Peer input never throws out of the codec; it becomes one of these. The
// catalogue below feeds the project-wide error table (docs/errors.md) and docs/nbd.md.
import type { ErrorCatalogEntry } from '../catalog.js';

export const nbdErrorCodes = [
  // Framing: the byte stream does not parse.
  'bad-magic', 'oldstyle-unsupported', 'extended-headers-unsupported', 'not-fixed-newstyle',
  'unknown-handshake-flags', 'unknown-client-flags', 'client-not-fixed-newstyle', 'option-too-large',
  'option-reply-too-large', 'payload-too-large', 'chunk-too-large', 'buffer-overflow', 'truncated',
  // Handshake content.
  'malformed-option', 'malformed-option-reply', 'unexpected-option-reply', 'invalid-string',
  'too-many-options', 'too-many-exports', 'missing-export-info', 'export-refused', 'server-shutdown',
  'tls-required',
  // Transmission replies.
  'unknown-cookie', 'unknown-chunk-type', 'malformed-chunk', 'unexpected-chunk', 'chunk-out-of-range',
  'chunk-overlap', 'too-many-chunks', 'unexpected-simple-reply', 'incomplete-read', 'zero-error-value',
  'unknown-meta-context',
  // Commands, as seen by our client.
  'command-failed', 'not-advertised', 'request-out-of-range', 'request-misaligned', 'request-too-large',
  // Transport (src/io/nbd).
  'connection-closed', 'connect-failed', 'timeout', 'size-mismatch', 'source-read-failed',
] as const;

export type NbdErrorCode = (typeof nbdErrorCodes)[number];

export interface NbdError {
  readonly code: NbdErrorCode;
  readonly message: string;
}

export function nbdError(code: NbdErrorCode, message: string): NbdError {
  return { code, message };
}

const proto = 'NBD doc/proto.md';
const entry = (code: NbdErrorCode, message: string, source: string): ErrorCatalogEntry =>
  ({ code, raisedBy: 'nbd', message, source });

export const nbdErrorCatalog: readonly ErrorCatalogEntry[] = [
  entry('bad-magic', 'expected magic %s, got %s', `${proto} "Protocol phases", "Transmission"`),
  entry('oldstyle-unsupported', 'server speaks oldstyle negotiation, which migsim does not support', `${proto} "Oldstyle negotiation"`),
  entry('extended-headers-unsupported', 'peer used an extended header, which was never negotiated', `${proto} (extension-ext-header) "Extended headers"`),
  entry('not-fixed-newstyle', 'server does not offer NBD_FLAG_FIXED_NEWSTYLE', `${proto} "Fixed newstyle negotiation"`),
  entry('unknown-handshake-flags', 'server set reserved handshake flags %s', `${proto} "Handshake flags": the server MUST NOT set others`),
  entry('unknown-client-flags', 'client set unknown or unoffered flags %s', `${proto} "Client flags": the server MUST drop the connection`),
  entry('client-not-fixed-newstyle', 'client does not set NBD_FLAG_C_FIXED_NEWSTYLE', `${proto} "Fixed newstyle negotiation"`),
  entry('option-too-large', 'option data of %s bytes exceeds the limit of %s', 'migsim limits (NbdLimits.optionDataBytesMax)'),
  entry('option-reply-too-large', 'option reply of %s bytes exceeds the limit of %s', 'migsim limits (NbdLimits.optionReplyBytesMax)'),
  entry('payload-too-large', 'payload of %s bytes exceeds the maximum payload %s', `${proto} "Block size constraints"`),
  entry('chunk-too-large', 'structured reply chunk of %s bytes exceeds the limit of %s', `${proto} "Block size constraints"`),
  entry('buffer-overflow', 'more than %s bytes buffered without a complete message', 'migsim limits (bufferedBytesMax)'),
  entry('truncated', 'stream ended inside a message (%s bytes pending)', `${proto} "Terminating the transmission phase"`),
  entry('malformed-option', 'option %s: %s', `${proto} "Option types" (the server replies NBD_REP_ERR_INVALID)`),
  entry('malformed-option-reply', 'reply %s to option %s: %s', `${proto} "Option reply types", "NBD_INFO"`),
  entry('unexpected-option-reply', 'reply %s to option %s while waiting for option %s', `${proto} "Option haggling"`),
  entry('invalid-string', 'string is not NUL-free UTF-8 of at most %s bytes', `${proto} "Conventions"`),
  entry('too-many-options', 'more than %s options on one connection', 'migsim limits (NbdLimits.optionsMax)'),
  entry('too-many-exports', 'server listed more than %s exports', 'migsim limits (NbdLimits.exportsListedMax)'),
  entry('missing-export-info', 'server acknowledged %s without NBD_INFO_EXPORT', `${proto} "NBD_OPT_INFO and NBD_OPT_GO": MUST include NBD_INFO_EXPORT`),
  entry('export-refused', 'export %s refused: %s', `${proto} "NBD_OPT_GO", "NBD_OPT_EXPORT_NAME"`),
  entry('server-shutdown', 'server is shutting down (NBD_REP_ERR_SHUTDOWN or ESHUTDOWN)', `${proto} "NBD_REP_ERR_SHUTDOWN"`),
  entry('tls-required', 'server requires TLS, which migsim does not speak', `${proto} "NBD_REP_ERR_TLS_REQD"`),
  entry('unknown-cookie', 'reply for cookie %s, which is not in flight', `${proto} "Transmission": cookies match replies to requests`),
  entry('unknown-chunk-type', 'unknown non-error chunk type %s', `${proto} "Structured reply chunk message": the client MUST disconnect`),
  entry('malformed-chunk', 'chunk %s: %s', `${proto} "Structured reply types"`),
  entry('unexpected-chunk', 'chunk %s is not valid for %s', `${proto} "Structured reply types"`),
  entry('chunk-out-of-range', 'chunk covers %s, outside the request %s', `${proto} "NBD_REPLY_TYPE_OFFSET_DATA": MUST lie within the request`),
  entry('chunk-overlap', 'chunk %s overlaps an earlier chunk of the same reply', `${proto} "NBD_CMD_READ": chunks MUST NOT overlap`),
  entry('too-many-chunks', 'more than %s chunks in one reply', 'migsim limits (NbdLimits.chunksPerReadMax)'),
  entry('unexpected-simple-reply', 'simple reply with data to %s after structured replies were negotiated', `${proto} "Simple reply message"`),
  entry('incomplete-read', 'READ reply covers %s of %s bytes', `${proto} "NBD_CMD_READ": a successful reply covers the whole request`),
  entry('zero-error-value', 'error chunk carries error value 0', `${proto} "NBD_REPLY_TYPE_ERROR": the error MUST be nonzero`),
  entry('unknown-meta-context', 'block status for context id %s, which was not negotiated', `${proto} "NBD_REPLY_TYPE_BLOCK_STATUS"`),
  entry('command-failed', '%s failed: %s (%s)', `${proto} "Error values"`),
  entry('not-advertised', '%s is not advertised by the export (flags %s)', `${proto} "Transmission flags"`),
  entry('request-out-of-range', 'request %s+%s lies outside the export of %s bytes', `${proto} "Block size constraints"`),
  entry('request-misaligned', 'request %s+%s is not a multiple of the minimum block size %s', `${proto} "Block size constraints": a client that asked for them MUST obey`),
  entry('request-too-large', 'request of %s bytes exceeds the maximum payload %s', `${proto} "Block size constraints"`),
  entry('connection-closed', 'connection closed with %s requests in flight', 'src/io/nbd (socket end or error)'),
  entry('connect-failed', 'cannot connect to %s: %s', 'src/io/nbd (socket connect)'),
  entry('size-mismatch', 'source has %s bytes, the export %s', 'QEMU block/mirror.c mirror_run: "Source and target image have different sizes"'),
  entry('source-read-failed', 'cannot read the source at %s: %s', 'src/io/nbd/mirror.ts (local file read)'),
  entry('timeout', '%s did not finish within %s ms', 'src/io/nbd (migsim timeouts)'),
];
