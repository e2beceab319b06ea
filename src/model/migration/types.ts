// The vocabulary of one migration: what was asked, who takes part, what each phase decides and
// which effects it asks its QEMU to carry out. Phases are pure functions over these values;
// effects are data the simulated world executes (design.md, "The path of one migration").
import type { DesignerPolicy } from '../policy.js';
import type { SideProfile } from '../versions/profile.js';

export type Phase = 'begin' | 'prepare' | 'perform' | 'finish' | 'confirm';
export type Side = 'source' | 'target';
export type CopyStorage = 'all' | 'inc' | 'none';
export type MigrationMode = 'regular' | 'p2p' | 'tunnelled';
export type StoragePath = 'nbd' | 'legacy' | 'none';
export type Protocol = 'v2' | 'v3';

export type DiskFormat = 'qcow2' | 'raw';

export interface DiskConfig {
  /** Guest device name, the `target` in cookies (`vda`). */
  readonly target: string;
  readonly capacityBytes: number;
  /** On storage both hosts see (NFS, Ceph...): never copied. */
  readonly shared: boolean;
  readonly readonly: boolean;
  /** Image format; default qcow2. */
  readonly format?: DiskFormat;
  /**
   * A qcow2 overlay on a backing image the destination already has: `--copy-storage-inc` (sync
   * top) copies only the overlay, `--copy-storage-all` (sync full) the whole chain.
   */
  readonly backing?: boolean;
}

/** How the destination's copy of a disk comes to exist (qemuMigrationDstPrepareStorage). */
export type DestinationDisk = 'precreated' | 'missing' | 'pool';

/** Where a `domjobabort` hits the migration. */
export type AbortPoint = 'begin' | 'prepare' | 'perform' | 'mirror' | 'finish';

export interface DomainConfig {
  readonly name: string;
  readonly uuid: string;
  readonly memoryBytes: number;
  readonly disks: readonly DiskConfig[];
  /** SPICE graphics make the destination send `<graphics>` in its Prepare reply. */
  readonly graphics: 'spice' | 'vnc' | null;
  /** Defined on the source (a persistent domain); an offline migration needs it. */
  readonly persistentOnSource?: boolean;
}

export interface HostConfig {
  readonly hostname: string;
  readonly hostUuid: string;
  /** Address the source connects to (migration URI host, NBD host). */
  readonly address: string;
  readonly profile: SideProfile;
  /** qemu.conf migration_port_min/max: where incoming migration and the NBD server get their ports. */
  readonly migrationPorts?: { readonly min: number; readonly max: number };
  /** Ports of this host already bound by other processes (virPortAllocatorAcquire skips them). */
  readonly portsInUse?: readonly number[];
  /** As a destination: whether the images of an incoming domain's disks exist, are missing, or a pool can create them. */
  readonly diskImages?: DestinationDisk;
}

export interface MigrationRequest {
  readonly copyStorage: CopyStorage;
  readonly mode: MigrationMode;
  /** `--persistent`: the Perform cookie carries the domain definition. */
  readonly persistent: boolean;
  /** `--tls`: migration and NBD streams over TLS. */
  readonly tls: boolean;
  /** `--migrate-disks`: the disks to copy; null means every non-shared, writable disk. */
  readonly migrateDisks: readonly string[] | null;
  /** `--offline`: move the definition of a shut-off domain only (no Perform, no storage). */
  readonly offline?: boolean;
  /** `--unsafe`: migrate without storage copy although a disk is not on shared storage. */
  readonly unsafe?: boolean;
}

/** What one side knows of the other through the driver's feature bits. */
export interface PeerFeatures {
  readonly v3: boolean;
  /** A hypothetical VIR_DRV_FEATURE_MIGRATION_NBD bit (designer policy `nbd-gate=feature-bit`). */
  readonly nbd: boolean;
}

/** Something a phase decided, in a sentence, with the libvirt rule behind it. */
export interface Decision {
  readonly text: string;
  readonly rule: string;
}

