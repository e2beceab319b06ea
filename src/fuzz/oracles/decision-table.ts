// A decision table for the outcome of a fault-free migration, written independently of
// src/model/migration from libvirt's own history: the NBD offer of qemuMigrationSrcBeginPhase and
// its QEMU gates (121d4cfb9a and e9a6704f99 in 1.0.3, b2f31af701 in 1.2.0, assumed from
// 72e88ca0a2 in 5.3.0); tunnelled + storage (98bbda00cf 1.0.6, 5de58d87c8 1.1.2, f8867ddb05
// 6.10.0, and libvirt 9.0 failing in Prepare as observed, docs/evidence.md E1); the server start of
// qemuMigrationDstPrepareActive / qemuMigrationDstStartNBDServer; qemuMigrationSrcRun's blk/inc
// fallback (until 8.6, inferred from libvirt#373) and its NON_SHARED_INC bug (da69f4b208 →
// f58349c9c6, 7.3–7.5); the five cases of Eric Blake's review as 121d4cfb9a / 7b7600b3e6
// implement them; and the minimum QEMU of each release (NEWS.rst). Given both profiles, what was
// asked and the designer policy, it says which storage path a real libvirt pair ends up on, or
// where and why it fails.
// The simulator is checked against it in the tests and in every fault-free fuzz case.
import type { CopyStorage, MigrationMode, Phase, StoragePath } from '../../model/migration/types.js';
import type { DesignerPolicy } from '../../model/policy.js';
import type { SideProfile } from '../../model/versions/profile.js';
import { atLeast, compareVersions, v, type Version } from '../../model/version.js';

export type Prediction =
  | { readonly result: 'completed'; readonly storage: StoragePath }
  | { readonly result: 'failed'; readonly code: string; readonly phase: Phase };

const at = (version: Version, text: string): boolean => atLeast(version, v(text));
const fails = (code: string, phase: Phase): Prediction => ({ result: 'failed', code, phase });

// NEWS.rst: 12.4.0 → QEMU 7.2, 11.2.0 → 6.2, 10.6.0 → 5.2, 8.7.0 → 4.2, 8.3.0 → 3.1,
// 7.4.0 → 2.11 ("bumped from 1.5"), and a 1.5 floor before that (taken from 4.0.0).
const minimums: readonly [string, string][] = [['12.4.0', '7.2.0'], ['11.2.0', '6.2.0'], ['10.6.0', '5.2.0'], ['8.7.0', '4.2.0'],
  ['8.3.0', '3.1.0'], ['7.4.0', '2.11.0'], ['4.0.0', '1.5.0']];

function tooOld(side: SideProfile): boolean {
  const min = minimums.find(([since]) => at(side.libvirt, since))?.[1];
  return min !== undefined && compareVersions(side.qemu, v(min)) < 0;
}

/** Since 8.7 libvirt no longer passes blk/inc=false to migrate, which QEMU >= 9.1 refuses. */
function migrateRefused(source: SideProfile, legacy: boolean): boolean {
  const passesFlags = legacy || !at(source.libvirt, '8.7.0');
  return passesFlags && !source.qemuCaps.has('block-migration');
}

/** A disk as the decision table needs to know it. */
export interface AskDisk {
  readonly target: string;
  readonly shared: boolean;
  readonly readonly: boolean;
}

export interface Ask {
  readonly copyStorage: CopyStorage;
  readonly mode: MigrationMode;
  readonly policy: DesignerPolicy;
  /** The domain's disks (default: one local disk vda). */
  readonly disks?: readonly AskDisk[];
  readonly migrateDisks?: readonly string[] | null;
  readonly offline?: boolean;
  readonly unsafe?: boolean;
  readonly persistent?: boolean;
  readonly tls?: boolean;
  /** How the destination has the disk images: pre-created by the admin, missing, or creatable by a pool. */
  readonly destinationDisk?: 'precreated' | 'missing' | 'pool';
  /** Ports of qemu.conf's migration range (default 49152–49215) another process holds on the destination. */
  readonly portsInUse?: readonly number[];
  readonly portRange?: { readonly min: number; readonly max: number };
}

