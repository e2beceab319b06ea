// How the receiving side of a cookie parses it in a scenario: its phase, its libvirt and host,
// and whether its Perform runs a storage migration (which decides whether it reads <nbd>).
import type { ParseContext } from '../../model/cookie/index.js';
import { copiedDisks } from '../../model/migration/disks.js';
import type { Phase } from '../../model/migration/types.js';
import type { Scenario } from '../../sim/handshake/scenario.js';

export function storageMigrationInPerform(scenario: Scenario): boolean {
  const copies = copiedDisks(scenario.domain, scenario.request).length > 0;
  const incBug = scenario.request.copyStorage === 'inc' && scenario.source.profile.behaviour.incrementalCopySkipped && scenario.policy.storageFlags === 'era';
  return copies && !incBug;
}

export function receiverContext(scenario: Scenario, receiver: Phase): ParseContext {
  const side = receiver === 'prepare' || receiver === 'finish' ? scenario.target : scenario.source;
  const { policy } = scenario;
  return {
    phase: receiver === 'begin' ? 'begin' : receiver, policy: policy.cookiePolicy, libvirt: side.profile.libvirt,
    domain: { name: scenario.domain.name, uuid: scenario.domain.uuid }, localHostUuid: side.hostUuid, localHostname: side.hostname,
    storageMigration: storageMigrationInPerform(scenario), duplicateNbd: policy.duplicateNbd, portRangeCheck: policy.portRangeCheck,
  };
}
