// The client's transmission phase as a pure state machine: it numbers requests, remembers
// each one in flight, and turns the server's simple replies and structured chunks back into one
// result per request. Chunks may interleave between requests and arrive in any order; every
// rule the NBD protocol puts on them is checked (doc/proto.md "Structured reply chunk message").
import { command, errno as errnoValues, replyFlag, type ErrnoName } from './constants.js';
import { buildRequest, type ClientCommand } from './client-requests.js';
import type { Negotiated } from './client-handshake.js';
import { nbdError, type NbdError } from './errors.js';
import type { NbdLimits } from './limits.js';
import { RangeSet } from './range-set.js';
import type { ChunkBody, Extent } from './replies.js';
import { commandName, encodeRequestHeader, type NbdRequest } from './requests.js';
import type { ServerMessage, ServerStreamDecoder } from './server-stream-decoder.js';

export interface ContextExtents {
  readonly contextId: number;
  readonly name: string;
  readonly extents: readonly Extent[];
}

export type CommandResult =
  | { readonly ok: true; readonly kind: 'read'; readonly data: Uint8Array }
  | { readonly ok: true; readonly kind: 'block-status'; readonly contexts: readonly ContextExtents[] }
  | { readonly ok: true; readonly kind: 'done' }
  | { readonly ok: false; readonly error: NbdError; readonly errno: number; readonly errnoName: ErrnoName };

export interface Completion {
  readonly cookie: bigint;
  readonly result: CommandResult;
}

export type Prepared =
  | { readonly ok: true; readonly cookie: bigint; readonly header: Uint8Array; readonly payload: Uint8Array | null }
  | { readonly ok: false; readonly error: NbdError };

export interface ReceiveResult {
  readonly completions: readonly Completion[];
  /** A protocol violation: the connection must be dropped (hard disconnect). */
  readonly error: NbdError | null;
}

interface Pending {
  readonly request: NbdRequest;
  readonly data: Uint8Array | null;
  readonly covered: RangeSet;
  readonly statuses: Map<number, readonly Extent[]>;
  chunks: number;
  failure: { errno: number; message: string } | null;
}

export class ClientTransmission {
  private readonly pending = new Map<bigint, Pending>();
  private cookieNext = 1n;

  constructor(private readonly decoder: ServerStreamDecoder, readonly negotiated: Negotiated, private readonly limits: NbdLimits) {
    decoder.enterTransmission({ simpleReplyDataBytes: (cookie) => this.simpleReplyDataBytes(cookie) });
  }

  get inFlight(): number {
    return this.pending.size;
  }

  /** Checks a command, assigns it a cookie and returns the bytes to send; it is then in flight. */
  prepare(cmd: ClientCommand): Prepared {
    const cookie = this.cookieNext;
    const built = buildRequest(this.negotiated, this.limits, cmd, cookie);
    if (!built.ok) return built;
    this.cookieNext += 1n;
    const request = built.request;
    // Structured READ replies arrive in pieces: the buffer they are assembled in is allocated
    // here, for a length our own checks have already bounded by the maximum payload.
    const data = request.type === command.read && this.negotiated.structuredReplies ? new Uint8Array(request.length) : null;
    this.pending.set(cookie, { request, data, covered: new RangeSet(), statuses: new Map(), chunks: 0, failure: null });
    return { ok: true, cookie, header: encodeRequestHeader(request), payload: cmd.kind === 'write' ? cmd.data : null };
  }

  /** NBD_CMD_DISC: no reply ever comes (doc/proto.md "NBD_CMD_DISC"). */
  disconnectRequest(): Uint8Array {
    const cookie = this.cookieNext;
    this.cookieNext += 1n;
    return encodeRequestHeader({ flags: 0, type: command.disc, cookie, offset: 0, length: 0 });
  }

  receive(bytes: Uint8Array): ReceiveResult {
    const overflow = this.decoder.push(bytes);
    if (overflow) return { completions: [], error: overflow };
    const completions: Completion[] = [];
    for (;;) {
      const step = this.decoder.next();
      if (step.kind === 'need-more') return { completions, error: null };
      if (step.kind === 'error') return { completions, error: step.error };
      const outcome = this.handle(step.message);
      if ('code' in outcome) return { completions, error: outcome };
      if (outcome.result) completions.push(outcome.result);
    }
  }

  /** The server closed the connection: a half-received reply is `truncated`. */
  end(): NbdError | null {
    return this.decoder.finish();
  }

  private simpleReplyDataBytes(cookie: bigint): number | NbdError {
    const pending = this.pending.get(cookie);
    if (!pending) return nbdError('unknown-cookie', `reply for cookie ${cookie}, which is not in flight`);
    if (pending.request.type !== command.read) return 0;
    if (this.negotiated.structuredReplies || pending.chunks > 0) {
      return nbdError('unexpected-simple-reply', 'simple reply with data to READ after structured replies were negotiated');
    }
    return pending.request.length;
  }

  private handle(message: ServerMessage): { result: Completion | null } | NbdError {
    if (message.kind === 'simple-reply') return this.onSimpleReply(message.cookie, message.error, message.data);
    if (message.kind !== 'chunk') return nbdError('unexpected-chunk', `${message.kind} during transmission`);
    if (!this.negotiated.structuredReplies) return nbdError('unexpected-chunk', 'structured reply chunk without NBD_OPT_STRUCTURED_REPLY');
    const pending = this.pending.get(message.cookie);
    if (!pending) return nbdError('unknown-cookie', `reply for cookie ${message.cookie}, which is not in flight`);
    const problem = this.onChunk(pending, message.body);
    if (problem) return problem;
    if ((message.flags & replyFlag.done) === 0) {
      if (message.body.type === 'none') return nbdError('malformed-chunk', 'NONE chunk without the DONE flag');
      return { result: null };
    }
    this.pending.delete(message.cookie);
    return this.finish(message.cookie, pending);
  }