/** Without a disk list: one disk vda, on shared storage exactly when no storage copy is asked for. */
function disksOf(ask: Ask): readonly AskDisk[] {
  return ask.disks ?? [{ target: 'vda', shared: ask.copyStorage === 'none', readonly: false }];
}

/** qemuMigrationAnyCopyDisk: the named disks, or by default the local writable ones; none without a storage flag. */
function copied(ask: Ask): AskDisk[] {
  const disks = disksOf(ask);
  if (ask.copyStorage === 'none') return [];
  if (ask.migrateDisks) return disks.filter((d) => ask.migrateDisks?.includes(d.target));
  return disks.filter((d) => !d.shared && !d.readonly);
}

/** virPortAllocatorAcquire over the range: how many ports are free for the destination. */
function freePorts(ask: Ask): number {
  const range = ask.portRange ?? { min: 49152, max: 49215 };
  let free = 0;
  for (let port = range.min; port <= range.max; port += 1) if (!(ask.portsInUse ?? []).includes(port)) free += 1;
  return free;
}

/**
 * qemuMigrationSrcBeginPhase before any cookie: qemuMigrationSrcIsSafe (every disk not copied is
 * shared or read-only, unless --unsafe or --offline), then the offline rules.
 */
function requestRefused(source: SideProfile, ask: Ask): Prediction | null {
  // The safety check came with VIR_MIGRATE_UNSAFE in 0.9.11.
  if (!ask.unsafe && !ask.offline && at(source.libvirt, '0.9.11')) {
    const moved = copied(ask).map((d) => d.target);
    if (disksOf(ask).some((d) => !d.shared && !d.readonly && !moved.includes(d.target))) return fails('migrate-unsafe', 'begin');
  }
  if (ask.offline) {
    if (ask.copyStorage !== 'none') return fails('offline-with-storage', 'begin');
    if (!ask.persistent) return fails('offline-not-persistent', 'begin');
    if (ask.mode === 'tunnelled') return fails('offline-tunnelled', 'begin');
  }
  return null;
}

/** The --migrate-disks checks, which come after the tunnelled one. */
function migrateDisksRefused(ask: Ask): Prediction | null {
  if (!ask.migrateDisks) return null;
  if (ask.copyStorage === 'none') return fails('migrate-disks-without-storage', 'begin');
  const names = disksOf(ask).map((d) => d.target);
  return ask.migrateDisks.some((name) => !names.includes(name)) ? fails('disk-target-not-found', 'begin') : null;
}

function fallbackFails(source: SideProfile, policy: DesignerPolicy): boolean {
  if (!at(source.libvirt, '1.0.3')) return false;
  if (policy.fallback !== 'era') return policy.fallback === 'fail';
  return at(source.libvirt, '8.7.0');
}

type Offer = 'offered' | 'not-offered' | Prediction;

function beginOffer(source: SideProfile, target: SideProfile, ask: Ask): Offer {
  const lv = source.libvirt;
  if (!at(lv, '1.0.3') || !at(target.libvirt, '0.9.2') || !at(lv, '0.9.2')) return 'not-offered';
  const blockdev = at(lv, '5.10.0') && source.qemuCaps.has('blockdev');
  if (ask.mode === 'tunnelled') {
    if (at(lv, '1.0.6') && !at(lv, '1.1.2')) return fails('tunnelled-storage-unsupported', 'begin');
    if (at(lv, '9.1.0') && blockdev) return fails('tunnelled-storage-unsupported', 'begin');
    if (!(at(lv, '6.10.0') && blockdev)) return 'not-offered';
  } else {
    const gate = at(lv, '5.3.0') ? null : at(lv, '1.2.0') ? 'drive-mirror' : 'nbd-server';
    if (gate && !source.qemuCaps.has(gate)) return 'not-offered';
  }
  if (ask.policy.nbdOfferGate === 'feature-bit' && !at(target.libvirt, '1.0.3')) {
    return fallbackFails(source, ask.policy) ? fails('peer-lacks-nbd', 'begin') : 'not-offered';
  }
  return 'offered';
}

