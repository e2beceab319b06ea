// Port allocation on the destination (virPortAllocatorAcquire over qemu.conf's migration port
// range, src/util/virportallocator.c): the incoming migration stream takes the first free port of
// the range (qemuMigrationDstPrepareDirect), the NBD server the next one
// (qemuMigrationDstStartNBDServer); a port another process holds is skipped.
import { phaseError } from './errors.js';
import type { HostConfig, PhaseError } from './types.js';

export const migrationPortRangeDefault = { min: 49152, max: 49215 } as const;

export class PortAllocator {
  private readonly taken: Set<number>;
  readonly min: number;
  readonly max: number;

  constructor(host: HostConfig) {
    const range = host.migrationPorts ?? migrationPortRangeDefault;
    this.min = range.min;
    this.max = range.max;
    this.taken = new Set(host.portsInUse ?? []);
  }

  /** The next free port of the range, or libvirt's error when none is left. */
  acquire(phase: 'prepare'): number | PhaseError {
    for (let port = this.min; port <= this.max; port += 1) {
      if (this.taken.has(port)) continue;
      this.taken.add(port);
      return port;
    }
    return phaseError('port-range-exhausted', `Unable to find an unused port in range 'migration' (${this.min}-${this.max})`, phase);
  }
}
