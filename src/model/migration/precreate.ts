// How the destination comes to have the images of the disks it will receive
// (qemuMigrationDstPrecreateStorage and qemuMigrationDstPrecreateDisk in qemu_migration.c, since
// 1.2.11, e1466dc7fa): for every disk the Begin cookie's <nbd> lists, the target must exist in the
// domain; disks not to be copied and images already there are skipped; a missing image is created
// in the storage pool whose target directory holds it, with the capacity the cookie gives; there
// is no pre-creation for an incremental copy, and none without a pool. Before 1.2.11 nothing is
// pre-created and QEMU itself fails on a missing image.
import type { CookieNbd } from '../cookie/types.js';
import { atLeast, v } from '../version.js';
import { copiedDisks } from './disks.js';
import { phaseError } from './errors.js';
import type { Decision, Effect, PhaseContext, PhaseError } from './types.js';

const precreateSince = v('1.2.11');
/** virStorageVolCreateXML formats the capacity as a signed 64-bit value. */
const capacityBytesMax = 2n ** 63n - 1n;

export type Precreation = { readonly ok: true; readonly effects: Effect[]; readonly decisions: Decision[] } | { readonly ok: false; readonly error: PhaseError };

export function precreateStorage(ctx: PhaseContext, nbd: CookieNbd | null): Precreation {
  const effects: Effect[] = [];
  const decisions: Decision[] = [];
  if (nbd === null || nbd.disks.length === 0 || !atLeast(ctx.self.profile.libvirt, precreateSince)) return { ok: true, effects, decisions };
  const copied = new Set(copiedDisks(ctx.domain, ctx.request).map((disk) => disk.target));
  const images = ctx.self.diskImages ?? 'precreated';
  for (const entry of nbd.disks) {
    const disk = ctx.domain.disks.find((d) => d.target === entry.target);
    if (!disk) return { ok: false, error: phaseError('unknown-disk-target', `unable to find disk target '${entry.target}' for non-shared-storage migration`, 'prepare') };
    if (!copied.has(disk.target) || disk.shared || images === 'precreated') continue;
    if (ctx.request.copyStorage === 'inc') {
      return { ok: false, error: phaseError('precreate-incremental-unsupported', 'pre-creation of storage targets for incremental storage migration is not supported', 'prepare') };
    }
    if (images === 'missing') {
      return { ok: false, error: phaseError('storage-pool-not-found', "Storage pool not found: no storage pool with matching target path '/var/lib/libvirt/images'", 'prepare') };
    }
    if (entry.capacity > capacityBytesMax) {
      return { ok: false, error: phaseError('capacity-overflow', `numerical overflow: value too large: ${entry.capacity}`, 'prepare') };
    }
    effects.push({ kind: 'create-volume', disk: disk.target, capacityBytes: Number(entry.capacity) });
    decisions.push({ text: `creates ${disk.target}'s image in the storage pool, ${entry.capacity} bytes as the Begin cookie says`, rule: 'qemuMigrationDstPrecreateDisk (virStorageVolCreateXML)' });
  }
  return { ok: true, effects, decisions };
}
