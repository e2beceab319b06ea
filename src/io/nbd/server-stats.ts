// What a migsim NBD server saw on the wire, in the spirit of nbdkit's stats filter: commands by
// kind, the sizes of WRITE and WRITE_ZEROES requests, and the most commands it ever had in
// flight. Tests use it to check that a client kept the mirror's operation sizes and queue depth.
import type { NbdError, ServerCommand } from '../../model/nbd/index.js';

export interface NbdServerStats {
  connections: number;
  readonly commands: Record<ServerCommand['kind'], number>;
  /** WRITE payload size → count. */
  readonly writeSizes: Map<number, number>;
  /** WRITE_ZEROES effect length → count. */
  readonly zeroSizes: Map<number, number>;
  bytesWritten: number;
  bytesRead: number;
  /** Commands being carried out at once, over all connections. */
  inFlight: number;
  inFlightMax: number;
  /** Protocol violations that closed a connection. */
  readonly protocolErrors: NbdError[];
}

export function emptyStats(): NbdServerStats {
  return {
    connections: 0,
    commands: { 'read': 0, 'write': 0, 'flush': 0, 'trim': 0, 'write-zeroes': 0, 'cache': 0, 'block-status': 0 },
    writeSizes: new Map(),
    zeroSizes: new Map(),
    bytesWritten: 0,
    bytesRead: 0,
    inFlight: 0,
    inFlightMax: 0,
    protocolErrors: [],
  };
}

export function countCommand(stats: NbdServerStats, command: ServerCommand): void {
  stats.commands[command.kind] += 1;
  if (command.kind === 'write') {
    stats.writeSizes.set(command.length, (stats.writeSizes.get(command.length) ?? 0) + 1);
    stats.bytesWritten += command.length;
  } else if (command.kind === 'write-zeroes') {
    stats.zeroSizes.set(command.length, (stats.zeroSizes.get(command.length) ?? 0) + 1);
  } else if (command.kind === 'read') {
    stats.bytesRead += command.length;
  }
}
