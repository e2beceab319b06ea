// migsim's NBD client: the pure ClientHandshake and ClientTransmission driven over a socket,
// with pipelined requests up to an in-flight limit (QEMU's block/nbd.c allows MAX_NBD_REQUESTS
// = 16 per connection; so do we by default). Peer errors come back as data, never as throws.
import type { Socket } from 'node:net';
import {
  ClientHandshake, ClientTransmission, defaultLimits, errno, nbdError, type ClientCommand, type CommandResult,
  type HandshakeAction, type NbdError, type NbdLimits, type Negotiated,
} from '../../model/nbd/index.js';
import { connectSocket, describeAddress, type NbdAddress } from './address.js';

export interface ConnectOptions {
  readonly exportName?: string;
  readonly structuredReplies?: boolean;
  readonly metaContexts?: readonly string[];
  /** False skips NBD_OPT_GO (tests the EXPORT_NAME path). */
  readonly useGo?: boolean;
  readonly inFlightMax?: number;
  readonly limits?: NbdLimits;
  readonly timeoutMs?: number;
}

/** A command's result, or the connection's end while it was in flight. */
export type RequestOutcome = CommandResult | { readonly ok: false; readonly error: NbdError; readonly errno: null; readonly errnoName: null };

export type ConnectOutcome = { readonly ok: true; readonly client: NbdClient } | { readonly ok: false; readonly error: NbdError };

export async function connectNbd(address: NbdAddress, options: ConnectOptions = {}): Promise<ConnectOutcome> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const limits = options.limits ?? defaultLimits;
  const connected = await connectSocket(address, timeoutMs);
  if (!connected.ok) return connected;
  const handshake = new ClientHandshake({
    exportName: options.exportName ?? '',
    structuredReplies: options.structuredReplies ?? true,
    metaContexts: options.metaContexts ?? ['base:allocation'],
    useGo: options.useGo ?? true,
    limits,
  });
  const negotiated = await negotiate(connected.socket, handshake, timeoutMs, describeAddress(address));
  if (!negotiated.ok) {
    connected.socket.destroy();
    return negotiated;
  }
  const transmission = new ClientTransmission(handshake.decoder, negotiated.negotiated, limits);
  return { ok: true, client: new NbdClient(connected.socket, transmission, options.inFlightMax ?? 16) };
}

function negotiate(socket: Socket, handshake: ClientHandshake, timeoutMs: number, where: string): Promise<{ ok: true; negotiated: Negotiated } | { ok: false; error: NbdError }> {
  return new Promise((resolve) => {
    const finish = (result: { ok: true; negotiated: Negotiated } | { ok: false; error: NbdError }): void => {
      clearTimeout(timer);
      // The handshake may leave transmission bytes behind: pause so that none are emitted
      // before the client's own listener is attached.
      socket.pause();
      socket.off('data', onData).off('end', onEnd).off('error', onError);
      resolve(result);
    };
    const apply = (actions: readonly HandshakeAction[]): void => {
      for (const action of actions) {
        if (action.kind === 'send') socket.write(action.bytes);
        else if (action.kind === 'ready') return finish({ ok: true, negotiated: action.negotiated });
        else return finish({ ok: false, error: action.error });
      }
    };
    const onData = (chunk: Buffer): void => apply(handshake.receive(chunk));
    const onEnd = (): void => apply(handshake.end());
    const onError = (error: Error): void => finish({ ok: false, error: nbdError('connection-closed', `connection to ${where} failed during the handshake: ${error.message}`) });
    const timer = setTimeout(() => finish({ ok: false, error: nbdError('timeout', `handshake with ${where} did not finish within ${timeoutMs} ms`) }), timeoutMs);
    socket.on('data', onData).on('end', onEnd).on('error', onError);
  });
}

interface Waiter {
  resolve(outcome: RequestOutcome): void;
}

export class NbdClient {
  private readonly waiters = new Map<bigint, Waiter>();
  private readonly slotWaiters: (() => void)[] = [];
  private failure: NbdError | null = null;
  private shuttingDown = false;
  private observedInFlightMax = 0;

