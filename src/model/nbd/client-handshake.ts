// The client side of the handshake as a pure state machine: greeting → client flags →
// STRUCTURED_REPLY → SET_META_CONTEXT → GO, falling back to EXPORT_NAME when the server does
// not know GO (doc/proto.md "NBD_OPT_GO": "a client SHOULD fall back to NBD_OPT_EXPORT_NAME"
// on NBD_REP_ERR_UNSUP). The same order as libnbd's and QEMU's nbd/client.c nbd_start_negotiate.
import { encodeString } from './bytes.js';
import { clientFlagsFor, isErrorReply, optionReplyError, unexpectedReply } from './client-options.js';
import { handshakeFlag, info, option, reply } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import type { BlockSizeConstraints } from './export-definition.js';
import type { NbdLimits } from './limits.js';
import { decodeInfoItem, decodeMetaContextEntry, type InfoItem, type MetaContextEntry } from './option-replies.js';
import { encodeInfoRequest, encodeMetaContextRequest, encodeOptionRequest } from './options.js';
import { ServerStreamDecoder, type ServerMessage } from './server-stream-decoder.js';
import { pumpMessages } from './decode-step.js';

export interface ClientHandshakeConfig {
  readonly exportName: string;
  readonly structuredReplies: boolean;
  /** Metadata contexts to select, e.g. `base:allocation`; needs structured replies. */
  readonly metaContexts: readonly string[];
  /** False skips NBD_OPT_GO and uses NBD_OPT_EXPORT_NAME directly. */
  readonly useGo: boolean;
  readonly limits: NbdLimits;
}

export interface Negotiated {
  readonly exportName: string;
  readonly sizeBytes: number;
  readonly transmissionFlags: number;
  readonly handshakeFlags: number;
  readonly structuredReplies: boolean;
  readonly metaContexts: readonly MetaContextEntry[];
  readonly blockSize: BlockSizeConstraints | null;
  readonly description: string | null;
  readonly via: 'go' | 'export-name';
}

export type HandshakeAction =
  | { readonly kind: 'send'; readonly bytes: Uint8Array }
  | { readonly kind: 'ready'; readonly negotiated: Negotiated }
  | { readonly kind: 'failed'; readonly error: NbdError };

type Step = 'greeting' | 'structured' | 'meta' | 'go' | 'export-name' | 'done';

const infoItemsMax = 64;

export class ClientHandshake {
  readonly decoder: ServerStreamDecoder;
  private step: Step = 'greeting';
  private handshakeFlags = 0;
  private structured = false;
  private contexts: MetaContextEntry[] = [];
  private infos: InfoItem[] = [];

  constructor(private readonly config: ClientHandshakeConfig) {
    this.decoder = new ServerStreamDecoder(config.limits);
  }
  /** Read through a getter so that TypeScript does not narrow it across calls that change it. */
  private get finished(): boolean {
    return this.step === 'done';
  }


  receive(chunk: Uint8Array): HandshakeAction[] {
    return pumpMessages(this.decoder, chunk, {
      done: () => this.finished,
      handle: (message) => this.handle(message),
      fail: (error) => this.fail(error),
    });
  }

  /** The server closed the connection before the handshake finished. */
  end(): HandshakeAction[] {
    if (this.finished) return [];
    if (this.step === 'export-name') {
      // Refusing EXPORT_NAME means disconnecting: it has no error reply.
      return this.fail(nbdError('export-refused', `export ${JSON.stringify(this.config.exportName)} refused: server disconnected`));
    }
    return this.fail(this.decoder.finish() ?? nbdError('connection-closed', `connection closed during the handshake (${this.step})`));
  }

  private handle(message: ServerMessage): HandshakeAction[] {
    if (message.kind === 'greeting') {
      this.handshakeFlags = message.handshakeFlags;
      return [{ kind: 'send', bytes: clientFlagsFor(message.handshakeFlags) }, ...this.advance()];
    }
    if (message.kind === 'export-name-reply' && this.step === 'export-name') {
      return this.ready({ sizeBytes: message.sizeBytes, transmissionFlags: message.transmissionFlags }, 'export-name');
    }
    if (message.kind !== 'option-reply') return this.fail(nbdError('unexpected-option-reply', `unexpected ${message.kind} during the handshake`));
    const expected = this.expectedOption();
    if (message.option !== expected) return this.fail(unexpectedReply(message.option, message.type, expected));
    switch (this.step) {
      case 'structured': return this.onStructured(message.type);
      case 'meta': return this.onMeta(message.type, message.data);
      default: return this.onGo(message.type, message.data);
    }
  }

