// migsim's NBD server: fixed newstyle, structured replies, base:allocation, in-memory or
// file-backed exports, on 127.0.0.1 or a UNIX socket. The protocol lives in the pure
// ServerSession; this file only listens and wires connections to backends.
import { createServer, type Server, type Socket } from 'node:net';
import { rm } from 'node:fs/promises';
import {
  defaultBlockSize, defaultLimits, handshakeFlag, ServerSession, type BlockSizeConstraints, type ExportDefinition,
  type NbdLimits, type ServerConfig,
} from '../../model/nbd/index.js';
import { loopbackHost, tcpAddress, unixAddress, type NbdAddress } from './address.js';
import type { ExportBackend } from './export-backend.js';
import { ServerConnection, type CommandDelaysMs } from './server-connection.js';
import { emptyStats, type NbdServerStats } from './server-stats.js';

export interface ServedExport {
  readonly name: string;
  readonly description?: string;
  readonly backend: ExportBackend;
  readonly readOnly?: boolean;
  readonly blockSize?: BlockSizeConstraints;
}

export interface NbdServerOptions {
  /** TCP always binds 127.0.0.1; port 0 (the default) picks a free one. */
  readonly listen: { readonly kind: 'tcp'; readonly port?: number } | { readonly kind: 'unix'; readonly path: string };
  readonly exports: readonly ServedExport[];
  readonly structuredReplies?: boolean;
  readonly listAllowed?: boolean;
  readonly limits?: NbdLimits;
  readonly commandsInFlightMax?: number;
  readonly delaysMs?: CommandDelaysMs;
}

export interface NbdServer {
  readonly address: NbdAddress;
  readonly stats: NbdServerStats;
  /** Stops listening and drops every connection; the backends stay open for the caller. */
  close(): Promise<void>;
}

export function exportDefinition(served: ServedExport): ExportDefinition {
  return {
    name: served.name,
    description: served.description ?? '',
    sizeBytes: served.backend.sizeBytes,
    readOnly: served.readOnly ?? false,
    canFlush: true,
    canFua: true,
    canTrim: true,
    canWriteZeroes: true,
    // FAST_ZERO promises zeroing faster than writing; only the sparse memory export keeps it.
    canFastZero: served.backend.tracksAllocation,
    canCache: true,
    canMultiConn: true,
    canBlockStatus: true,
    blockSize: served.blockSize ?? defaultBlockSize,
  };
}

export async function startNbdServer(options: NbdServerOptions): Promise<NbdServer> {
  const config: ServerConfig = {
    exports: options.exports.map(exportDefinition),
    limits: options.limits ?? defaultLimits,
    handshakeFlags: handshakeFlag.fixedNewstyle | handshakeFlag.noZeroes,
    structuredReplies: options.structuredReplies ?? true,
    listAllowed: options.listAllowed ?? true,
  };
  const backends = new Map(options.exports.map((e) => [e.name, e.backend]));
  const stats = emptyStats();
  const sockets = new Set<Socket>();
  const server = createServer({ noDelay: true }, (socket) => {
    stats.connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    new ServerConnection(socket, new ServerSession(config), (name) => backends.get(name), stats, {
      commandsInFlightMax: options.commandsInFlightMax ?? 64,
      delaysMs: options.delaysMs ?? {},
    });
  });
  const address = await listen(server, options.listen);
  return {
    address,
    stats,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (address.kind === 'unix') await rm(address.path, { force: true });
    },
  };
}

function listen(server: Server, where: NbdServerOptions['listen']): Promise<NbdAddress> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    const ready = (): void => {
      server.off('error', reject);
      const bound = server.address();
      resolve(where.kind === 'unix' ? unixAddress(where.path) : tcpAddress(typeof bound === 'object' && bound ? bound.port : 0));
    };
    if (where.kind === 'unix') server.listen(where.path, ready);
    else server.listen(where.port ?? 0, loopbackHost, ready);
  });
}