  constructor(private readonly socket: Socket, private readonly transmission: ClientTransmission, readonly inFlightMax: number) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.fail(transmission.end() ?? nbdError('connection-closed', `connection closed with ${this.waiters.size} requests in flight`)));
    socket.on('error', (error) => this.fail(nbdError('connection-closed', `connection failed: ${error.message}`)));
    socket.on('close', () => this.fail(nbdError('connection-closed', `connection closed with ${this.waiters.size} requests in flight`)));
    socket.resume();
  }

  get negotiated(): Negotiated {
    return this.transmission.negotiated;
  }

  get inFlight(): number {
    return this.waiters.size;
  }

  /** The most requests this client ever had in flight. */
  get inFlightObservedMax(): number {
    return this.observedInFlightMax;
  }

  read(offset: number, length: number): Promise<RequestOutcome> {
    return this.submit({ kind: 'read', offset, length });
  }

  write(offset: number, data: Uint8Array, fua = false): Promise<RequestOutcome> {
    return this.submit({ kind: 'write', offset, data, fua });
  }

  writeZeroes(offset: number, length: number, options: { noHole?: boolean; fastZero?: boolean } = {}): Promise<RequestOutcome> {
    return this.submit({ kind: 'write-zeroes', offset, length, ...options });
  }

  trim(offset: number, length: number): Promise<RequestOutcome> {
    return this.submit({ kind: 'trim', offset, length });
  }

  flush(): Promise<RequestOutcome> {
    return this.submit({ kind: 'flush' });
  }

  blockStatus(offset: number, length: number, reqOne = false): Promise<RequestOutcome> {
    return this.submit({ kind: 'block-status', offset, length, reqOne });
  }

  /** Sends one command once a slot is free; resolves with its result. */
  async submit(cmd: ClientCommand): Promise<RequestOutcome> {
    while (this.waiters.size >= this.inFlightMax && !this.failure) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    if (this.failure) return lost(this.failure);
    if (this.shuttingDown) return lost(nbdError('server-shutdown', 'server is shutting down (ESHUTDOWN); no new requests'));
    const prepared = this.transmission.prepare(cmd);
    if (!prepared.ok) return lost(prepared.error);
    const result = new Promise<RequestOutcome>((resolve) => this.waiters.set(prepared.cookie, { resolve }));
    this.observedInFlightMax = Math.max(this.observedInFlightMax, this.waiters.size);
    this.socket.cork();
    this.socket.write(prepared.header);
    if (prepared.payload) this.socket.write(prepared.payload);
    this.socket.uncork();
    return result;
  }

  /**
   * A soft disconnect: waits for the requests in flight, sends NBD_CMD_DISC, and closes once the
   * server has closed its side (or after `graceMs`, for a server that never does).
   */
  async disconnect(graceMs = 5000): Promise<void> {
    while (this.waiters.size > 0 && !this.failure) await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
    if (!this.failure && !this.socket.destroyed) {
      this.socket.end(this.transmission.disconnectRequest());
      await new Promise<void>((resolve) => {
        if (this.socket.closed) return resolve();
        const timer = setTimeout(resolve, graceMs);
        this.socket.once('close', () => (clearTimeout(timer), resolve()));
      });
    }
    this.close();
  }

  /** A hard disconnect: requests in flight fail with `connection-closed`. */
  close(): void {
    this.fail(nbdError('connection-closed', `connection closed by the client with ${this.waiters.size} requests in flight`));
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    const { completions, error } = this.transmission.receive(chunk);
    for (const completion of completions) {
      const waiter = this.waiters.get(completion.cookie);
      this.waiters.delete(completion.cookie);
      // ESHUTDOWN: "the client MUST initiate a soft disconnect" (doc/proto.md "Error values").
      if (!completion.result.ok && completion.result.errno === errno.ESHUTDOWN) this.shuttingDown = true;
      waiter?.resolve(completion.result);
    }
    if (completions.length > 0) this.wakeAll();
    if (error) {
      this.fail(error);
      this.socket.destroy();
    }
  }

  /** Every waiter re-checks its condition; they resume in the order they started waiting. */
  private wakeAll(): void {
    for (const wake of this.slotWaiters.splice(0)) wake();
  }

  private fail(error: NbdError): void {
    if (this.failure) return;
    this.failure = error;
    for (const waiter of this.waiters.values()) waiter.resolve(lost(error));
    this.waiters.clear();
    this.wakeAll();
  }
}

function lost(error: NbdError): RequestOutcome {
  return { ok: false, error, errno: null, errnoName: null };
}
