// Before the migration: both hosts reset, the disks made, the guest started on the source.
import { prepareDestinationDisks, prepareSourceDisks } from './disks.js';
import { ok, type RealResult } from './errors.js';
import { startGuest } from './guest.js';
import type { ScratchLayout } from './layout.js';
import type { Machine } from './preconditions.js';
import { resetHosts } from './reset.js';
import type { RealScenario } from './scenario.js';
import { recordQemuPids } from './state-update.js';

export async function prepareRun(machine: Machine, layout: ScratchLayout, scenario: RealScenario): Promise<RealResult<null>> {
  const { tools, programs } = machine;
  await resetHosts(programs.virsh, layout);
  for (const step of [
    () => prepareSourceDisks(tools, layout.hosts.A, scenario),
    () => prepareDestinationDisks(tools, layout.hosts.A, layout.hosts.B, scenario),
    () => startGuest(programs.virsh, programs.qemu, layout, scenario),
  ]) {
    const done = await step();
    if (!done.ok) return done;
  }
  await recordQemuPids(layout);
  return ok(null);
}