  private expectedOption(): number {
    if (this.step === 'structured') return option.structuredReply;
    if (this.step === 'meta') return option.setMetaContext;
    return option.go;
  }

  /** Sends the next option of the sequence, skipping the ones the configuration does not want. */
  private advance(): HandshakeAction[] {
    const { config } = this;
    if (this.step === 'greeting' && config.structuredReplies) return this.send('structured', encodeOptionRequest(option.structuredReply));
    if ((this.step === 'greeting' || this.step === 'structured') && this.structured && config.metaContexts.length > 0) {
      return this.send('meta', encodeOptionRequest(option.setMetaContext, encodeMetaContextRequest({ exportName: config.exportName, queries: config.metaContexts })));
    }
    if (config.useGo) {
      return this.send('go', encodeOptionRequest(option.go, encodeInfoRequest({ exportName: config.exportName, infoTypes: [info.blockSize, info.description] })));
    }
    return this.exportNameFallback();
  }

  private exportNameFallback(): HandshakeAction[] {
    this.decoder.expectExportNameReply((this.handshakeFlags & handshakeFlag.noZeroes) !== 0);
    return this.send('export-name', encodeOptionRequest(option.exportName, encodeString(this.config.exportName)));
  }

  private send(step: Step, bytes: Uint8Array): HandshakeAction[] {
    this.step = step;
    return [{ kind: 'send', bytes }];
  }

  private onStructured(type: number): HandshakeAction[] {
    if (type !== reply.ack && !isErrorReply(type)) return this.fail(unexpectedReply(option.structuredReply, type, option.structuredReply));
    this.structured = type === reply.ack;
    return this.advance();
  }

  private onMeta(type: number, data: Uint8Array): HandshakeAction[] {
    if (type === reply.metaContext) {
      const entry = decodeMetaContextEntry(data, this.config.limits);
      if (!entry.ok) return this.fail(entry.error);
      if (this.contexts.length >= this.config.limits.metaContextQueriesMax) {
        return this.fail(nbdError('malformed-option-reply', `more than ${this.config.limits.metaContextQueriesMax} meta contexts`));
      }
      this.contexts.push(entry.value);
      return [];
    }
    if (type !== reply.ack && !isErrorReply(type)) return this.fail(unexpectedReply(option.setMetaContext, type, option.setMetaContext));
    // A refused SET_META_CONTEXT only means no block status; the connection goes on.
    if (type !== reply.ack) this.contexts = [];
    return this.advance();
  }

  private onGo(type: number, data: Uint8Array): HandshakeAction[] {
    if (type === reply.info) {
      const item = decodeInfoItem(data, this.config.limits);
      if (!item.ok) return this.fail(item.error);
      if (this.infos.length >= infoItemsMax) return this.fail(nbdError('malformed-option-reply', `more than ${infoItemsMax} NBD_REP_INFO replies`));
      this.infos.push(item.value);
      return [];
    }
    if (type === reply.errUnsup) return this.exportNameFallback();
    if (isErrorReply(type)) return this.fail(optionReplyError(option.go, type, data, `export ${JSON.stringify(this.config.exportName)}`));
    if (type !== reply.ack) return this.fail(unexpectedReply(option.go, type, option.go));
    const summary = this.infos.find((item) => item.type === 'export');
    if (!summary) return this.fail(nbdError('missing-export-info', 'server acknowledged NBD_OPT_GO without NBD_INFO_EXPORT'));
    return this.ready(summary, 'go');
  }

  private ready(summary: { sizeBytes: number; transmissionFlags: number }, via: Negotiated['via']): HandshakeAction[] {
    this.step = 'done';
    const blockSize = this.infos.find((item) => item.type === 'block-size');
    const description = this.infos.find((item) => item.type === 'description');
    const negotiated: Negotiated = {
      exportName: this.config.exportName,
      sizeBytes: summary.sizeBytes,
      transmissionFlags: summary.transmissionFlags,
      handshakeFlags: this.handshakeFlags,
      structuredReplies: this.structured,
      metaContexts: this.contexts,
      blockSize: blockSize ? { minimumBytes: blockSize.minimumBytes, preferredBytes: blockSize.preferredBytes, payloadBytesMax: blockSize.payloadBytesMax } : null,
      description: description ? description.text : null,
      via,
    };
    return [{ kind: 'ready', negotiated }];
  }

  private fail(error: NbdError): HandshakeAction[] {
    this.step = 'done';
    return [{ kind: 'failed', error }];
  }
}
