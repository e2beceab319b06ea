// A proxy on the libvirt RPC link between a p2p source daemon and the destination daemon, which
// hands every migration cookie in flight to a rewrite hook (cookies.ts) and forwards every other
// frame byte for byte (keepalive, stream data, other procedures). It listens on a UNIX socket in
// the harness's directory - which the source daemon in its namespace can reach, as /tmp is not
// bind-mounted over - or on TCP, and connects to the destination's socket. Frames are cut from
// the stream whole before they are looked at (frame-splitter.ts), so a cookie split across
// reads is still found.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { fail, ok, type RealResult } from '../errors.js';
import { rewriteFrame, type CookiePoint, type CookieRewrite, type Direction } from './cookies.js';
import { FrameSplitter } from './frame-splitter.js';
import { readHeader } from './frame.js';

export type Endpoint = { readonly path: string } | { readonly host: string; readonly port: number };

export interface ProxyOptions {
  readonly listen: Endpoint;
  readonly upstream: Endpoint;
  readonly rewrite: CookieRewrite;
  /** Keep a copy of every frame (as received, before any rewrite), e.g. for a test corpus. */
  readonly captureFrames?: boolean;
}

export interface ProxyEvent {
  readonly atMs: number;
  readonly connection: number;
  readonly point: CookiePoint;
  readonly procedure: number;
  readonly direction: Direction;
  readonly cookieBefore: string;
  /** The cookie sent instead, or null when the hook left it unchanged. */
  readonly cookieAfter: string | null;
}

export interface CapturedFrame {
  readonly connection: number;
  /** `to-target`: from the source daemon to the destination; `to-source`: the replies. */
  readonly flow: 'to-target' | 'to-source';
  readonly bytes: Uint8Array;
}

export interface RpcProxy {
  readonly events: readonly ProxyEvent[];
  readonly frames: readonly CapturedFrame[];
  readonly errors: readonly string[];
  close(): Promise<void>;
}

/** Bounds on what one proxy keeps and serves. */
export const proxyLimits = { connectionsMax: 16, eventsMax: 256, capturedFramesMax: 1000, capturedBytesMax: 16 * 1024 * 1024 } as const;

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes.at(-1) === 0 ? bytes.subarray(0, -1) : bytes);

class ProxyState implements RpcProxy {
  readonly events: ProxyEvent[] = [];
  readonly frames: CapturedFrame[] = [];
  readonly errors: string[] = [];
  readonly sockets = new Set<Socket>();
  capturedBytes = 0;
  connections = 0;
  readonly startMs = performance.now();

  constructor(readonly server: Server, readonly options: ProxyOptions) {}

  capture(connection: number, flow: CapturedFrame['flow'], frame: Uint8Array): void {
    if (!this.options.captureFrames || this.frames.length >= proxyLimits.capturedFramesMax) return;
    if (this.capturedBytes + frame.length > proxyLimits.capturedBytesMax) return;
    this.capturedBytes += frame.length;
    this.frames.push({ connection, flow, bytes: frame.slice() });
  }

  /** One direction of one connection: whole frames, the cookie ones rewritten. */
  pipe(connection: number, flow: CapturedFrame['flow'], from: Socket, to: Socket): void {
    const splitter = new FrameSplitter();
    from.on('data', (chunk: Buffer) => {
      for (const frame of splitter.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.length))) {
        this.capture(connection, flow, frame);
        const result = rewriteFrame(frame, this.options.rewrite);
        if (result.error !== null) this.errors.push(`connection ${connection} ${flow}: ${result.error} (frame passed on unchanged)`);
        if (result.seen && this.events.length < proxyLimits.eventsMax) {
          const { site, replacement } = result.seen;
          this.events.push({
            atMs: Math.round(performance.now() - this.startMs), connection, point: site.point, procedure: site.procedure, direction: site.direction,
            cookieBefore: text(site.cookie), cookieAfter: replacement === null ? null : text(replacement),
          });
        }
        to.write(result.frame);
      }
      if (splitter.error !== null) {
        this.errors.push(`connection ${connection} ${flow}: ${splitter.error}; closing it`);
        from.destroy();
        to.destroy();
      }
    });
    from.on('end', () => to.end());
  }

  accept(client: Socket): void {
    if (this.connections >= proxyLimits.connectionsMax) {
      this.errors.push(`more than ${proxyLimits.connectionsMax} connections; refused one`);
      client.destroy();
      return;
    }
    const connection = (this.connections += 1);
    const upstream = createConnection(this.options.upstream);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('error', (error) => {
        this.errors.push(`connection ${connection}: ${error.message}`);
        client.destroy();
        upstream.destroy();
      });
    }
    this.pipe(connection, 'to-target', client, upstream);
    this.pipe(connection, 'to-source', upstream, client);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    if ('path' in this.options.listen) await rm(this.options.listen.path, { force: true });
  }
}

export async function startProxy(options: ProxyOptions): Promise<RealResult<RpcProxy>> {
  if ('path' in options.listen) await rm(options.listen.path, { force: true });
  const server = createServer();
  const state = new ProxyState(server, options);
  server.on('connection', (socket) => state.accept(socket));
  const listening = await new Promise<string | null>((resolve) => {
    server.once('error', (error) => resolve(error.message));
    server.listen(options.listen, () => resolve(null));
  });
  return listening === null ? ok(state) : fail('proxy-failed', `RPC proxy: cannot listen: ${listening}`);
}

/** A frame's procedure and type, for reports (`303 call`). */
export function describeFrame(frame: Uint8Array): string {
  const read = readHeader(frame);
  if (!read.ok) return `unreadable frame (${read.error})`;
  return `program 0x${read.header.program.toString(16)} procedure ${read.header.procedure} type ${read.header.type} status ${read.header.status}`;
}
