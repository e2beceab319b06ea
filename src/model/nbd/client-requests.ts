// What our client may send once transmission has started: each command is checked against the
// negotiated export (advertised flags, size, block-size constraints) before a request header is
// built, so that we never send what the server is entitled to refuse (doc/proto.md
// "Transmission flags", "Block size constraints").
import { command, commandFlag, transmissionFlag } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import type { Negotiated } from './client-handshake.js';
import type { NbdLimits } from './limits.js';
import type { NbdRequest } from './requests.js';

export type ClientCommand =
  | { readonly kind: 'read'; readonly offset: number; readonly length: number; readonly df?: boolean }
  | { readonly kind: 'write'; readonly offset: number; readonly data: Uint8Array; readonly fua?: boolean }
  | { readonly kind: 'flush' }
  | { readonly kind: 'trim'; readonly offset: number; readonly length: number }
  | { readonly kind: 'write-zeroes'; readonly offset: number; readonly length: number; readonly noHole?: boolean; readonly fastZero?: boolean }
  | { readonly kind: 'cache'; readonly offset: number; readonly length: number }
  | { readonly kind: 'block-status'; readonly offset: number; readonly length: number; readonly reqOne?: boolean };

export type RequestBuild = { readonly ok: true; readonly request: NbdRequest } | { readonly ok: false; readonly error: NbdError };

const typeOf: Readonly<Record<ClientCommand['kind'], number>> = {
  'read': command.read, 'write': command.write, 'flush': command.flush, 'trim': command.trim,
  'write-zeroes': command.writeZeroes, 'cache': command.cache, 'block-status': command.blockStatus,
};

/** The largest READ/WRITE payload this connection may use. */
export function payloadBytesMaxOf(negotiated: Negotiated, limits: NbdLimits): number {
  const advertised = negotiated.blockSize?.payloadBytesMax;
  // 0xffffffff means "no limit" from the server; ours still applies.
  if (advertised === undefined || advertised === 0xffffffff) return limits.payloadBytesMax;
  return Math.min(advertised, limits.payloadBytesMax);
}

export function buildRequest(negotiated: Negotiated, limits: NbdLimits, cmd: ClientCommand, cookie: bigint): RequestBuild {
  const refusal = advertisedCheck(negotiated, cmd);
  if (refusal) return { ok: false, error: nbdError('not-advertised', refusal) };
  const offset = cmd.kind === 'flush' ? 0 : cmd.offset;
  const length = cmd.kind === 'flush' ? 0 : cmd.kind === 'write' ? cmd.data.length : cmd.length;
  if (cmd.kind !== 'flush') {
    const range = rangeCheck(negotiated, limits, cmd.kind, offset, length);
    if (range) return { ok: false, error: range };
  }
  return { ok: true, request: { flags: flagsOf(cmd), type: typeOf[cmd.kind], cookie, offset, length } };
}

function flagsOf(cmd: ClientCommand): number {
  switch (cmd.kind) {
    case 'read': return cmd.df ? commandFlag.df : 0;
    case 'write': return cmd.fua ? commandFlag.fua : 0;
    case 'write-zeroes': return (cmd.noHole ? commandFlag.noHole : 0) | (cmd.fastZero ? commandFlag.fastZero : 0);
    case 'block-status': return cmd.reqOne ? commandFlag.reqOne : 0;
    default: return 0;
  }
}

function advertisedCheck(negotiated: Negotiated, cmd: ClientCommand): string | null {
  const flags = negotiated.transmissionFlags;
  const has = (bit: number): boolean => (flags & bit) !== 0;
  const named = (what: string): string => `${what} is not advertised by the export (flags 0x${flags.toString(16)})`;
  const writes = cmd.kind === 'write' || cmd.kind === 'trim' || cmd.kind === 'write-zeroes';
  if (writes && has(transmissionFlag.readOnly)) return named(`${cmd.kind} on a read-only export`);
  switch (cmd.kind) {
    case 'read': return cmd.df && !has(transmissionFlag.sendDf) ? named('NBD_CMD_FLAG_DF') : null;
    case 'write': return cmd.fua && !has(transmissionFlag.sendFua) ? named('NBD_CMD_FLAG_FUA') : null;
    case 'flush': return has(transmissionFlag.sendFlush) ? null : named('NBD_CMD_FLUSH');
    case 'trim': return has(transmissionFlag.sendTrim) ? null : named('NBD_CMD_TRIM');
    case 'cache': return has(transmissionFlag.sendCache) ? null : named('NBD_CMD_CACHE');
    case 'write-zeroes':
      if (!has(transmissionFlag.sendWriteZeroes)) return named('NBD_CMD_WRITE_ZEROES');
      return cmd.fastZero && !has(transmissionFlag.sendFastZero) ? named('NBD_CMD_FLAG_FAST_ZERO') : null;
    case 'block-status': return negotiated.metaContexts.length > 0 ? null : named('NBD_CMD_BLOCK_STATUS without a metadata context');
  }
}

function rangeCheck(negotiated: Negotiated, limits: NbdLimits, kind: ClientCommand['kind'], offset: number, length: number): NbdError | null {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length <= 0 || length > 0xffffffff) {
    return nbdError('request-out-of-range', `request ${offset}+${length} is not a positive 32-bit length at a valid offset`);
  }
  if (offset + length > negotiated.sizeBytes) {
    return nbdError('request-out-of-range', `request ${offset}+${length} lies outside the export of ${negotiated.sizeBytes} bytes`);
  }
  const payloadBytesMax = payloadBytesMaxOf(negotiated, limits);
  if ((kind === 'read' || kind === 'write') && length > payloadBytesMax) {
    return nbdError('request-too-large', `request of ${length} bytes exceeds the maximum payload ${payloadBytesMax}`);
  }
  const minimum = negotiated.blockSize?.minimumBytes ?? 1;
  if (offset % minimum !== 0 || length % minimum !== 0) {
    return nbdError('request-misaligned', `request ${offset}+${length} is not a multiple of the minimum block size ${minimum}`);
  }
  return null;
}
