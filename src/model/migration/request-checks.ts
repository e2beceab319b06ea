// What the source refuses in Begin before it writes any cookie, from the flags and the domain
// alone, in the order of qemuMigrationSrcBeginPhase (src/qemu/qemu_migration.c, libvirt 9.x): a
// migration that would leave a local disk behind without --unsafe (qemuMigrationSrcIsSafe);
// offline migration that asks for storage, forgets --persistent or is tunnelled; --migrate-disks
// naming a disk the domain does not have, or given without a storage flag.
import { atLeast, formatVersion, v, type Version } from '../version.js';
import { copiedDisks, storageRequested } from './disks.js';
import { phaseError } from './errors.js';
import type { MigrationRequest, Phase, PhaseContext, PhaseError } from './types.js';

/** The first refusal of the request, or null when Begin may go on. */
export function requestRefusal(ctx: PhaseContext): PhaseError | null {
  const { request } = ctx;
  // qemuMigrationSrcBeginPhase checks safety first (unless --unsafe or --offline), then offline.
  const unsafe = unsafeRefusal(ctx);
  if (unsafe) return unsafe;
  if (request.offline) {
    if (storageRequested(request)) return phaseError('offline-with-storage', 'offline migration cannot handle non-shared storage', 'begin');
    if (!request.persistent) return phaseError('offline-not-persistent', 'offline migration must be specified with the persistent flag set', 'begin');
    if (request.mode === 'tunnelled') return phaseError('offline-tunnelled', 'tunnelled offline migration does not make sense', 'begin');
  }
  return null;
}

/** --migrate-disks: every name must be a disk of the domain, and a storage flag must be given (after the tunnelled check). */
export function migrateDisksRefusal(ctx: PhaseContext): PhaseError | null {
  const { request, domain } = ctx;
  if (request.migrateDisks === null) return null;
  if (!storageRequested(request)) {
    return phaseError('migrate-disks-without-storage', "use of 'VIR_MIGRATE_PARAM_MIGRATE_DISKS' requires use of 'VIR_MIGRATE_NON_SHARED_DISK' or 'VIR_MIGRATE_NON_SHARED_INC' flag", 'begin');
  }
  const unknown = request.migrateDisks.find((name) => !domain.disks.some((disk) => disk.target === name));
  return unknown === undefined ? null : phaseError('disk-target-not-found', `disk target ${unknown} not found`, 'begin');
}

/** qemuMigrationSrcIsSafe arrived with VIR_MIGRATE_UNSAFE (0.9.11). */
const unsafeCheckSince = v('0.9.11');

/**
 * qemuMigrationSrcIsSafe: every disk that will not be copied must be on shared storage (or be
 * read-only), or the destination would run the guest on stale data; --unsafe skips the check,
 * and an offline migration moves no guest.
 */
function unsafeRefusal(ctx: PhaseContext): PhaseError | null {
  const { request, domain } = ctx;
  if (request.unsafe || request.offline || !atLeast(ctx.self.profile.libvirt, unsafeCheckSince)) return null;
  const copied = new Set(copiedDisks(domain, request).map((disk) => disk.target));
  const left = domain.disks.find((disk) => !copied.has(disk.target) && !disk.shared && !disk.readonly);
  return left ? phaseError('migrate-unsafe', 'Unsafe migration: Migration without shared storage is unsafe', 'begin') : null;
}

/**
 * The migration flags and parameters each libvirt release knows (virCheckFlags at every driver
 * entry point refuses the others: "unsupported flags (0x…)"): VIR_MIGRATE_UNSAFE 0x200 (0.9.11),
 * VIR_MIGRATE_OFFLINE 0x400 (1.0.1, 8b9bf7879b), the migrate_disks parameter (1.2.17, 93a19e283e),
 * VIR_MIGRATE_TLS 0x10000 (3.2.0).
 */
const flagSince: readonly { readonly name: string; readonly bit: number; readonly since: Version; readonly used: (request: MigrationRequest) => boolean }[] = [
  { name: 'VIR_MIGRATE_UNSAFE', bit: 0x200, since: v('0.9.11'), used: (r) => r.unsafe === true },
  { name: 'VIR_MIGRATE_OFFLINE', bit: 0x400, since: v('1.0.1'), used: (r) => r.offline === true },
  { name: 'VIR_MIGRATE_PARAM_MIGRATE_DISKS', bit: 0, since: v('1.2.17'), used: (r) => r.migrateDisks !== null },
  { name: 'VIR_MIGRATE_TLS', bit: 0x10000, since: v('3.2.0'), used: (r) => r.tls },
];

/** A flag or parameter this side's libvirt does not know, refused at the entry of `phase`. */
export function unsupportedFlagRefusal(ctx: PhaseContext, phase: Phase): PhaseError | null {
  const unknown = flagSince.find((flag) => flag.used(ctx.request) && !atLeast(ctx.self.profile.libvirt, flag.since));
  if (!unknown) return null;
  const message = unknown.bit === 0 ? `Migration APIs with extensible parameters are not supported but extended parameters were passed (${unknown.name})`
    : `unsupported flags (0x${unknown.bit.toString(16)}): ${unknown.name} needs libvirt ${formatVersion(unknown.since)}`;
  return phaseError('unsupported-flags', message, phase);
}
