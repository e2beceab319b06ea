// A minimal QMP client (docs/interop/qmp-spec.rst): one JSON object per line over a UNIX
// socket; read the greeting, negotiate capabilities, then `execute` commands by id and collect
// asynchronous events with their QEMU-side timestamps.
import { connect, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { qmpError, type QmpError } from './errors.js';

export interface QmpEvent {
  readonly event: string;
  readonly data: Readonly<Record<string, unknown>>;
  /** QEMU's wall clock when it emitted the event, in seconds. */
  readonly timestampSeconds: number;
}

export type QmpResult = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: QmpError };
export type QmpEventResult = { readonly ok: true; readonly event: QmpEvent } | { readonly ok: false; readonly error: QmpError };

const lineBytesMax = 1024 * 1024;
const eventsKeptMax = 10_000;

interface Pending {
  readonly command: string;
  resolve(result: QmpResult): void;
}

export class QmpClient {
  readonly events: QmpEvent[] = [];
  private buffered = '';
  private idNext = 1;
  private readonly pending = new Map<number, Pending>();
  private eventWaiters: (() => void)[] = [];
  private failure: QmpError | null = null;
  private greeting: ((ok: boolean) => void) | null = null;
  private greeted = false;

  private constructor(private readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (text: string) => this.onData(text));
    socket.on('close', () => this.fail(qmpError('qmp-closed', 'monitor connection closed')));
    socket.on('error', (error) => this.fail(qmpError('qmp-closed', `monitor connection failed: ${error.message}`)));
  }

  /** Connects (retrying while QEMU creates the socket), reads the greeting, enters command mode. */
  static async connect(path: string, timeoutMs: number): Promise<{ ok: true; client: QmpClient } | { ok: false; error: QmpError }> {
    const deadline = Date.now() + timeoutMs;
    let socket: Socket | null = null;
    while (!socket && Date.now() < deadline) {
      socket = await tryConnect(path);
      if (!socket) await sleep(20);
    }
    if (!socket) return { ok: false, error: qmpError('qmp-timeout', `monitor socket ${path} did not accept within ${timeoutMs} ms`) };
    const client = new QmpClient(socket);
    const greeted = client.greeted || await new Promise<boolean>((resolve) => {
      client.greeting = resolve;
      setTimeout(() => resolve(false), Math.max(0, deadline - Date.now()));
    });
    if (!greeted) {
      client.close();
      return { ok: false, error: client.failure ?? qmpError('qmp-timeout', `QMP greeting did not arrive within ${timeoutMs} ms`) };
    }
    const capabilities = await client.execute('qmp_capabilities', undefined, timeoutMs);
    if (!capabilities.ok) {
      client.close();
      return capabilities;
    }
    return { ok: true, client };
  }

  execute(command: string, args?: Readonly<Record<string, unknown>>, timeoutMs = 30_000): Promise<QmpResult> {
    if (this.failure) return Promise.resolve({ ok: false, error: this.failure });
    const id = this.idNext++;
    return new Promise<QmpResult>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        resolve({ ok: false, error: qmpError('qmp-timeout', `reply to ${command} did not arrive within ${timeoutMs} ms`) });
      }, timeoutMs);
      this.pending.set(id, { command, resolve: (result) => (clearTimeout(timer), resolve(result)) });
      this.socket.write(JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id }) + '\n');
    });
  }

  /** The first event (already received or still to come) that `match` accepts. */
  async waitForEvent(match: (event: QmpEvent) => boolean, timeoutMs: number, what = 'event'): Promise<QmpEventResult> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return { ok: true, event: found };
      if (this.failure) return { ok: false, error: qmpError('qmp-closed', `monitor connection closed while waiting for ${what}`) };
      const left = deadline - Date.now();
      if (left <= 0) return { ok: false, error: qmpError('qmp-timeout', `${what} did not arrive within ${timeoutMs} ms`) };
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.eventWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private onData(text: string): void {
    this.buffered += text;
    let newline = this.buffered.indexOf('\n');
    while (newline >= 0) {
      const line = this.buffered.slice(0, newline).trim();
      this.buffered = this.buffered.slice(newline + 1);
      if (line !== '') this.onLine(line);
      newline = this.buffered.indexOf('\n');
    }
    if (this.buffered.length > lineBytesMax) {
      this.fail(qmpError('qmp-protocol', `monitor sent a line longer than ${lineBytesMax} bytes`));
      this.socket.destroy();
    }
  }

  private onLine(line: string): void {
    let message: Record<string, unknown>;
    try {
      message = JSON.parse(line) as Record<string, unknown>;
    } catch {
      this.fail(qmpError('qmp-protocol', `monitor sent invalid JSON: ${line.slice(0, 200)}`));
      return;
    }
    if ('QMP' in message) {
      this.greeted = true;
      this.greeting?.(true);
      this.greeting = null;
    } else if (typeof message.event === 'string') {
      this.onEvent(message);
    } else if (typeof message.id === 'number') {
      this.onReply(message.id, message);
    }
  }

  private onReply(id: number, message: Record<string, unknown>): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    this.pending.delete(id);
    const error = message.error as { class?: string; desc?: string } | undefined;
    if (error) pending.resolve({ ok: false, error: qmpError('qmp-error', `${pending.command} failed: ${error.desc ?? '?'} (${error.class ?? '?'})`) });
    else pending.resolve({ ok: true, value: message.return });
  }

  private onEvent(message: Record<string, unknown>): void {
    const stamp = message.timestamp as { seconds?: number; microseconds?: number } | undefined;
    const event: QmpEvent = {
      event: message.event as string,
      data: (message.data ?? {}) as Record<string, unknown>,
      timestampSeconds: (stamp?.seconds ?? 0) + (stamp?.microseconds ?? 0) / 1e6,
    };
    if (this.events.length < eventsKeptMax) this.events.push(event);
    for (const wake of this.eventWaiters.splice(0)) wake();
  }

  private fail(error: QmpError): void {
    if (this.failure) return;
    this.failure = error;
    this.greeting?.(false);
    for (const pending of this.pending.values()) pending.resolve({ ok: false, error });
    this.pending.clear();
    for (const wake of this.eventWaiters.splice(0)) wake();
  }
}

function tryConnect(path: string): Promise<Socket | null> {
  return new Promise((resolve) => {
    const socket = connect({ path });
    socket.once('connect', () => {
      socket.removeAllListeners('error');
      resolve(socket);
    });
    socket.once('error', () => resolve(null));
  });
}
