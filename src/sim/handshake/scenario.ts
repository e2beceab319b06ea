// A complete, explicit description of one simulated migration: both hosts with their profiles,
// the domain, what the user asked, the designer policy, the link and the seed. Everything has a
// default so that a scenario can be given in a few words, and the resolved scenario can be
// printed in full.
import type { SourcePeer, TargetPeer } from '../../model/migration/peer.js';
import type {
  AbortPoint, CopyStorage, DestinationDisk, DiskConfig, DomainConfig, HostConfig, MigrationMode, MigrationRequest, Phase, Side,
} from '../../model/migration/types.js';
import { libvirtPolicy, type DesignerPolicy } from '../../model/policy.js';
import type { SideProfile } from '../../model/versions/profile.js';
import type { CopyMode, GuestWrites } from '../stream/index.js';

export interface LinkConfig {
  /** One-way latency of the management and migration network. */
  readonly latencyMs: number;
  readonly bandwidthBytesPerSecond: number;
}

/** What a fault injector or a "break it" user does to a cookie on its way. */
export type CookieDelivery =
  | { readonly action: 'deliver'; readonly xml: string; readonly note?: string; readonly delayMs?: number }
  | { readonly action: 'drop'; readonly note?: string };

export interface CookieInFlight {
  readonly phase: Phase;
  readonly from: Side;
  readonly to: Side;
  readonly xml: string;
  /** Cookies sent earlier in this run, for replay faults. */
  readonly earlier: readonly { readonly phase: Phase; readonly xml: string }[];
}

export type CookieInterceptor = (cookie: CookieInFlight) => CookieDelivery;

export interface Scenario {
  readonly source: HostConfig;
  readonly target: HostConfig;
  readonly domain: DomainConfig;
  readonly request: MigrationRequest;
  readonly policy: DesignerPolicy;
  readonly seed: number;
  readonly link: LinkConfig;
  /** What the guest writes to its disks while they are copied; null: nothing. */
  readonly guestWrites: GuestWrites | null;
  /** Seed of the block-stream model's guest writes (the scenario seed unless set apart). */
  readonly storageSeed: number;
  /** The mirror's copy mode (background, as libvirt starts it unless asked for synchronous writes). */
  readonly mirrorCopyMode: CopyMode;
  readonly peers: { readonly source?: SourcePeer; readonly target?: TargetPeer };
  readonly interceptor: CookieInterceptor | null;
  /** A host that crashes just before one of its phases. */
  readonly crash: { readonly side: Side; readonly before: Phase } | null;
  /** Virtual time after which a stalled migration is declared hung. */
  readonly stallMsMax: number;
  /** The user's `virsh domjobabort`, and where it hits the migration; null: none. */
  readonly abort: AbortPoint | null;
  /** How the destination's disks come to exist (pre-created by the admin, missing, or by a pool). */
  readonly destinationDisk: DestinationDisk;
  /** The destination's migration port range (qemu.conf migration_port_min/max; NBD takes one too). */
  readonly portRange: { readonly min: number; readonly max: number };
  /** Ports of that range already taken by other processes on the destination. */
  readonly portsInUse: readonly number[];
  /**
   * Whether the trace carries both hosts' state at each step (host-state.ts), for the explorer
   * and the JSON; a fuzz campaign, which never shows them, runs about a fifth faster without.
   */
  readonly recordHostStates: boolean;
}

