// Begin on the source (`qemuMigrationSrcBeginPhase` → `qemuMigrationSrcBeginXML`): decide whether
// storage is migrated and whether `<nbd>` is offered, and write the Begin cookie.
import { formatVersion } from '../version.js';
import { qemuTooOld } from '../versions/profile.js';
import { beginCookie } from './cookies.js';
import { copiedDisks, storageRequested } from './disks.js';
import { phaseError } from './errors.js';
import { migrateDisksRefusal, requestRefusal, unsupportedFlagRefusal } from './request-checks.js';
import type { Decision, PhaseContext, PhaseOutcome } from './types.js';

export interface SourceState {
  /** Storage was asked for and there is at least one disk to copy. */
  readonly storageMigration: boolean;
  readonly offeredNbd: boolean;
  readonly copyDisks: readonly string[];
  readonly storagePath: 'nbd' | 'legacy' | 'none';
}

type NbdChoice = { readonly offer: boolean; readonly decision: Decision } | { readonly fail: { code: string; message: string } };

/** Tunnelled + storage, by era (121d4cfb9a, 98bbda00cf, 5de58d87c8, f8867ddb05; 9.0 as observed, docs/evidence.md E1). */
function tunnelledChoice(ctx: PhaseContext): NbdChoice | null {
  if (ctx.request.mode !== 'tunnelled') return null;
  const { behaviour, qemuCaps } = ctx.self.profile;
  const blockdev = behaviour.blockdev && qemuCaps.has('blockdev');
  const message = 'migration of non-shared storage is not supported with tunnelled migration and this QEMU';
  switch (behaviour.tunnelledStorage) {
    case 'refuse':
      return { fail: { code: 'tunnelled-storage-unsupported', message } };
    case 'begin-fails':
      if (blockdev) return { fail: { code: 'tunnelled-storage-unsupported', message } };
      break;
    case 'begin-reports-prepare-fails':
      if (blockdev) {
        return { offer: true, decision: { text: `reports "${message}" but does not fail: the cookie still offers <nbd>`, rule: 'qemuMigrationSrcBegin in 6.10–9.0 (error reported, not returned; observed on libvirt 9.0)' } };
      }
      break;
    case 'legacy-without-nbd':
      return { offer: false, decision: { text: 'tunnelled: NBD is skipped silently, disks will go through the tunnel with blk/inc', rule: '121d4cfb9a (1.0.3)' } };
    case 'warn-legacy':
      break;
  }
  return { offer: false, decision: { text: 'tunnelled: NBD cannot go through the tunnel; warns and keeps blk/inc', rule: '5de58d87c8 (1.1.2), VIR_WARN' } };
}

/** The designer's feature-bit gate, applied to any offer (policy `nbd-gate=feature-bit`). */
function peerGate(ctx: PhaseContext): NbdChoice | null {
  if (ctx.policy.nbdOfferGate !== 'feature-bit' || ctx.peerFeatures.nbd) return null;
  const { behaviour } = ctx.self.profile;
  if (ctx.policy.fallback === 'fail' || (ctx.policy.fallback === 'era' && behaviour.fallback === 'fail')) {
    return { fail: { code: 'peer-lacks-nbd', message: 'the destination does not advertise NBD storage migration' } };
  }
  return { offer: false, decision: { text: 'the destination does not advertise the NBD feature bit: no <nbd> offered', rule: 'designer policy nbd-gate=feature-bit' } };
}

function nbdChoice(ctx: PhaseContext): NbdChoice {
  const { behaviour, qemuCaps } = ctx.self.profile;
  if (!behaviour.nbd) return { offer: false, decision: { text: 'this libvirt predates NBD storage migration: no <nbd> offered', rule: 'libvirt < 1.0.3 (121d4cfb9a)' } };
  const tunnelled = tunnelledChoice(ctx);
  if (tunnelled && ('fail' in tunnelled || !tunnelled.offer)) return tunnelled;
  const gate = behaviour.sourceNbdGate;
  if (!tunnelled && gate !== null && !qemuCaps.has(gate)) {
    return { offer: false, decision: { text: `source QEMU lacks ${gate}: no <nbd> offered`, rule: gate === 'nbd-server' ? 'QEMU_CAPS_NBD_SERVER check (1.0.3)' : 'QEMU_CAPS_DRIVE_MIRROR check (b2f31af701, 1.2.0)' } };
  }
  return peerGate(ctx) ?? tunnelled
    ?? { offer: true, decision: { text: 'offers <nbd> with its disks and capacities', rule: 'qemuMigrationSrcBeginXML: NBD flag when NON_SHARED and a disk to copy' } };
}

export function sourceBegin(ctx: PhaseContext): PhaseOutcome<SourceState> {
  const { profile } = ctx.self;
  const unsupported = unsupportedFlagRefusal(ctx, 'begin');
  if (unsupported) return { ok: false, error: unsupported, decisions: [], effects: [] };
  if (qemuTooOld(profile)) {
    const min = profile.behaviour.qemuMin ? formatVersion(profile.behaviour.qemuMin) : '?';
    return { ok: false, error: phaseError('qemu-too-old', `libvirt ${formatVersion(profile.libvirt)} does not run QEMU ${formatVersion(profile.qemu)} (minimum ${min})`, 'begin'), decisions: [], effects: [] };
  }
  const tunnelled = storageRequested(ctx.request) ? tunnelledChoice(ctx) : null;
  const refusal = requestRefusal(ctx) ?? (tunnelled && 'fail' in tunnelled ? phaseError(tunnelled.fail.code, tunnelled.fail.message, 'begin') : null)
    ?? migrateDisksRefusal(ctx);
  if (refusal) return { ok: false, error: refusal, decisions: [], effects: [] };
  const disks = copiedDisks(ctx.domain, ctx.request).map((disk) => disk.target);
  const storageMigration = disks.length > 0;
  const decisions: Decision[] = [];
  let offer = false;
  if (storageMigration) {
    const choice = nbdChoice(ctx);
    if ('fail' in choice) return { ok: false, error: phaseError(choice.fail.code, choice.fail.message, 'begin'), decisions, effects: [] };
    offer = choice.offer;
    decisions.push(choice.decision);
  } else {
    decisions.push({ text: ctx.request.copyStorage === 'none' ? 'no storage copy asked: disks are on shared storage' : 'no disk to copy', rule: 'qemuMigrationHasAnyStorageMigrationDisks' });
  }
  const cookie = beginCookie(ctx, offer);
  const state: SourceState = { storageMigration, offeredNbd: offer, copyDisks: disks, storagePath: 'none' };
  return { ok: true, decisions, effects: [], complete: () => ({ ok: true, state, cookie, decisions: [] }) };
}
