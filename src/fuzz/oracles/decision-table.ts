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

interface Ask {
  readonly copyStorage: CopyStorage;
  readonly mode: MigrationMode;
  readonly policy: DesignerPolicy;
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

function prepareReply(target: SideProfile, ask: Ask): 'nbd' | 'none' | Prediction {
  if (!at(target.libvirt, '1.0.3')) return 'none';
  const gate = at(target.libvirt, '5.3.0') ? null : 'nbd-server';
  if (gate && !target.qemuCaps.has(gate)) return 'none';
  if (ask.mode === 'tunnelled') return fails('tunnelled-storage-unsupported', 'prepare');
  if (!target.qemuCaps.has('nbd-server')) return fails('qemu-command-not-found', 'prepare');
  return 'nbd';
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
    const command = at(lv, '5.10.0') && source.qemuCaps.has('blockdev') ? 'blockdev-mirror' : 'drive-mirror';
    if (!source.qemuCaps.has(command)) return fails('qemu-command-not-found', 'perform');
    return migrateRefused(source, false) ? fails('block-migration-unavailable', 'perform') : { result: 'completed', storage: 'nbd' };
  }
  if (fallbackFails(source, ask.policy)) return fails('nbd-not-set-up', 'perform');
  if (migrateRefused(source, true) || !target.qemuCaps.has('block-migration')) return fails('block-migration-unavailable', 'perform');
  return { result: 'completed', storage: 'legacy' };
}

export function predict(source: SideProfile, target: SideProfile, ask: Ask): Prediction {
  const v3 = at(source.libvirt, '0.9.2') && at(target.libvirt, '0.9.2');
  if (v3 && tooOld(source)) return fails('qemu-too-old', 'begin');
  if (ask.copyStorage !== 'none' && v3) {
    const offer = beginOffer(source, target, ask);
    if (typeof offer === 'object') return offer;
    if (tooOld(target)) return fails('qemu-too-old', 'prepare');
    const reply = offer === 'offered' ? prepareReply(target, ask) : 'none';
    if (typeof reply === 'object') return reply;
    return perform(source, target, ask, reply);
  }
  if (tooOld(target)) return fails('qemu-too-old', 'prepare');
  if (!v3 && tooOld(source)) return fails('qemu-too-old', 'perform');
  if (ask.copyStorage === 'none') return migrateRefused(source, false) ? fails('block-migration-unavailable', 'perform') : { result: 'completed', storage: 'none' };
  return perform(source, target, ask, 'none');
}
