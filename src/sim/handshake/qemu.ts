// A simulated QEMU process on each host: it carries out the effects the phases ask for and
// refuses them as the real one would (missing QMP command, nothing listening, unknown export,
// no block migration). Disks hold chunk contents so that the end of a run can check that the
// destination really got the source's data.
import type { Effect, Side } from '../../model/migration/types.js';
import type { QemuCapability } from '../../model/versions/qemu.js';

export interface NbdServer {
  readonly port: number;
  readonly exports: Map<string, string>;
}

export interface MirrorJob {
  readonly disk: string;
  /** Where the job writes: the address and port QEMU connected to, the export, and the disk behind it. */
  readonly target: { readonly address: string; readonly port: number; readonly export: string; readonly disk: string };
  state: 'running' | 'ready';
}

export type EffectResult =
  | { readonly ok: true; readonly detail?: string }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly hang?: boolean };

/** The port the destination QEMU listens on for the incoming migration stream itself. */
export const incomingMigrationPort = 49152;

export class SimQemu {
  running: boolean;
  paused = false;
  incoming = false;
  nbdServer: NbdServer | null = null;
  readonly mirrors = new Map<string, MirrorJob>();
  /** Chunk contents per disk target; shared disks are the very same array on both sides. */
  readonly disks = new Map<string, Uint32Array>();

  constructor(readonly side: Side, readonly caps: ReadonlySet<QemuCapability>, readonly address: string) {
    this.running = side === 'source';
  }

  stop(): void {
    this.running = false;
    this.incoming = false;
    this.nbdServer = null;
    this.mirrors.clear();
  }

  commandMissing(command: string, cap: QemuCapability): EffectResult | null {
    return this.caps.has(cap) ? null : { ok: false, code: 'qemu-command-not-found', message: `The command ${command} has not been found` };
  }
}

/** Hosts by address, for mirror connections and the migration stream. */
export class SimNetwork {
  private readonly hosts = new Map<string, SimQemu>();

  add(qemu: SimQemu): void {
    this.hosts.set(qemu.address, qemu);
  }

  at(address: string): SimQemu | undefined {
    return this.hosts.get(address);
  }

  /**
   * How a QEMU NBD client fares connecting to `port` as libvirt hands it over: libvirt formats the
   * cookie's int with `%u` (qemuBlockStorageSourceBuildJSONInetSocketAddress), QEMU fails to resolve
   * values above INT_MAX and keeps the low 16 bits of the rest (observed on libvirt 9.0 / QEMU 7.2,
   * docs/evidence.md E2: -5 → 4294967291 fails, 70000 → 4464).
   */
  connect(address: string, port: number, exportName: string): EffectResult & { wirePort?: number; disk?: string } {
    const unsigned = port >>> 0;
    if (unsigned > 0x7fff_ffff) {
      return { ok: false, code: 'nbd-address-unresolvable', message: `address resolution failed for ${address}:${unsigned}: Servname not supported for ai_socktype` };
    }
    const wirePort = unsigned & 0xffff;
    const host = this.hosts.get(address);
    const refused = { ok: false as const, code: 'nbd-connect-failed', message: `Failed to connect to '${address}:${wirePort}': Connection refused`, wirePort };
    if (!host || !host.running) return refused;
    if (host.nbdServer && host.nbdServer.port === wirePort) {
      const disk = host.nbdServer.exports.get(exportName);
      return disk !== undefined ? { ok: true, wirePort, disk }
        : { ok: false, code: 'nbd-export-not-found', message: 'Requested export not available', wirePort };
    }
    // Something accepts there but never speaks NBD: blockdev-add waits without a timeout
    // (qemuMigrationSrcNBDStorageCopyBlockdev; docs/evidence.md E2).
    if (host.incoming && wirePort === incomingMigrationPort) {
      return { ok: false, code: 'migration-hung', message: `no answer from ${address}:${wirePort} (the incoming migration port)`, hang: true, wirePort };
    }
    return refused;
  }
}

export type { Effect };
