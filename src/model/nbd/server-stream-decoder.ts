// Decodes the byte stream a server sends, as a client reads it: the greeting, option replies
// (or the raw NBD_OPT_EXPORT_NAME reply), then simple replies and structured reply chunks.
// A simple reply to READ carries data whose length only the request knows, so the decoder asks
// its owner through `ReplyLengths` (doc/proto.md "Simple reply message").
import { hex, readU16, readU32, readU64Big } from './bytes.js';
import { StreamDecoder } from './stream-decoder.js';
import {
  extendedReplyMagic, headerBytes, optionReplyMagic, simpleReplyMagic, structuredReplyMagic,
} from './constants.js';
import { decoded, failed, needMore, type DecodeStep } from './decode-step.js';
import { nbdError, type NbdError } from './errors.js';
import { decodeExportNameReply, decodeGreeting } from './handshake.js';
import { chunkPayloadBytesMax, type NbdLimits } from './limits.js';
import { decodeChunkPayload, type ChunkBody } from './replies.js';

export type ServerMessage =
  | { readonly kind: 'greeting'; readonly handshakeFlags: number }
  | { readonly kind: 'option-reply'; readonly option: number; readonly type: number; readonly data: Uint8Array }
  | { readonly kind: 'export-name-reply'; readonly sizeBytes: number; readonly transmissionFlags: number }
  | { readonly kind: 'simple-reply'; readonly cookie: bigint; readonly error: number; readonly data: Uint8Array | null }
  | { readonly kind: 'chunk'; readonly cookie: bigint; readonly flags: number; readonly body: ChunkBody };

/** What the decoder needs to know about requests in flight. */
export interface ReplyLengths {
  /** Data bytes after a zero-error simple reply to `cookie`; an error when none may follow. */
  simpleReplyDataBytes(cookie: bigint): number | NbdError;
}

export type ServerStreamPhase = 'greeting' | 'option-replies' | 'export-name-reply' | 'transmission';

export class ServerStreamDecoder extends StreamDecoder<ServerMessage, ServerStreamPhase> {
  private exportNameZeroesBytes = 0;
  private lengths: ReplyLengths | null = null;

  constructor(limits: NbdLimits) {
    super(limits, 'greeting');
  }

  /** After sending NBD_OPT_EXPORT_NAME: the next bytes are its raw reply (padded unless NO_ZEROES). */
  expectExportNameReply(noZeroes: boolean): void {
    this.stage = 'export-name-reply';
    this.exportNameZeroesBytes = noZeroes ? 0 : headerBytes.exportNameZeroes;
  }

  enterTransmission(lengths: ReplyLengths): void {
    this.stage = 'transmission';
    this.lengths = lengths;
  }

  protected decode(): DecodeStep<ServerMessage> {
    switch (this.stage) {
      case 'greeting': {
        if (this.queue.length < headerBytes.greeting) return needMore;
        const greeting = decodeGreeting(this.queue.take(headerBytes.greeting));
        if (!greeting.ok) return failed(greeting.error);
        this.stage = 'option-replies';
        return decoded({ kind: 'greeting', handshakeFlags: greeting.handshakeFlags });
      }
      case 'option-replies':
        return this.decodeOptionReply();
      case 'export-name-reply': {
        const total = headerBytes.exportNameReply + this.exportNameZeroesBytes;
        if (this.queue.length < total) return needMore;
        const summary = decodeExportNameReply(this.queue.take(total));
        this.stage = 'option-replies';
        return decoded({ kind: 'export-name-reply', ...summary });
      }
      case 'transmission':
        return this.decodeReply();
    }
  }

  private decodeOptionReply(): DecodeStep<ServerMessage> {
    if (this.queue.length < headerBytes.optionReply) return needMore;
    const header = this.queue.peek(headerBytes.optionReply);
    const magic = readU64Big(header, 0);
    if (magic !== optionReplyMagic) return failed(nbdError('bad-magic', `expected option reply magic, got ${hex(magic, 16)}`));
    const dataBytes = readU32(header, 16);
    if (dataBytes > this.limits.optionReplyBytesMax) {
      return failed(nbdError('option-reply-too-large', `option reply of ${dataBytes} bytes exceeds the limit of ${this.limits.optionReplyBytesMax}`));
    }
    if (this.queue.length < headerBytes.optionReply + dataBytes) return needMore;
    this.queue.take(headerBytes.optionReply);
    const data = this.queue.take(dataBytes).slice();
    return decoded({ kind: 'option-reply', option: readU32(header, 8), type: readU32(header, 12), data });
  }

  private decodeReply(): DecodeStep<ServerMessage> {
    if (this.queue.length < 4) return needMore;
    const magic = readU32(this.queue.peek(4), 0);
    if (magic === simpleReplyMagic) return this.decodeSimpleReply();
    if (magic === structuredReplyMagic) return this.decodeChunk();
    if (magic === extendedReplyMagic) {
      return failed(nbdError('extended-headers-unsupported', 'extended reply header without NBD_OPT_EXTENDED_HEADERS'));
    }
    return failed(nbdError('bad-magic', `expected a reply magic, got ${hex(magic, 8)}`));
  }

  private decodeSimpleReply(): DecodeStep<ServerMessage> {
    if (this.queue.length < headerBytes.simpleReply) return needMore;
    const header = this.queue.peek(headerBytes.simpleReply);
    const error = readU32(header, 4);
    const cookie = readU64Big(header, 8);
    let dataBytes = 0;
    if (error === 0) {
      const expected = (this.lengths as ReplyLengths).simpleReplyDataBytes(cookie);
      if (typeof expected !== 'number') return failed(expected);
      dataBytes = expected;
    }
    if (this.queue.length < headerBytes.simpleReply + dataBytes) return needMore;
    this.queue.take(headerBytes.simpleReply);
    const data = dataBytes > 0 ? this.queue.take(dataBytes) : null;
    return decoded({ kind: 'simple-reply', cookie, error, data });
  }

  private decodeChunk(): DecodeStep<ServerMessage> {
    if (this.queue.length < headerBytes.structuredReply) return needMore;
    const header = this.queue.peek(headerBytes.structuredReply);
    const payloadBytes = readU32(header, 16);
    const payloadBytesMax = chunkPayloadBytesMax(this.limits);
    if (payloadBytes > payloadBytesMax) {
      return failed(nbdError('chunk-too-large', `structured reply chunk of ${payloadBytes} bytes exceeds the limit of ${payloadBytesMax}`));
    }
    if (this.queue.length < headerBytes.structuredReply + payloadBytes) return needMore;
    this.queue.take(headerBytes.structuredReply);
    const type = readU16(header, 6);
    const body = decodeChunkPayload(type, this.queue.take(payloadBytes), this.limits);
    if (!body.ok) return failed(body.error);
    return decoded({ kind: 'chunk', cookie: readU64Big(header, 8), flags: readU16(header, 4), body: body.body });
  }
}
