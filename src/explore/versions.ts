// Suggestions for the version fields: the releases where libvirt's or QEMU's storage-migration
// behaviour changes (docs/handshake.md, "libvirt eras" and "QEMU capabilities"). Any real
// release can be typed; these only make the interesting ones one pick away.
import { qemuCapabilities, qemuCapabilitiesAt, type QemuCapability } from '../model/versions/qemu.js';
import { parseQemuRelease } from '../model/versions/releases.js';

export interface NotableVersion {
  readonly version: string;
  readonly note: string;
}

export const libvirtVersions: readonly NotableVersion[] = [
  { version: '0.9.1', note: 'protocol v2 only: no cookies' },
  { version: '0.9.2', note: 'protocol v3 with cookies' },
  { version: '1.0.2', note: 'last release without <nbd>' },
  { version: '1.0.3', note: '<nbd> and NBD storage migration' },
  { version: '1.0.6', note: 'tunnelled + storage refused' },
  { version: '1.1.2', note: 'tunnelled + storage: warning and blk' },
  { version: '1.2.0', note: 'source gates <nbd> on drive-mirror' },
  { version: '1.2.11', note: 'disk capacities; destination stops its NBD server' },
  { version: '5.3.0', note: 'NBD capabilities assumed' },
  { version: '5.10.0', note: 'blockdev-mirror with QEMU >= 4.2' },
  { version: '6.10.0', note: 'tunnelled + storage fails in Prepare' },
  { version: '7.3.0', note: '--copy-storage-inc alone copies nothing (to 7.5)' },
  { version: '8.6.0', note: 'last release with the blk/inc fallback' },
  { version: '8.7.0', note: '"NBD is not set up", needs QEMU >= 4.2' },
  { version: '9.0.0', note: 'the real pair observed (docs/evidence.md)' },
  { version: '9.1.0', note: 'tunnelled + storage fails in Begin' },
  { version: '12.4.0', note: 'needs QEMU >= 7.2' },
  { version: '12.5.0', note: 'newest modelled' },
];

export const qemuVersions: readonly NotableVersion[] = [
  { version: '1.2.0', note: 'no nbd-server, no drive-mirror' },
  { version: '1.3.0', note: 'nbd-server and drive-mirror' },
  { version: '2.6.0', note: 'blockdev-mirror and NBD TLS' },
  { version: '4.2.0', note: '-blockdev' },
  { version: '7.2.0', note: 'the real pair observed (docs/evidence.md)' },
  { version: '9.0.0', note: 'last with block migration (blk/inc)' },
  { version: '9.1.0', note: 'block migration removed' },
  { version: '9.2.0', note: 'used for "today"' },
];

/** The capabilities a QEMU release has before any switch, or null if the release is unknown. */
export function defaultCapabilities(qemu: string): ReadonlySet<QemuCapability> | null {
  const parsed = parseQemuRelease(qemu);
  return parsed.ok ? qemuCapabilitiesAt(parsed.version) : null;
}

export interface SideParts {
  readonly libvirt: string;
  readonly qemu: string;
  /** `+cap` / `-cap` switches, as written in a side spec. */
  readonly switches: readonly string[];
}

/** Splits a side spec for the form; parseSideSpec checks the text itself. */
export function sideParts(spec: string): SideParts {
  const parts = spec.split(',').map((p) => p.trim());
  const value = (key: string): string => parts.find((p) => p.startsWith(`${key}=`))?.slice(key.length + 1) ?? '';
  return { libvirt: value('libvirt'), qemu: value('qemu'), switches: parts.filter((p) => /^[+-]/.test(p)) };
}

/** The side spec for the form's values: switches only where a box differs from the QEMU release's default. */
export function sideSpec(libvirt: string, qemu: string, checked: ReadonlySet<QemuCapability>): string {
  const base = defaultCapabilities(qemu) ?? new Set<QemuCapability>();
  const switches = qemuCapabilities.flatMap((cap) => {
    if (checked.has(cap) && !base.has(cap)) return [`+${cap}`];
    if (!checked.has(cap) && base.has(cap)) return [`-${cap}`];
    return [];
  });
  return [`libvirt=${libvirt}`, `qemu=${qemu}`, ...switches].join(',');
}

/** The capabilities a side spec ends up with (release default plus switches). */
export function effectiveCapabilities(parts: SideParts): Set<QemuCapability> {
  const caps = new Set(defaultCapabilities(parts.qemu) ?? []);
  for (const item of parts.switches) {
    const name = qemuCapabilities.find((c) => c === item.slice(1));
    if (!name) continue;
    if (item.startsWith('+')) caps.add(name);
    else caps.delete(name);
  }
  return caps;
}
