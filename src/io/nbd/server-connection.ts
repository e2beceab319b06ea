// One accepted connection: feeds socket bytes to the pure ServerSession, carries out the
// commands it emits against the export backend, and writes the replies in completion order
// (replies may be out of order, doc/proto.md "Transmission"). Commands beyond the per-connection
// limit wait in a queue and the socket is paused, so a client cannot make the server hold more
// than a bounded amount of work, nor make it hold replies it does not read.
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { errno, type CommandOutcome, type ServerAction, type ServerCommand, type ServerSession } from '../../model/nbd/index.js';
import type { BackendResult, ExportBackend } from './export-backend.js';
import { countCommand, type NbdServerStats } from './server-stats.js';

export interface CommandDelaysMs {
  readonly read?: number;
  readonly write?: number;
  readonly zero?: number;
  readonly trim?: number;
  readonly flush?: number;
}

export interface ConnectionOptions {
  readonly commandsInFlightMax: number;
  /** A per-command service delay, like nbdkit's delay filter (nbdkit-delay-filter(1)). */
  readonly delaysMs: CommandDelaysMs;
}

export class ServerConnection {
  private readonly queue: ServerCommand[] = [];
  private running = 0;
  private draining = false;
  private closed = false;

  constructor(
    private readonly socket: Socket,
    private readonly session: ServerSession,
    private readonly backendOf: (name: string) => ExportBackend | undefined,
    private readonly stats: NbdServerStats,
    private readonly options: ConnectionOptions,
  ) {
    socket.on('data', (chunk: Buffer) => this.apply(session.receive(chunk)));
    socket.on('end', () => this.apply(session.end()));
    socket.on('error', () => socket.destroy());
    // Replies wait in the socket's buffer when the client reads slowly; new commands start only
    // once it drains, so a client that never reads cannot make us hold unbounded READ data.
    socket.on('drain', () => this.pump());
    socket.on('close', () => {
      this.closed = true;
    });
    this.apply(session.start());
  }

  private apply(actions: readonly ServerAction[]): void {
    for (const action of actions) {
      if (this.closed) return;
      switch (action.kind) {
        case 'send':
          this.write(action.bytes);
          break;
        case 'command':
          this.queue.push(action.command);
          this.pump();
          break;
        case 'disconnect':
          // NBD_CMD_DISC: "the server MUST handle all outstanding requests" first (doc/proto.md).
          this.draining = true;
          this.finishIfIdle();
          break;
        case 'close':
          if (action.error) {
            this.stats.protocolErrors.push(action.error);
            this.socket.destroy();
          } else {
            this.socket.end();
          }
          return;
      }
    }
  }

  private write(parts: readonly Uint8Array[]): void {
    if (this.closed || this.socket.destroyed) return;
    this.socket.cork();
    for (const part of parts) this.socket.write(part);
    this.socket.uncork();
  }

  private pump(): void {
    while (this.queue.length > 0 && this.running < this.options.commandsInFlightMax && !this.socket.writableNeedDrain) {
      void this.run(this.queue.shift() as ServerCommand);
    }
    if (this.queue.length > 0) this.socket.pause();
    else if (!this.draining && !this.closed) this.socket.resume();
  }

  private async run(command: ServerCommand): Promise<void> {
    this.running += 1;
    this.stats.inFlight += 1;
    this.stats.inFlightMax = Math.max(this.stats.inFlightMax, this.stats.inFlight);
    countCommand(this.stats, command);
    // Backends report failures as data; anything thrown is a bug, answered as EIO, not a crash.
    const outcome = await this.execute(command).catch((error: unknown): CommandOutcome => ({ ok: false, errno: errno.EIO, message: String(error) }));
    this.stats.inFlight -= 1;
    this.running -= 1;
    this.write(this.session.reply(command, outcome));
    this.pump();
    this.finishIfIdle();
  }

  private finishIfIdle(): void {
    if (this.draining && this.running === 0 && this.queue.length === 0 && !this.closed) this.socket.end();
  }

  private async execute(command: ServerCommand): Promise<CommandOutcome> {
    const backend = this.backendOf(this.session.definition?.name ?? '');
    if (!backend) return { ok: false, errno: errno.EIO, message: 'export backend is gone' };
    const delay = this.delayOf(command);
    if (delay > 0) await sleep(delay);
    switch (command.kind) {
      case 'read': return outcome(await backend.read(command.offset, command.length), (data) => ({ ok: true, data }));
      case 'write': {
        const written = await backend.write(command.offset, command.payload);
        return written.ok && command.fua ? outcome(await backend.flush()) : outcome(written);
      }
      case 'flush': return outcome(await backend.flush());
      case 'trim': return outcome(await backend.trim(command.offset, command.length));
      case 'write-zeroes': return outcome(await backend.writeZeroes(command.offset, command.length, command.noHole));
      case 'cache': return { ok: true };
      case 'block-status': return outcome(await backend.extents(command.offset, command.length), (extents) => ({ ok: true, extents }));
    }
  }

  private delayOf(command: ServerCommand): number {
    const delays = this.options.delaysMs;
    switch (command.kind) {
      case 'read': return delays.read ?? 0;
      case 'write': return delays.write ?? 0;
      case 'write-zeroes': return delays.zero ?? 0;
      case 'trim': return delays.trim ?? 0;
      case 'flush': return delays.flush ?? 0;
      default: return 0;
    }
  }
}

function outcome<T>(result: BackendResult<T>, ok: (value: T) => CommandOutcome = () => ({ ok: true })): CommandOutcome {
  return result.ok ? ok(result.value) : { ok: false, errno: result.errno, message: result.message };
}
