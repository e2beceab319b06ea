// Helpers shared by the client's negotiation state machines: the first reply to the greeting,
// and how an option error reply becomes a coded error (doc/proto.md "Option reply types").
import { lossyText } from './bytes.js';
import { clientFlag, handshakeFlag, reply, replyErrorBit } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import { encodeClientFlags } from './handshake.js';
import { optionName, replyName } from './options.js';

/** Client flags: fixed newstyle always, NO_ZEROES only when offered (doc/proto.md "Client flags"). */
export function clientFlagsFor(handshakeFlags: number): Uint8Array {
  const noZeroes = (handshakeFlags & handshakeFlag.noZeroes) !== 0 ? clientFlag.noZeroes : 0;
  return encodeClientFlags(clientFlag.fixedNewstyle | noZeroes);
}

export function isErrorReply(type: number): boolean {
  return (type & replyErrorBit) !== 0;
}

/** The coded error for an option error reply; the server's text is kept, clipped, as the reason. */
export function optionReplyError(option: number, type: number, data: Uint8Array, subject: string): NbdError {
  const text = data.length > 0 ? `: ${lossyText(data)}` : '';
  if (type === reply.errTlsReqd) return nbdError('tls-required', `server requires TLS for ${optionName(option)}${text}`);
  if (type === reply.errShutdown) return nbdError('server-shutdown', `server is shutting down${text}`);
  return nbdError('export-refused', `${subject} refused: ${replyName(type)}${text}`);
}

export function unexpectedReply(option: number, type: number, expected: number): NbdError {
  return nbdError('unexpected-option-reply', `reply ${replyName(type)} to option ${optionName(option)} while waiting for option ${optionName(expected)}`);
}
