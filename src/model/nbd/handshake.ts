// The fixed-newstyle greeting, the client's flags and the NBD_OPT_EXPORT_NAME reply
// (doc/proto.md "Fixed newstyle negotiation", "NBD_OPT_EXPORT_NAME"). Oldstyle and plain
// newstyle servers are recognised only so that the refusal can name them.
import { ByteWriter, hex, readU16, readU64, readU64Big } from './bytes.js';
import { clientFlag, handshakeFlag, headerBytes, ihaveoptMagic, nbdMagic, oldstyleMagic } from './constants.js';
import { nbdError, type NbdError } from './errors.js';

export function encodeGreeting(handshakeFlags: number): Uint8Array {
  return new ByteWriter(headerBytes.greeting).u64Big(nbdMagic).u64Big(ihaveoptMagic).u16(handshakeFlags).finish();
}

export type GreetingResult =
  | { readonly ok: true; readonly handshakeFlags: number }
  | { readonly ok: false; readonly error: NbdError };

/** Checks the 18-byte greeting as a client must before sending its flags. */
export function decodeGreeting(bytes: Uint8Array): GreetingResult {
  const first = readU64Big(bytes, 0);
  const second = readU64Big(bytes, 8);
  if (first !== nbdMagic) return fail(nbdError('bad-magic', `expected NBDMAGIC, got ${hex(first, 16)}`));
  if (second === oldstyleMagic) return fail(nbdError('oldstyle-unsupported', 'server speaks oldstyle negotiation'));
  if (second !== ihaveoptMagic) return fail(nbdError('bad-magic', `expected IHAVEOPT, got ${hex(second, 16)}`));
  const flags = readU16(bytes, 16);
  if ((flags & handshakeFlag.fixedNewstyle) === 0) {
    return fail(nbdError('not-fixed-newstyle', 'server does not offer NBD_FLAG_FIXED_NEWSTYLE'));
  }
  const known = handshakeFlag.fixedNewstyle | handshakeFlag.noZeroes;
  if ((flags & ~known) !== 0) {
    return fail(nbdError('unknown-handshake-flags', `server set reserved handshake flags ${hex(flags, 4)}`));
  }
  return { ok: true, handshakeFlags: flags };
}

export function encodeClientFlags(flags: number): Uint8Array {
  return new ByteWriter(headerBytes.clientFlags).u32(flags).finish();
}

/** The server's check of the client flags: unknown or unoffered bits mean "drop the connection". */
export function checkClientFlags(flags: number, offeredHandshakeFlags: number): NbdError | null {
  const offered = clientFlag.fixedNewstyle | (offeredHandshakeFlags & handshakeFlag.noZeroes ? clientFlag.noZeroes : 0);
  if ((flags & ~offered) !== 0) return nbdError('unknown-client-flags', `client set unknown or unoffered flags ${hex(flags, 8)}`);
  // Plain newstyle clients cannot recover from an unknown option; migsim serves fixed newstyle only.
  if ((flags & clientFlag.fixedNewstyle) === 0) {
    return nbdError('client-not-fixed-newstyle', 'client does not set NBD_FLAG_C_FIXED_NEWSTYLE');
  }
  return null;
}

export interface ExportSummary {
  readonly sizeBytes: number;
  readonly transmissionFlags: number;
}

/** The raw reply to NBD_OPT_EXPORT_NAME: size, flags and 124 zeroes unless NO_ZEROES was agreed. */
export function encodeExportNameReply(summary: ExportSummary, noZeroes: boolean): Uint8Array {
  const size = headerBytes.exportNameReply + (noZeroes ? 0 : headerBytes.exportNameZeroes);
  const writer = new ByteWriter(size).u64(summary.sizeBytes).u16(summary.transmissionFlags);
  return writer.raw(new Uint8Array(size - headerBytes.exportNameReply)).finish();
}

/** Reads the first 10 bytes of that reply (the padding, if any, is skipped by the stream decoder). */
export function decodeExportNameReply(bytes: Uint8Array): ExportSummary {
  return { sizeBytes: readU64(bytes, 0), transmissionFlags: readU16(bytes, 8) };
}

function fail(error: NbdError): GreetingResult {
  return { ok: false, error };
}
