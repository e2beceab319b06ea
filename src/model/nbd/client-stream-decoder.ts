// Decodes the byte stream a client sends, as a server reads it: the 4-byte client flags, then
// option requests, then (once the server says so) transmission requests with WRITE payloads.
// Every length is checked before waiting for the bytes it announces, so a peer cannot make the
// server buffer more than one bounded message (doc/proto.md "Option haggling", "Request message").
import { hex, readU32, readU64Big } from './bytes.js';
import { StreamDecoder } from './stream-decoder.js';
import { command, headerBytes, ihaveoptMagic } from './constants.js';
import { decoded, failed, needMore, type DecodeStep } from './decode-step.js';
import { nbdError } from './errors.js';
import type { NbdLimits } from './limits.js';
import { decodeRequestHeader, type NbdRequest } from './requests.js';

export type ClientMessage =
  | { readonly kind: 'client-flags'; readonly flags: number }
  | { readonly kind: 'option'; readonly option: number; readonly data: Uint8Array }
  | { readonly kind: 'request'; readonly request: NbdRequest; readonly payload: Uint8Array | null };

export type ClientStreamPhase = 'client-flags' | 'options' | 'transmission';

export class ClientStreamDecoder extends StreamDecoder<ClientMessage, ClientStreamPhase> {
  constructor(limits: NbdLimits) {
    super(limits, 'client-flags');
  }

  /** Called by the server once it has sent the reply that starts transmission. */
  enterTransmission(): void {
    this.stage = 'transmission';
  }

  protected decode(): DecodeStep<ClientMessage> {
    switch (this.stage) {
      case 'client-flags':
        if (this.queue.length < headerBytes.clientFlags) return needMore;
        this.stage = 'options';
        return decoded({ kind: 'client-flags', flags: readU32(this.queue.take(headerBytes.clientFlags), 0) });
      case 'options':
        return this.decodeOption();
      case 'transmission':
        return this.decodeRequest();
    }
  }

  private decodeOption(): DecodeStep<ClientMessage> {
    if (this.queue.length < headerBytes.optionRequest) return needMore;
    const header = this.queue.peek(headerBytes.optionRequest);
    const magic = readU64Big(header, 0);
    if (magic !== ihaveoptMagic) return failed(nbdError('bad-magic', `expected IHAVEOPT, got ${hex(magic, 16)}`));
    const option = readU32(header, 8);
    const dataBytes = readU32(header, 12);
    if (dataBytes > this.limits.optionDataBytesMax) {
      return failed(nbdError('option-too-large', `option data of ${dataBytes} bytes exceeds the limit of ${this.limits.optionDataBytesMax}`));
    }
    if (this.queue.length < headerBytes.optionRequest + dataBytes) return needMore;
    this.queue.take(headerBytes.optionRequest);
    return decoded({ kind: 'option', option, data: this.queue.take(dataBytes).slice() });
  }

  private decodeRequest(): DecodeStep<ClientMessage> {
    if (this.queue.length < headerBytes.request) return needMore;
    const header = decodeRequestHeader(this.queue.peek(headerBytes.request));
    if (!header.ok) return failed(header.error);
    const request = header.request;
    const payloadBytes = request.type === command.write ? request.length : 0;
    // A WRITE longer than the maximum payload cannot be skipped without reading it; like
    // qemu-nbd (nbd/server.c nbd_co_receive_request) we treat it as a protocol violation.
    if (payloadBytes > this.limits.payloadBytesMax) {
      return failed(nbdError('payload-too-large', `payload of ${payloadBytes} bytes exceeds the maximum payload ${this.limits.payloadBytesMax}`));
    }
    if (this.queue.length < headerBytes.request + payloadBytes) return needMore;
    this.queue.take(headerBytes.request);
    const payload = request.type === command.write ? this.queue.take(payloadBytes) : null;
    return decoded({ kind: 'request', request, payload });
  }
}
