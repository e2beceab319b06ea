// The simulator's scenario for a real scenario: the same request, guest and destination disks,
// on a libvirt 9.0 / QEMU 7.2 pair (what the harness runs), with the real pair's identities
// (hosta/hostb, their host UUIDs and veth addresses, the guest `migtest`), so that the values a
// cookie carries can be compared as they are. The guest has no OS and writes nothing while it
// migrates; its disks are local files on each host (never shared).
import type { DomainConfig } from '../../model/migration/types.js';
import { libvirtPolicy, type DesignerPolicy } from '../../model/policy.js';
import { parseSideSpec, type SideProfile } from '../../model/versions/profile.js';
import { buildScenario, type Scenario } from '../../sim/handshake/scenario.js';
import { guestMemoryMiB, guestName, guestUuid, hostIdentities } from '../constants.js';
import { mebibyte, type RealScenario } from '../scenario.js';

/** libvirt and QEMU of the real pair (Debian 12: libvirt 9.0.0, QEMU 7.2). */
export const realPairSide = 'libvirt=9.0.0,qemu=7.2.0';

function realPairProfile(): SideProfile {
  const parsed = parseSideSpec(realPairSide);
  // A constant spec: a failure here is a programming error, not input.
  if (!parsed.ok) throw new Error(`realPairSide: ${parsed.message}`);
  return parsed.profile;
}

export interface SimScenarioOptions {
  readonly policy?: DesignerPolicy;
  readonly seed?: number;
  readonly source?: SideProfile;
  readonly target?: SideProfile;
}

export function simScenarioFor(real: RealScenario, options: SimScenarioOptions = {}): Scenario {
  const profile = realPairProfile();
  const built = buildScenario({
    source: options.source ?? profile, target: options.target ?? profile, copyStorage: real.copyStorage, mode: real.mode,
    seed: options.seed ?? 1, policy: options.policy ?? libvirtPolicy, persistent: real.persistent, tls: real.tls,
    migrateDisks: real.migrateDisks,
    disks: real.disks.map((disk) => ({ target: disk.name, capacityBytes: disk.sizeBytes, readonly: false, format: disk.format, backing: disk.backing, shared: false })),
    graphics: real.graphics === 'none' ? null : real.graphics, offline: real.offline, unsafe: real.unsafe, abort: real.abort,
    destinationDisk: real.destinationDisk, guestWrites: null,
    ...(real.bandwidthMiBPerSecond !== null ? { link: { bandwidthBytesPerSecond: real.bandwidthMiBPerSecond * mebibyte } } : {}),
  });
  const domain: DomainConfig = {
    ...built.domain, name: guestName, uuid: guestUuid, memoryBytes: guestMemoryMiB * mebibyte, persistentOnSource: real.guest !== 'running',
  };
  const { A, B } = hostIdentities;
  return {
    ...built, domain,
    source: { ...built.source, hostname: A.hostname, hostUuid: A.hostUuid, address: A.address },
    target: { ...built.target, hostname: B.hostname, hostUuid: B.hostUuid, address: B.address },
  };
}
