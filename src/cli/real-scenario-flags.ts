// The scenario flags of `migsim real run` and `real diff`. Where `simulate` has the same flag, this
// is its very definition (src/cli/scenario-flags.ts: one name, value kind and help); a flag is
// the real pair's own only where the pair reads the value differently, as said at each.
import { guestStates, scenarioLimits } from '../real/scenario.js';
import { diskFormats, parseDisk } from '../real/scenario-flags.js';
import { option, type Values } from './command.js';
import { scenarioFlags } from './scenario-flags.js';
import { choice, list } from './values.js';

export const realScenarioFlags = {
  'copy-storage': scenarioFlags['copy-storage'],
  mode: scenarioFlags.mode,
  // Not simulate's --disks: the harness makes each disk as a real image file, so a disk is
  // NAME:SIZE[:FORMAT] (no STORAGE: each host has its own images), at most 4 of them, and the
  // default guest has one small vda (simulate's default disk is 10 GiB).
  disks: option('LIST', list(`disks NAME:SIZE[:FORMAT], at most ${scenarioLimits.disksMax}, e.g. vda:32MiB:qcow2,vdb:16MiB:raw`, parseDisk, scenarioLimits.disksMax),
    `the guest's disks, NAME:SIZE[:FORMAT],... (FORMAT ${diskFormats.join(' | ')};\ndefault vda:32MiB:qcow2; at most ${scenarioLimits.disksMax} disks vda..vdz, each 4MiB to 1GiB in whole MiB)`),
  'migrate-disks': scenarioFlags['migrate-disks'],
  persistent: scenarioFlags.persistent,
  offline: scenarioFlags.offline,
  unsafe: scenarioFlags.unsafe,
  tls: scenarioFlags.tls,
  // simulate's values; only the default differs (the real guest has no graphics unless asked,
  // simulate's model domain has SPICE), so the help says so.
  graphics: { ...scenarioFlags.graphics, help: "the guest's graphics: none | vnc | spice (default none)" },
  // The real pair's own: how the guest exists on the source, which the simulator does not model.
  guest: option('STATE', choice(guestStates), 'running | defined | shut-off: created transient, defined and started, or defined only\n(default running; shut-off with --offline)'),
  'destination-disk': scenarioFlags['destination-disk'],
  abort: scenarioFlags.abort,
  // simulate's rate grammar; on the pair it is virsh migrate --bandwidth (also the mirror's speed,
  // whole MiB/s, unlimited by default), not the link's bandwidth, so the help says so.
  bandwidth: { ...scenarioFlags.bandwidth, help: 'virsh migrate --bandwidth, e.g. 1MiB/s, rounded up to whole MiB/s\n(libvirt 9.0 also gives it blockdev-mirror as its speed; default unlimited)' },
};

export type RealScenarioValues = Values<typeof realScenarioFlags>;

/** Whether any scenario flag was given (a switch not given reads as false). */
export function scenarioGiven(values: RealScenarioValues): boolean {
  return Object.keys(realScenarioFlags).some((name) => {
    const value = values[name as keyof RealScenarioValues];
    return value !== undefined && value !== false;
  });
}