/**
 * qemuMigrationDstPrecreateStorage (since 1.2.11, for the disks the Begin cookie lists, which a
 * source sends since 1.2.11): skips what is not copied or already there; no pre-creation for an
 * incremental copy, and none without a pool.
 */
function precreate(source: SideProfile, target: SideProfile, ask: Ask, offered: boolean): Prediction | 'created' | 'none' {
  const where = ask.destinationDisk ?? 'precreated';
  if (!offered || where === 'precreated' || !at(target.libvirt, '1.2.11') || !at(source.libvirt, '1.2.11')) return 'none';
  const toCreate = copied(ask).filter((d) => !d.shared);
  if (toCreate.length === 0) return 'none';
  if (ask.copyStorage === 'inc') return fails('precreate-incremental-unsupported', 'prepare');
  return where === 'missing' ? fails('storage-pool-not-found', 'prepare') : 'created';
}

/** QEMU opens every image at start: a local disk whose image the destination lacks fails it. */
function imagesMissing(ask: Ask, created: boolean): boolean {
  const where = ask.destinationDisk ?? 'precreated';
  if (where === 'precreated') return false;
  const made = created ? copied(ask).map((d) => d.target) : [];
  return disksOf(ask).some((d) => !d.shared && !made.includes(d.target));
}

function prepareReply(target: SideProfile, ask: Ask): 'nbd' | 'none' | Prediction {
  if (!at(target.libvirt, '1.0.3')) return 'none';
  const gate = at(target.libvirt, '5.3.0') ? null : 'nbd-server';
  if (gate && !target.qemuCaps.has(gate)) return 'none';
  if (ask.mode === 'tunnelled') return fails('tunnelled-storage-unsupported', 'prepare');
  if (ask.tls && !target.qemuCaps.has('nbd-tls')) return fails('nbd-tls-unsupported', 'prepare');
  return 'nbd';
}

/**
 * qemuMigrationDstStartNBDServer's own checks: read-only disks and a second port of the range.
 * (libvirt runs them once QEMU has started; migsim decides them with the rest of Prepare, before
 * the effects, so a missing image is reported after them: an order of errors only.)
 */
function nbdServerRefused(ask: Ask): Prediction | null {
  if (copied(ask).some((d) => d.readonly)) return fails('readonly-disk', 'prepare');
  return freePorts(ask) < 2 ? fails('port-range-exhausted', 'prepare') : null;
}

function perform(source: SideProfile, target: SideProfile, ask: Ask, reply: 'nbd' | 'none'): Prediction {
  const lv = source.libvirt;
  const incSkipped = ask.copyStorage === 'inc' && at(lv, '7.3.0') && !at(lv, '7.6.0') && ask.policy.storageFlags === 'era';
  if (incSkipped) {
    // Perform then parses without the NBD flag, so a mandatory <feature name='nbd'/> in the reply
    // is "unsupported" (fatal since 1.3.0, and 7.3–7.5 is well after).
    if (reply === 'nbd' && ask.policy.nbdMandatory) return fails('unsupported-feature', 'perform');
    return migrateRefused(source, false) ? fails('block-migration-unavailable', 'perform') : { result: 'completed', storage: 'none' };
  }
  if (reply === 'nbd' && at(lv, '1.0.3')) {
    // TLS for the NBD copy arrived with 4.4.0 (a8dc146a4d); TLS always goes through blockdev-add.
    if (ask.tls && !at(lv, '4.4.0')) return fails('nbd-tls-source-unsupported', 'perform');
    const command = (at(lv, '5.10.0') && source.qemuCaps.has('blockdev')) || ask.tls ? 'blockdev-mirror' : 'drive-mirror';
    if (!source.qemuCaps.has(command)) return fails('qemu-command-not-found', 'perform');
    return migrateRefused(source, false) ? fails('block-migration-unavailable', 'perform') : { result: 'completed', storage: 'nbd' };
  }
  if (fallbackFails(source, ask.policy)) return fails('nbd-not-set-up', 'perform');
  if (migrateRefused(source, true) || !target.qemuCaps.has('block-migration')) return fails('block-migration-unavailable', 'perform');
  return { result: 'completed', storage: 'legacy' };
}

