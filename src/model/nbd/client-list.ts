// Listing a server's exports without entering transmission: LIST, then INFO for each name,
// then ABORT (a soft disconnect). What `nbdinfo --list` does, as a pure state machine
// (doc/proto.md "NBD_OPT_LIST", "NBD_OPT_INFO", "NBD_OPT_ABORT").
import { clientFlagsFor, isErrorReply, optionReplyError, unexpectedReply } from './client-options.js';
import { info, option, reply } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import type { BlockSizeConstraints } from './export-definition.js';
import type { NbdLimits } from './limits.js';
import { decodeInfoItem, decodeServerEntry, type InfoItem } from './option-replies.js';
import { encodeInfoRequest, encodeOptionRequest } from './options.js';
import { ServerStreamDecoder, type ServerMessage } from './server-stream-decoder.js';
import { pumpMessages } from './decode-step.js';

export interface ListedExport {
  readonly name: string;
  readonly description: string;
  /** Null when the server refused NBD_OPT_INFO for this export. */
  readonly sizeBytes: number | null;
  readonly transmissionFlags: number | null;
  readonly blockSize: BlockSizeConstraints | null;
}

export type ListAction =
  | { readonly kind: 'send'; readonly bytes: Uint8Array }
  | { readonly kind: 'listed'; readonly exports: readonly ListedExport[] }
  | { readonly kind: 'failed'; readonly error: NbdError };

type Step = 'greeting' | 'list' | 'info' | 'abort' | 'done';

export class ClientLister {
  private readonly decoder: ServerStreamDecoder;
  private step: Step = 'greeting';
  private readonly names: { name: string; description: string }[] = [];
  private readonly listed: ListedExport[] = [];
  private infos: InfoItem[] = [];

  constructor(private readonly limits: NbdLimits) {
    this.decoder = new ServerStreamDecoder(limits);
  }
  /** Read through a getter so that TypeScript does not narrow it across calls that change it. */
  private get finished(): boolean {
    return this.step === 'done';
  }


  receive(chunk: Uint8Array): ListAction[] {
    return pumpMessages(this.decoder, chunk, {
      done: () => this.finished,
      handle: (message) => this.handle(message),
      fail: (error) => this.fail(error),
    });
  }

  /** Servers may close right after acknowledging ABORT, or without acknowledging it. */
  end(): ListAction[] {
    if (this.finished) return [];
    if (this.step === 'abort') return this.finish();
    return this.fail(this.decoder.finish() ?? nbdError('connection-closed', `connection closed while listing (${this.step})`));
  }

  private handle(message: ServerMessage): ListAction[] {
    if (message.kind === 'greeting') {
      this.step = 'list';
      return [{ kind: 'send', bytes: clientFlagsFor(message.handshakeFlags) }, { kind: 'send', bytes: encodeOptionRequest(option.list) }];
    }
    if (message.kind !== 'option-reply') return this.fail(nbdError('unexpected-option-reply', `unexpected ${message.kind} while listing`));
    const expected = this.step === 'list' ? option.list : this.step === 'info' ? option.info : option.abort;
    if (message.option !== expected) return this.fail(unexpectedReply(message.option, message.type, expected));
    if (this.step === 'list') return this.onList(message.type, message.data);
    if (this.step === 'info') return this.onInfo(message.type, message.data);
    return this.finish();
  }

  private onList(type: number, data: Uint8Array): ListAction[] {
    if (type === reply.server) {
      const entry = decodeServerEntry(data, this.limits);
      if (!entry.ok) return this.fail(entry.error);
      if (this.names.length >= this.limits.exportsListedMax) {
        return this.fail(nbdError('too-many-exports', `server listed more than ${this.limits.exportsListedMax} exports`));
      }
      this.names.push(entry.value);
      return [];
    }
    if (isErrorReply(type)) return this.fail(optionReplyError(option.list, type, data, 'LIST'));
    if (type !== reply.ack) return this.fail(unexpectedReply(option.list, type, option.list));
    return this.nextInfo();
  }

  private onInfo(type: number, data: Uint8Array): ListAction[] {
    if (type === reply.info) {
      const item = decodeInfoItem(data, this.limits);
      if (!item.ok) return this.fail(item.error);
      if (this.infos.length >= 64) return this.fail(nbdError('malformed-option-reply', 'more than 64 NBD_REP_INFO replies'));
      this.infos.push(item.value);
      return [];
    }
    if (type !== reply.ack && !isErrorReply(type)) return this.fail(unexpectedReply(option.info, type, option.info));
    const current = this.names[this.listed.length] as { name: string; description: string };
    const summary = type === reply.ack ? this.infos.find((i) => i.type === 'export') : undefined;
    const blockSize = type === reply.ack ? this.infos.find((i) => i.type === 'block-size') : undefined;
    const description = this.infos.find((i) => i.type === 'description');
    this.listed.push({
      name: current.name,
      description: description?.text ?? current.description,
      sizeBytes: summary?.sizeBytes ?? null,
      transmissionFlags: summary?.transmissionFlags ?? null,
      blockSize: blockSize ? { minimumBytes: blockSize.minimumBytes, preferredBytes: blockSize.preferredBytes, payloadBytesMax: blockSize.payloadBytesMax } : null,
    });
    return this.nextInfo();
  }

  private nextInfo(): ListAction[] {
    this.infos = [];
    const next = this.names[this.listed.length];
    if (next === undefined) {
      this.step = 'abort';
      return [{ kind: 'send', bytes: encodeOptionRequest(option.abort) }];
    }
    this.step = 'info';
    return [{ kind: 'send', bytes: encodeOptionRequest(option.info, encodeInfoRequest({ exportName: next.name, infoTypes: [info.blockSize, info.description] })) }];
  }

  private finish(): ListAction[] {
    this.step = 'done';
    return [{ kind: 'listed', exports: this.listed }];
  }

  private fail(error: NbdError): ListAction[] {
    this.step = 'done';
    return [{ kind: 'failed', error }];
  }
}
