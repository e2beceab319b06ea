// Before the migration: both hosts reset, the disks made, the guest started on the source.
import { prepareDestinationDisks, prepareSourceDisks } from './disks.js';
import { ok, type RealResult } from './errors.js';
import { startGuest } from './guest.js';
import type { ScratchLayout } from './layout.js';
import type { Machine } from './preconditions.js';
import { resetHostsClean } from './reset.js';
import type { RealScenario } from './scenario.js';
import { recordQemuPids } from './state-update.js';

export async function prepareRun(machine: Machine, layout: ScratchLayout, scenario: RealScenario): Promise<RealResult<null>> {
  const { tools, programs } = machine;
  const reset = await resetHostsClean(programs.virsh, layout);
  if (!reset.ok) return reset;
  // A base image is copied from the source to the destination, so with one the source's disks
  // come first; otherwise the two hosts' disks are made at once.
  const disks = scenario.disks.some((d) => d.backing)
    ? [await prepareSourceDisks(tools, layout.hosts.A, scenario), await prepareDestinationDisks(tools, layout.hosts.A, layout.hosts.B, scenario)]
    : await Promise.all([prepareSourceDisks(tools, layout.hosts.A, scenario), prepareDestinationDisks(tools, layout.hosts.A, layout.hosts.B, scenario)]);
  const failed = disks.find((d) => !d.ok);
  if (failed) return failed;
  const guest = await startGuest(programs.virsh, programs.qemu, layout, scenario);
  if (!guest.ok) return guest;
  await recordQemuPids(layout);
  return ok(null);
}
