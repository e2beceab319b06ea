// Arbitraries for the sides of a migration: libvirt and QEMU releases from every era with random
// capability switches, and the written form (`libvirt=X,qemu=Y,+cap`) so cases serialise.
import fc from 'fast-check';
import { buildProfile, type SideProfile } from '../../model/versions/profile.js';
import { qemuCapabilities } from '../../model/versions/qemu.js';
import { v } from '../../model/version.js';
import { BoundedMemo } from '../../model/memo.js';

/** libvirt releases at the boundaries of every era the simulator models. */
export const fuzzLibvirtReleases: readonly string[] = ['0.9.1', '0.9.2', '1.0.2', '1.0.3', '1.0.6', '1.1.2', '1.2.0', '1.2.11', '1.3.0',
  '4.3.0', '5.3.0', '5.10.0', '6.9.0', '6.10.0', '7.4.0', '7.6.0', '8.6.0', '8.7.0', '9.0.0', '9.1.0', '10.0.0', '12.5.0'];

/** QEMU releases around each capability change. */
export const fuzzQemuReleases: readonly string[] = ['1.2.0', '1.3.0', '2.6.0', '4.1.0', '4.2.0', '6.0.0', '7.2.0', '8.2.0', '9.0.0', '9.1.0', '9.2.0'];

/** Releases of the NBD-over-blockdev era, where most of today's storage migration happens. */
const currentLibvirtReleases = fuzzLibvirtReleases.filter((release) => Number(release.split('.')[0]) >= 6);
const currentQemuReleases = fuzzQemuReleases.filter((release) => Number(release.split('.')[0]) >= 5 || release === '4.2.0');

/** Half the sides come from today's releases, half from every era (the corners are still reached, less often). */
const releasePair = fc.oneof(
  fc.record({ libvirt: fc.constantFrom(...fuzzLibvirtReleases), qemu: fc.constantFrom(...fuzzQemuReleases) }),
  fc.record({ libvirt: fc.constantFrom(...currentLibvirtReleases), qemu: fc.constantFrom(...currentQemuReleases) }),
);

/** A side as it is written on the command line. */
export const profileSpecArbitrary: fc.Arbitrary<string> = fc.record({
  release: releasePair,
  switches: fc.array(fc.tuple(fc.constantFrom('+', '-'), fc.constantFrom(...qemuCapabilities)), { maxLength: 2 }),
}).map(({ release, switches }) => [`libvirt=${release.libvirt}`, `qemu=${release.qemu}`, ...switches.map(([sign, cap]) => sign + cap)].join(','));

/** Profiles are immutable and a campaign draws the same few hundred specs again and again. */
const profiles = new BoundedMemo<SideProfile>(4096);

export function profileFromSpec(spec: string): SideProfile {
  return profiles.get(spec, () => buildFromSpec(spec));
}

function buildFromSpec(spec: string): SideProfile {
  const parts = spec.split(',');
  const libvirt = parts.find((p) => p.startsWith('libvirt='))?.slice(8) ?? '';
  const qemu = parts.find((p) => p.startsWith('qemu='))?.slice(5) ?? '';
  const built = buildProfile({ libvirt: v(libvirt), qemu: v(qemu), switches: parts.filter((p) => /^[+-]/.test(p)) });
  if (!built.ok) throw new Error(built.message);
  return built.profile;
}

export const profileArbitrary: fc.Arbitrary<SideProfile> = profileSpecArbitrary.map(profileFromSpec);
