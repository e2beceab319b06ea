// One server-side NBD connection as a pure state machine ("sans I/O"): bytes from the client go
// in, actions come out (bytes to send, commands for the export, close). The I/O layer
// (src/io/nbd/server.ts) owns the socket and the export and reports each command's outcome
// back through `reply`. Arbitrary input never throws and never leaves the session waiting for
// an unbounded amount of data.
import { ClientStreamDecoder, type ClientMessage } from './client-stream-decoder.js';
import { handshakeFlag } from './constants.js';
import { nbdError, type NbdError } from './errors.js';
import type { ExportDefinition } from './export-definition.js';
import { checkClientFlags, encodeGreeting } from './handshake.js';
import { handleOption, type OptionState, type ServerConfig } from './server-options.js';
import { checkRequest, encodeReply, type CommandOutcome, type ServerCommand, type TransmissionContext } from './server-requests.js';
import { pumpMessages } from './decode-step.js';

export type ServerAction =
  | { readonly kind: 'send'; readonly bytes: readonly Uint8Array[] }
  | { readonly kind: 'command'; readonly command: ServerCommand }
  /** NBD_CMD_DISC: finish the commands in flight, then close (a soft disconnect). */
  | { readonly kind: 'disconnect' }
  /** Close now: after NBD_OPT_ABORT (error null) or on a protocol violation. */
  | { readonly kind: 'close'; readonly error: NbdError | null };

export type ServerPhase = 'handshake' | 'transmission' | 'closed';

export class ServerSession {
  private readonly decoder: ClientStreamDecoder;
  private state: OptionState = { noZeroes: false, structuredReplies: false, metaContexts: null };
  private stage: ServerPhase = 'handshake';
  private optionsSeen = 0;
  private transmission: TransmissionContext | null = null;

  constructor(private readonly config: ServerConfig) {
    this.decoder = new ClientStreamDecoder(config.limits);
  }
  /** Read through a getter so that TypeScript does not narrow it across calls that change it. */
  private get closed(): boolean {
    return this.stage === 'closed';
  }


  get phase(): ServerPhase {
    return this.stage;
  }

  /** The export chosen by the client, once transmission has started. */
  get definition(): ExportDefinition | null {
    return this.transmission?.definition ?? null;
  }

  get structuredReplies(): boolean {
    return this.state.structuredReplies;
  }

  start(): ServerAction[] {
    return [{ kind: 'send', bytes: [encodeGreeting(this.config.handshakeFlags)] }];
  }

  receive(chunk: Uint8Array): ServerAction[] {
    return pumpMessages(this.decoder, chunk, {
      done: () => this.closed,
      handle: (message) => this.dispatch(message),
      fail: (error) => this.close(error),
    });
  }

  /** The client closed its side. Bytes left inside a message are reported as `truncated`. */
  end(): ServerAction[] {
    if (this.closed) return [];
    return this.close(this.decoder.finish());
  }

  /** Encodes the reply to a command the export has carried out. */
  reply(command: ServerCommand, outcome: CommandOutcome): Uint8Array[] {
    return encodeReply(command, outcome, this.state.structuredReplies);
  }

  private dispatch(message: ClientMessage): ServerAction[] {
    switch (message.kind) {
      case 'client-flags': {
        const error = checkClientFlags(message.flags, this.config.handshakeFlags);
        if (error) return this.close(error);
        this.state = { ...this.state, noZeroes: (message.flags & handshakeFlag.noZeroes) !== 0 };
        return [];
      }
      case 'option':
        return this.option(message.option, message.data);
      case 'request':
        return this.request(message);
    }
  }

  private option(code: number, data: Uint8Array): ServerAction[] {
    this.optionsSeen += 1;
    if (this.optionsSeen > this.config.limits.optionsMax) {
      return this.close(nbdError('too-many-options', `more than ${this.config.limits.optionsMax} options on one connection`));
    }
    const outcome = handleOption(this.config, this.state, code, data);
    switch (outcome.kind) {
      case 'continue':
        this.state = outcome.state;
        return [{ kind: 'send', bytes: outcome.replies }];
      case 'transmission':
        this.state = outcome.state;
        this.transmission = {
          definition: outcome.definition,
          structuredReplies: outcome.state.structuredReplies,
          metaContexts: outcome.state.metaContexts?.contexts ?? [],
          payloadBytesMax: Math.min(this.config.limits.payloadBytesMax, outcome.definition.blockSize.payloadBytesMax),
        };
        this.stage = 'transmission';
        this.decoder.enterTransmission();
        return [{ kind: 'send', bytes: outcome.replies }];
      case 'abort':
        return [{ kind: 'send', bytes: outcome.replies }, ...this.close(null)];
      case 'drop':
        return this.close(outcome.error);
    }
  }

  private request(message: Extract<ClientMessage, { kind: 'request' }>): ServerAction[] {
    const check = checkRequest(this.transmission as TransmissionContext, message.request, message.payload);
    switch (check.kind) {
      case 'command':
        return [{ kind: 'command', command: check.command }];
      case 'refuse':
        return [{ kind: 'send', bytes: encodeReply({ kind: 'refused', cookie: check.cookie }, { ok: false, errno: check.errno, message: check.message }, this.state.structuredReplies) }];
      case 'disconnect':
        this.stage = 'closed';
        return [{ kind: 'disconnect' }];
    }
  }

  private close(error: NbdError | null): ServerAction[] {
    this.stage = 'closed';
    return [{ kind: 'close', error }];
  }
}