/** Work a phase asks its QEMU to do; QEMU may refuse it. */
export type Effect =
  /** QEMU started with `-incoming` on `port` (default 49152), paused until Finish resumes it. */
  | { readonly kind: 'start-incoming'; readonly port?: number }
  | { readonly kind: 'nbd-server-start'; readonly host: string | null; readonly port: number; readonly tls: boolean }
  | { readonly kind: 'nbd-export-add'; readonly name: string; readonly disk: string }
  | { readonly kind: 'mirror-start'; readonly command: 'drive-mirror' | 'blockdev-mirror'; readonly disk: string;
    readonly host: string; readonly port: number; readonly export: string; readonly sync: 'full' | 'top';
    readonly connectTimeoutMs: number | null;
    /** The NBD client connects over TLS (blockdev-add with tls-creds); absent means false. */
    readonly tls?: boolean }
  /** libvirt creates a disk image in a storage pool (qemuMigrationDstPrecreateDisk). */
  | { readonly kind: 'create-volume'; readonly disk: string; readonly capacityBytes: number }
  /** The destination defines the domain: persistently (--persistent, offline) or for this run only. */
  | { readonly kind: 'define-domain'; readonly persistent: boolean }
  /** Wait until every mirror is READY; `timeoutMs` null waits as long as the jobs run (libvirt). */
  | { readonly kind: 'mirror-wait-ready'; readonly timeoutMs: number | null }
  | { readonly kind: 'migrate'; readonly blk: boolean | null; readonly inc: boolean | null }
  | { readonly kind: 'mirror-complete' }
  | { readonly kind: 'mirror-cancel' }
  | { readonly kind: 'nbd-server-stop' }
  | { readonly kind: 'resume' }
  | { readonly kind: 'stop-qemu' };

/** Every kind of effect, for renderers and schemas that list them (checked against the union below). */
export const effectKinds = [
  'start-incoming', 'nbd-server-start', 'nbd-export-add', 'mirror-start', 'mirror-wait-ready', 'migrate', 'mirror-complete',
  'mirror-cancel', 'nbd-server-stop', 'resume', 'stop-qemu', 'create-volume', 'define-domain',
] as const satisfies readonly Effect['kind'][];
// The list names every kind of the union: a kind added to Effect but not here fails to compile.
const allEffectKindsListed: Record<Exclude<Effect['kind'], (typeof effectKinds)[number]>, never> = {};
void allEffectKindsListed;

export interface PhaseError {
  readonly code: string;
  readonly message: string;
  readonly phase: Phase;
}

/** A QEMU's answer to the effects of one phase, reported back to the phase. */
export interface EffectReport {
  /** Virtual milliseconds the migration has taken so far. */
  readonly elapsedMs: number;
  readonly ramBytes: number;
  readonly diskBytes: number;
}

export type PhaseCompletion<S> =
  | { readonly ok: true; readonly state: S; readonly cookie: OutgoingCookie | null; readonly decisions: readonly Decision[] }
  | { readonly ok: false; readonly error: PhaseError; readonly decisions: readonly Decision[]; readonly effects: readonly Effect[] };

/** A phase either fails at once, or asks for effects and finishes once they ran. */
export type PhaseOutcome<S> =
  | { readonly ok: false; readonly error: PhaseError; readonly decisions: readonly Decision[]; readonly effects: readonly Effect[] }
  | { readonly ok: true; readonly decisions: readonly Decision[]; readonly effects: readonly Effect[];
    readonly complete: (report: EffectReport) => PhaseCompletion<S> };

/** A cookie a phase sends: the XML exactly as its libvirt formats it. */
export interface OutgoingCookie {
  readonly xml: string;
}

/** Inputs common to every phase of one side. A side knows its peer only by address and feature bits. */
export interface PhaseContext {
  readonly self: HostConfig;
  readonly peerAddress: string;
  readonly peerFeatures: PeerFeatures;
  readonly domain: DomainConfig;
  readonly request: MigrationRequest;
  readonly policy: DesignerPolicy;
  readonly protocol: Protocol;
}