export interface ScenarioOptions {
  readonly source: SideProfile;
  readonly target: SideProfile;
  readonly copyStorage: CopyStorage;
  readonly mode?: MigrationMode;
  readonly seed?: number;
  readonly policy?: DesignerPolicy;
  readonly persistent?: boolean;
  readonly tls?: boolean;
  readonly migrateDisks?: readonly string[] | null;
  /** The domain's disks; `shared` left out (or null) means shared only when no storage copy is asked for. */
  readonly disks?: readonly (Omit<DiskConfig, 'shared'> & { readonly shared?: boolean | null })[];
  readonly graphics?: DomainConfig['graphics'];
  readonly offline?: boolean;
  readonly unsafe?: boolean;
  readonly abort?: AbortPoint | null;
  readonly destinationDisk?: DestinationDisk;
  readonly portRange?: Scenario['portRange'];
  readonly portsInUse?: readonly number[];
  readonly link?: Partial<LinkConfig>;
  readonly guestWrites?: GuestWrites | null;
  readonly storageSeed?: number;
  readonly mirrorCopyMode?: CopyMode;
  readonly peers?: Scenario['peers'];
  readonly interceptor?: CookieInterceptor | null;
  readonly crash?: Scenario['crash'];
  readonly recordHostStates?: boolean;
}

export const defaultDomain: Omit<DomainConfig, 'disks'> = {
  name: 'migsim-demo', uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809', memoryBytes: 1024 * 1024 * 1024, graphics: 'spice',
};

export const defaultDisks: readonly (Omit<DiskConfig, 'shared'> & { readonly shared?: boolean | null })[] = [{ target: 'vda', capacityBytes: 10 * 1024 ** 3, readonly: false }];

export const defaultHosts = {
  source: { hostname: 'source.example.org', hostUuid: 'a6b1b0e4-5c1d-4f57-9c2e-5b0e7f6d2a11', address: '192.0.2.10' },
  target: { hostname: 'target.example.org', hostUuid: '0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60', address: '192.0.2.20' },
} as const;

export const defaultLink: LinkConfig = { latencyMs: 0.5, bandwidthBytesPerSecond: 1024 ** 3 };

/** A guest that writes 20 random 64 KiB blocks a second (1.25 MiB/s) while it migrates. */
export const defaultGuestWrites: GuestWrites = { rateBytesPerSecond: 20 * 64 * 1024, writeSizeBytes: 64 * 1024, pattern: 'random' };

/** libvirt's default migration port range (qemu.conf migration_port_min/max). */
export const defaultPortRange = { min: 49152, max: 49215 } as const;

export function buildScenario(options: ScenarioOptions): Scenario {
  // A disk whose storage is not stated is on shared storage exactly when no storage copy is asked
  // for: that is what a migration without --copy-storage assumes (qemuMigrationSrcIsSafe refuses
  // a local disk then, unless --unsafe).
  const sharedByDefault = options.copyStorage === 'none';
  const request: MigrationRequest = {
    copyStorage: options.copyStorage, mode: options.mode ?? 'regular', persistent: options.persistent ?? false,
    tls: options.tls ?? false, migrateDisks: options.migrateDisks ?? null, offline: options.offline ?? false, unsafe: options.unsafe ?? false,
  };
  const disks = (options.disks ?? defaultDisks).map((disk) => ({ ...disk, shared: disk.shared ?? sharedByDefault }));
  return {
    source: { ...defaultHosts.source, profile: options.source },
    target: {
      ...defaultHosts.target, profile: options.target, migrationPorts: options.portRange ?? defaultPortRange,
      portsInUse: options.portsInUse ?? [], diskImages: options.destinationDisk ?? 'precreated',
    },
    domain: { ...defaultDomain, ...(options.graphics !== undefined ? { graphics: options.graphics } : {}), disks },
    request,
    policy: options.policy ?? libvirtPolicy,
    seed: options.seed ?? 1,
    link: { ...defaultLink, ...options.link },
    guestWrites: options.guestWrites === undefined ? defaultGuestWrites : options.guestWrites,
    storageSeed: options.storageSeed ?? options.seed ?? 1,
    mirrorCopyMode: options.mirrorCopyMode ?? 'background',
    peers: options.peers ?? {},
    interceptor: options.interceptor ?? null,
    crash: options.crash ?? null,
    stallMsMax: 10 * 60 * 1000,
    abort: options.abort ?? null,
    destinationDisk: options.destinationDisk ?? 'precreated',
    portRange: options.portRange ?? defaultPortRange,
    portsInUse: options.portsInUse ?? [],
    recordHostStates: options.recordHostStates ?? true,
  };
}