  private onSimpleReply(cookie: bigint, error: number, data: Uint8Array | null): { result: Completion } | NbdError {
    const pending = this.pending.get(cookie);
    if (!pending) return nbdError('unknown-cookie', `reply for cookie ${cookie}, which is not in flight`);
    if (pending.chunks > 0) return nbdError('unexpected-simple-reply', 'simple reply after structured chunks for the same request');
    this.pending.delete(cookie);
    if (error !== 0) return { result: { cookie, result: failure(pending.request, error, '') } };
    if (pending.request.type === command.read) return { result: { cookie, result: { ok: true, kind: 'read', data: data ?? new Uint8Array(0) } } };
    if (pending.request.type === command.blockStatus) {
      return nbdError('unexpected-simple-reply', 'simple success reply to BLOCK_STATUS, which needs a BLOCK_STATUS chunk');
    }
    return { result: { cookie, result: { ok: true, kind: 'done' } } };
  }

  private onChunk(pending: Pending, body: ChunkBody): NbdError | null {
    pending.chunks += 1;
    if (pending.chunks > this.limits.chunksPerReadMax) return nbdError('too-many-chunks', `more than ${this.limits.chunksPerReadMax} chunks in one reply`);
    const { request } = pending;
    switch (body.type) {
      case 'none':
        return null;
      case 'offset-data':
      case 'offset-hole':
        return this.onContent(pending, body);
      case 'block-status': {
        if (request.type !== command.blockStatus) return nbdError('unexpected-chunk', `chunk BLOCK_STATUS is not valid for ${commandName(request.type)}`);
        if (!this.negotiated.metaContexts.some((c) => c.id === body.contextId)) {
          return nbdError('unknown-meta-context', `block status for context id ${body.contextId}, which was not negotiated`);
        }
        if (pending.statuses.has(body.contextId)) return nbdError('malformed-chunk', `second BLOCK_STATUS chunk for context ${body.contextId}`);
        pending.statuses.set(body.contextId, body.extents);
        return null;
      }
      case 'error': {
        if (body.offset !== null && (body.offset < request.offset || body.offset >= request.offset + request.length)) {
          return nbdError('chunk-out-of-range', `error offset ${body.offset} outside the request ${request.offset}+${request.length}`);
        }
        // The first error decides the result; later ones are kept by the server's log, not ours.
        pending.failure ??= { errno: body.errno, message: body.message };
        return null;
      }
    }
  }

  private onContent(pending: Pending, body: Extract<ChunkBody, { type: 'offset-data' | 'offset-hole' }>): NbdError | null {
    const { request } = pending;
    const name = body.type === 'offset-data' ? 'OFFSET_DATA' : 'OFFSET_HOLE';
    if (request.type !== command.read || !pending.data) return nbdError('unexpected-chunk', `chunk ${name} is not valid for ${commandName(request.type)}`);
    const length = body.type === 'offset-data' ? body.data.length : body.sizeBytes;
    const start = body.offset - request.offset;
    if (body.offset < request.offset || start + length > request.length) {
      return nbdError('chunk-out-of-range', `chunk covers ${body.offset}+${length}, outside the request ${request.offset}+${request.length}`);
    }
    if (!pending.covered.add(start, start + length)) return nbdError('chunk-overlap', `chunk ${body.offset}+${length} overlaps an earlier chunk of the same reply`);
    // Holes read as zeroes, and the buffer started zeroed, so only data is copied.
    if (body.type === 'offset-data') pending.data.set(body.data, start);
    return null;
  }

  private finish(cookie: bigint, pending: Pending): { result: Completion } | NbdError {
    const { request } = pending;
    if (pending.failure) return { result: { cookie, result: failure(request, pending.failure.errno, pending.failure.message) } };
    if (request.type === command.read) {
      if (pending.covered.coveredBytes !== request.length) {
        return nbdError('incomplete-read', `READ reply covers ${pending.covered.coveredBytes} of ${request.length} bytes`);
      }
      return { result: { cookie, result: { ok: true, kind: 'read', data: pending.data as Uint8Array } } };
    }
    if (request.type === command.blockStatus) {
      const missing = this.negotiated.metaContexts.find((c) => !pending.statuses.has(c.id));
      if (missing) return nbdError('malformed-chunk', `BLOCK_STATUS reply without extents for context ${missing.name}`);
      const contexts = this.negotiated.metaContexts.map((c) => ({ contextId: c.id, name: c.name, extents: pending.statuses.get(c.id) ?? [] }));
      return { result: { cookie, result: { ok: true, kind: 'block-status', contexts } } };
    }
    return { result: { cookie, result: { ok: true, kind: 'done' } } };
  }
}

const errnoNames = new Map<number, ErrnoName>(Object.entries(errnoValues).map(([name, value]) => [value, name as ErrnoName]));

/** "A client SHOULD treat an unknown error value as EINVAL" (doc/proto.md "Error values"). */
function failure(request: NbdRequest, errno: number, message: string): CommandResult {
  const errnoName = errnoNames.get(errno) ?? 'EINVAL';
  const text = message === '' ? errnoName : message;
  const error = nbdError(errno === errnoValues.ESHUTDOWN ? 'server-shutdown' : 'command-failed', `${commandName(request.type)} failed: ${text} (${errno})`);
  return { ok: false, error, errno, errnoName };
}
