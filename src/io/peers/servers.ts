// Launching the real NBD servers on 127.0.0.1 (or a UNIX socket): nbdkit with filters, and
// qemu-nbd serving a raw file. Each gets a private temporary directory for its pid file and
// socket, removed when it is stopped. Port clashes (the free port was taken meanwhile) are
// retried with a fresh port.
import { mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tcpAddress, unixAddress, type NbdAddress } from '../nbd/address.js';
import type { PeerError } from './errors.js';
import { freeLoopbackPort } from './ports.js';
import { launchPeer, type PeerProcess } from './process.js';
import { requirePeer } from './programs.js';

export interface ServerPeer {
  readonly process: PeerProcess;
  readonly address: NbdAddress;
  stop(): Promise<void>;
}

export type ServerPeerOutcome = { readonly ok: true; readonly server: ServerPeer } | { readonly ok: false; readonly error: PeerError };

export interface NbdkitOptions {
  /** Plugin and its arguments, e.g. `memory` with `['1G']`. */
  readonly plugin: string;
  readonly pluginArgs: readonly string[];
  /** Filters in order, with their parameters (nbdkit-filter(3)); e.g. delay with delay-write=50ms. */
  readonly filters?: readonly { readonly name: string; readonly params: Readonly<Record<string, string>> }[];
  /** Threads per connection (nbdkit -t); the default of 16 caps concurrency under delay. */
  readonly threads?: number;
  readonly listen?: 'tcp' | 'unix';
  readonly timeoutMs?: number;
}

const attemptsMax = 3;

export async function startNbdkit(options: NbdkitOptions): Promise<ServerPeerOutcome> {
  const program = requirePeer('nbdkit');
  if (!program.ok) return program;
  const filters = options.filters ?? [];
  const tail = [
    ...filters.map((f) => `--filter=${f.name}`), options.plugin, ...options.pluginArgs,
    ...filters.flatMap((f) => Object.entries(f.params).map(([key, value]) => `${key}=${value}`)),
  ];
  // --exit-with-parent: nbdkit also dies with us if we are killed before we can stop it.
  const head = ['-f', '--exit-with-parent', ...(options.threads ? ['-t', String(options.threads)] : [])];
  return startServer('nbdkit', program.path, options.listen ?? 'tcp', options.timeoutMs ?? 10_000, (where, pidFile) =>
    [...head, '-P', pidFile, ...(where.kind === 'tcp' ? ['-i', where.host, '-p', String(where.port)] : ['-U', where.path]), ...tail]);
}

export interface QemuNbdOptions {
  readonly file: string;
  readonly format?: 'raw' | 'qcow2';
  readonly listen?: 'tcp' | 'unix';
  readonly timeoutMs?: number;
}

export async function startQemuNbd(options: QemuNbdOptions): Promise<ServerPeerOutcome> {
  const program = requirePeer('qemu-nbd');
  if (!program.ok) return program;
  // --persistent: keep serving after the first client leaves; --shared: allow several clients.
  const tail = ['--persistent', '--shared=8', `--format=${options.format ?? 'raw'}`, '--cache=writeback', options.file];
  return startServer('qemu-nbd', program.path, options.listen ?? 'tcp', options.timeoutMs ?? 10_000, (where, pidFile) =>
    [`--pid-file=${pidFile}`, ...(where.kind === 'tcp' ? [`--bind=${where.host}`, `--port=${where.port}`] : [`--socket=${where.path}`]), ...tail]);
}

async function startServer(
  name: string, program: string, listen: 'tcp' | 'unix', timeoutMs: number,
  argsFor: (where: NbdAddress, pidFile: string) => string[],
): Promise<ServerPeerOutcome> {
  let lastError: PeerError | null = null;
  for (let attempt = 0; attempt < attemptsMax; attempt += 1) {
    const directory = await mkdtemp(join(tmpdir(), `migsim-${name}-`));
    const where = listen === 'tcp' ? tcpAddress(await freeLoopbackPort()) : unixAddress(join(directory, 'nbd.sock'));
    const launched = await launchPeer({
      name, program, args: argsFor(where, join(directory, 'pid')), pidFile: join(directory, 'pid'), probe: () => accepts(where), timeoutMs,
    });
    if (launched.ok) {
      const stop = async (): Promise<void> => {
        await launched.peer.stop();
        await rm(directory, { recursive: true, force: true });
      };
      return { ok: true, server: { process: launched.peer, address: where, stop } };
    }
    await rm(directory, { recursive: true, force: true });
    lastError = launched.error;
    // Only a bind failure is worth another port; anything else will fail the same way again.
    if (!/address already in use|bind|listen/i.test(launched.error.message)) break;
  }
  return { ok: false, error: lastError as PeerError };
}

/** True once the address accepts a connection (which is closed at once). */
function accepts(where: NbdAddress): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = where.kind === 'tcp' ? connect({ host: where.host, port: where.port }) : connect({ path: where.path });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