/** A tunnelled storage migration refused in Begin itself (1.0.6–1.1.1; 9.1 and later with -blockdev). */
function tunnelledRefusedInBegin(source: SideProfile, ask: Ask): boolean {
  if (ask.mode !== 'tunnelled' || ask.copyStorage === 'none' || !at(source.libvirt, '1.0.3')) return false;
  const blockdev = at(source.libvirt, '5.10.0') && source.qemuCaps.has('blockdev');
  return (at(source.libvirt, '1.0.6') && !at(source.libvirt, '1.1.2')) || (at(source.libvirt, '9.1.0') && blockdev);
}

/** virCheckFlags at each entry point: the flags and parameters a release does not know yet. */
function knowsFlags(side: SideProfile, ask: Ask): boolean {
  return !((ask.unsafe && !at(side.libvirt, '0.9.11')) || (ask.offline && !at(side.libvirt, '1.0.1'))
    || (ask.migrateDisks && !at(side.libvirt, '1.2.17')) || (ask.tls && !at(side.libvirt, '3.2.0')));
}

export function predict(source: SideProfile, target: SideProfile, ask: Ask): Prediction {
  const v3 = at(source.libvirt, '0.9.2') && at(target.libvirt, '0.9.2');
  if (v3 && !knowsFlags(source, ask)) return fails('unsupported-flags', 'begin');
  if (v3 && tooOld(source)) return fails('qemu-too-old', 'begin');
  if (v3) {
    const refused = requestRefused(source, ask) ?? (tunnelledRefusedInBegin(source, ask) ? fails('tunnelled-storage-unsupported', 'begin') : null) ?? migrateDisksRefused(ask);
    if (refused) return refused;
  }
  if (!knowsFlags(target, ask)) return fails('unsupported-flags', 'prepare');
  // An offline migration only moves the definition: no QEMU, no port, no Perform in v3
  // (virDomainMigrateVersion3Full); in v2 the source's Perform still checks its flags.
  if (ask.offline) return v3 || knowsFlags(source, ask) ? { result: 'completed', storage: 'none' } : fails('unsupported-flags', 'perform');
  // qemuMigrationDstPrepareDirect takes the incoming port before it reads the cookie.
  if (freePorts(ask) < 1) return fails('port-range-exhausted', 'prepare');
  if (copied(ask).length > 0 && v3) {
    const offer = beginOffer(source, target, ask);
    if (typeof offer === 'object') return offer;
    const created = precreate(source, target, ask, offer === 'offered' && at(target.libvirt, '1.0.3'));
    if (typeof created === 'object') return created;
    if (tooOld(target)) return fails('qemu-too-old', 'prepare');
    const reply = offer === 'offered' ? prepareReply(target, ask) : 'none';
    if (typeof reply === 'object') return reply;
    const server = reply === 'nbd' ? nbdServerRefused(ask) : null;
    if (server) return server;
    if (imagesMissing(ask, created === 'created')) return fails('image-open-failed', 'prepare');
    if (reply === 'nbd' && !target.qemuCaps.has('nbd-server')) return fails('qemu-command-not-found', 'prepare');
    return perform(source, target, ask, reply);
  }
  if (tooOld(target)) return fails('qemu-too-old', 'prepare');
  if (imagesMissing(ask, false)) return fails('image-open-failed', 'prepare');
  if (!v3 && !knowsFlags(source, ask)) return fails('unsupported-flags', 'perform');
  if (!v3 && tooOld(source)) return fails('qemu-too-old', 'perform');
  if (ask.copyStorage === 'none' || copied(ask).length === 0) {
    return migrateRefused(source, false) ? fails('block-migration-unavailable', 'perform') : { result: 'completed', storage: 'none' };
  }
  return perform(source, target, ask, 'none');
}
