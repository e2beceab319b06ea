// QEMU capabilities that matter to storage migration, derived from the QEMU version and
// switchable one by one (`+cap` / `-cap`) to describe distribution backports or removals.
import { atLeast, v, type Version } from '../version.js';

export const qemuCapabilities = [
  'nbd-server', 'drive-mirror', 'blockdev-mirror', 'nbd-tls', 'blockdev', 'block-migration',
] as const;

export type QemuCapability = (typeof qemuCapabilities)[number];

interface CapabilityRange {
  readonly since: Version;
  readonly removedIn?: Version;
  readonly why: string;
}

/** Where each capability comes from (QAPI `Since:` lines, libvirt's caps_*.xml test data, QEMU docs/about/removed-features.rst). */
export const qemuCapabilityRanges: Readonly<Record<QemuCapability, CapabilityRange>> = {
  'nbd-server': { since: v('1.3.0'), why: 'QMP nbd-server-start/nbd-server-add (libvirt QEMU_CAPS_NBD_SERVER)' },
  'drive-mirror': { since: v('1.3.0'), why: 'QMP drive-mirror (libvirt QEMU_CAPS_DRIVE_MIRROR)' },
  'blockdev-mirror': { since: v('2.6.0'), why: 'QMP blockdev-mirror' },
  'nbd-tls': { since: v('2.6.0'), why: "nbd-server-start 'tls-creds' (libvirt QEMU_CAPS_NBD_TLS, caps_2.6.0)" },
  blockdev: { since: v('4.2.0'), why: 'libvirt drives QEMU >= 4.2 with -blockdev (QEMU_CAPS_BLOCKDEV)' },
  'block-migration': { since: v('0.12.0'), removedIn: v('9.1.0'), why: "migrate 'blk'/'inc' and the 'block' capability, removed in QEMU 9.1" },
};

export function isQemuCapability(name: string): name is QemuCapability {
  return (qemuCapabilities as readonly string[]).includes(name);
}

export function qemuCapabilitiesAt(version: Version): Set<QemuCapability> {
  return new Set(qemuCapabilities.filter((cap) => {
    const range = qemuCapabilityRanges[cap];
    return atLeast(version, range.since) && !(range.removedIn && atLeast(version, range.removedIn));
  }));
}
