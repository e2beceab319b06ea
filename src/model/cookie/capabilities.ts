// QEMU migration capabilities libvirt knows (`qemuMigrationCapability` enum in
// src/qemu/qemu_migration_params.c). The cookie parser ignores names it does not know and
// the formatter writes the known ones in enum order, so both depend on the version. Releases
// marked "approx." are the first we could bound, not a commit we read.
import { atLeast, v, type Version } from '../version.js';

const capabilityTable: readonly { readonly name: string; readonly since: Version }[] = [
  { name: 'xbzrle', since: v('4.3.0') }, { name: 'auto-converge', since: v('4.3.0') },
  { name: 'rdma-pin-all', since: v('4.3.0') }, { name: 'events', since: v('4.3.0') },
  { name: 'postcopy-ram', since: v('4.3.0') }, { name: 'compress', since: v('4.3.0') },
  { name: 'pause-before-switchover', since: v('4.3.0') },
  { name: 'late-block-activate', since: v('4.5.0') }, // approx.
  { name: 'multifd', since: v('5.2.0') }, // approx.
  { name: 'dirty-bitmaps', since: v('7.1.0') }, // with <blockDirtyBitmaps>
  { name: 'return-path', since: v('8.5.0') }, // approx.
  { name: 'zero-copy-send', since: v('8.5.0') },
];

/** Capability names the given libvirt version knows, in enum order. */
export function capabilitiesKnownAt(version: Version): readonly string[] {
  return capabilityTable.filter((entry) => atLeast(version, entry.since)).map((entry) => entry.name);
}
