// A simulated QEMU process on each host: it carries out the effects the phases ask for and
// refuses them as QEMU 7.2 would (missing QMP command, a second NBD server, an export of a disk
// it does not have, a port already bound, nothing listening, TLS on one end only, unknown export).
// Disks hold chunk contents (content.ts) so that the end of a run can check that the destination
// really got the source's data.
import type { Effect, Side } from '../../model/migration/types.js';
import type { QemuCapability } from '../../model/versions/qemu.js';

export interface NbdServer {
  readonly port: number;
  readonly tls: boolean;
  /** Export name → disk target. */
  readonly exports: Map<string, string>;
}

export interface MirrorJob {
  readonly disk: string;
  /** Where the job writes: the address and port QEMU connected to, the export, and the disk behind it. */
  readonly target: { readonly address: string; readonly port: number; readonly export: string; readonly disk: string };
  readonly sync: 'full' | 'top';
  readonly tls: boolean;
  state: 'running' | 'ready';
}

export type EffectResult =
  | { readonly ok: true; readonly detail?: string }
  | { readonly ok: false; readonly code: string; readonly message: string; readonly hang?: boolean };

/** The port the destination QEMU listens on for the incoming migration stream unless told otherwise. */
export const incomingMigrationPort = 49152;

function refused(code: string, message: string): EffectResult {
  return { ok: false, code, message };
}

export class SimQemu {
  running: boolean;
  paused = false;
  incoming = false;
  /** The port `-incoming` listens on while the incoming migration has not happened yet. */
  incomingPort: number | null = null;
  nbdServer: NbdServer | null = null;
  readonly mirrors = new Map<string, MirrorJob>();
  /** Chunk contents per disk target; shared disks are the very same array on both sides. */
  readonly disks = new Map<string, Uint32Array>();

  constructor(readonly side: Side, readonly caps: ReadonlySet<QemuCapability>, readonly address: string,
    /** Ports other processes of this host hold (a bind there fails). */
    readonly portsInUse: ReadonlySet<number> = new Set(), running = side === 'source') {
    this.running = running;
  }

  stop(): void {
    this.running = false;
    this.paused = false;
    this.incoming = false;
    this.incomingPort = null;
    this.nbdServer = null;
    this.mirrors.clear();
  }

  commandMissing(command: string, cap: QemuCapability): EffectResult | null {
    return this.caps.has(cap) ? null : refused('qemu-command-not-found', `The command ${command} has not been found`);
  }

  private portTaken(port: number): boolean {
    return this.portsInUse.has(port) || this.incomingPort === port || this.nbdServer?.port === port;
  }

  /** `-incoming tcp:[::]:PORT`: QEMU starts paused and listens for the migration stream. */
  startIncoming(port: number): EffectResult {
    if (this.running) return refused('qemu-command-failed', 'a QEMU process already runs the domain on this host');
    if (this.portsInUse.has(port)) return refused('qemu-command-failed', `Failed to bind socket: Address already in use (port ${port})`);
    this.running = true;
    this.paused = true;
    this.incoming = true;
    this.incomingPort = port;
    return { ok: true };
  }

  /** nbd-server-start (blockdev-nbd.c nbd_server_start): one server per QEMU, on a free port. */
  nbdServerStart(effect: Extract<Effect, { kind: 'nbd-server-start' }>): EffectResult {
    if (!this.running) return refused('qemu-not-running', 'no QEMU process runs on this host');
    const missing = this.commandMissing('nbd-server-start', 'nbd-server');
    if (missing) return missing;
    if (effect.tls && !this.caps.has('nbd-tls')) return refused('qemu-command-failed', "Parameter 'tls-creds' is unexpected");
    if (this.nbdServer) return refused('qemu-command-failed', 'NBD server already running');
    if (this.portTaken(effect.port)) return refused('qemu-command-failed', `Failed to bind socket: Address already in use (port ${effect.port})`);
    this.nbdServer = { port: effect.port, tls: effect.tls, exports: new Map() };
    return { ok: true };
  }

  /** block-export-add (type nbd, writable): the node must exist and the name be unused. */
  nbdExportAdd(effect: Extract<Effect, { kind: 'nbd-export-add' }>): EffectResult {
    if (!this.running) return refused('qemu-not-running', 'no QEMU process runs on this host');
    if (!this.nbdServer) return refused('qemu-command-failed', 'NBD server not running');
    if (!this.disks.has(effect.disk)) return refused('qemu-command-failed', `Cannot find device=${effect.disk} nor node_name=${effect.disk}`);
    if (this.nbdServer.exports.has(effect.name)) return refused('qemu-command-failed', `Block export id '${effect.name}' is already in use`);
    this.nbdServer.exports.set(effect.name, effect.disk);
    return { ok: true };
  }

  /** nbd-server-stop: refused when no server runs (libvirt only warns about that). */
  nbdServerStop(): EffectResult {
    if (!this.running || !this.nbdServer) return refused('qemu-command-failed', 'NBD server not running');
    this.nbdServer = null;
    return { ok: true };
  }
}

export type Connection = EffectResult & { readonly wirePort?: number; readonly disk?: string };

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
   * cookie's int with `%u`, QEMU fails to resolve values above INT_MAX and keeps the low 16 bits of
   * the rest (observed on libvirt 9.0 / QEMU 7.2: -5 → 4294967291 fails, 70000 → 4464, docs/evidence.md E2).
   * TLS must be on at both ends or neither: QEMU's server refuses options before STARTTLS when it
   * has tls-creds, and a client with tls-creds refuses a server that does not offer it (nbd/client.c).
   */
  connect(address: string, port: number, exportName: string, tls: boolean): Connection {
    const unsigned = port >>> 0;
    if (unsigned > 0x7fff_ffff) {
      return { ok: false, code: 'nbd-address-unresolvable', message: `address resolution failed for ${address}:${unsigned}: Servname not supported for ai_socktype` };
    }
    const wirePort = unsigned & 0xffff;
    const host = this.hosts.get(address);
    const refusedHere = { ok: false as const, code: 'nbd-connect-failed', message: `Failed to connect to '${address}:${wirePort}': Connection refused`, wirePort };
    if (!host || !host.running) return refusedHere;
    const server = host.nbdServer;
    if (server && server.port === wirePort) {
      if (server.tls && !tls) return { ok: false, code: 'nbd-tls-mismatch', message: 'Option 0x7 not permitted before TLS', wirePort };
      if (!server.tls && tls) return { ok: false, code: 'nbd-tls-mismatch', message: 'Server does not support STARTTLS', wirePort };
      const disk = server.exports.get(exportName);
      return disk !== undefined ? { ok: true, wirePort, disk }
        : { ok: false, code: 'nbd-export-not-found', message: 'Requested export not available', wirePort };
    }
    // Something accepts there but never speaks NBD: blockdev-add waits without a timeout (docs/evidence.md E2).
    if (host.incoming && wirePort === host.incomingPort) {
      return { ok: false, code: 'migration-hung', message: `no answer from ${address}:${wirePort} (the incoming migration port)`, hang: true, wirePort };
    }
    return refusedHere;
  }
}

export type { Effect };
