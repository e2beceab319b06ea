// What every `migsim real ... --json` output shares: the harness failure each action prints
// instead of its result (`{ ok: false, error }`, harnessFailure in src/cli/commands/real-context.ts),
// the machine a run was recorded on, and the scenario in simulate's names. Sides on the real
// pair are `source` and `target`, as libvirt's own logs name them (simulate says `destination`).
import { z } from 'zod';
import { realErrorCodes, type RealError } from '../../real/errors.js';
import type { Provenance } from '../../real/record.js';
import { guestStates, type RealScenario } from '../../real/scenario.js';
import { bytes, errorObject, type Assert, type Describes, type JsonOf } from './common.js';
import { scenarioSchema } from './simulate.js';

export const realSide = z.enum(['source', 'target']);

/** The one error object, without a phase: the harness itself failed, not a migration. */
const realError = errorObject.omit({ phase: true }).extend({ code: z.enum(realErrorCodes).describe('a stable code from docs/errors.md ("Real libvirt harness")') });

/** The harness could not act (not root, a program missing, hosts not up, a bad record...): exit 2. */
export const harnessFailureSchema = z.strictObject({ ok: z.literal(false), error: realError });

export type HarnessFailureJson = JsonOf<typeof harnessFailureSchema>;

/** An action's --json output: what it did, or the harness failure. */
export function orHarnessFailure<S extends z.ZodType>(done: S): z.ZodUnion<[S, typeof harnessFailureSchema]> {
  return z.union([done, harnessFailureSchema]);
}

/** Whether the source's Confirm ran, and whether as the clean-up of a failure (cancelled=1). */
export const confirmRun = z.enum(['ran', 'ran-cancelled', 'not-run']);

/** Where and with what a run was recorded. */
export const provenanceSchema = z.strictObject({
  libvirtd: z.string().describe('the first line of libvirtd --version'),
  qemu: z.string().describe('the first line of the QEMU emulator\'s --version'),
  packages: z.string().describe('Debian package versions when dpkg knows them (libvirt-daemon, qemu-system-x86)'),
  kernel: z.string(),
  recordedAt: z.string().describe('ISO 8601'),
});

/** One migration to drive on the pair: simulate's scenario fields where they mean the same, and the guest the pair builds. */
export const realScenarioSchema = scenarioSchema.pick({
  copyStorage: true, mode: true, migrateDisks: true, persistent: true, offline: true, unsafe: true, tls: true, graphics: true, destinationDisk: true, abort: true,
}).extend({
  disks: z.array(z.strictObject({
    name: z.string().describe('guest device and cookie target, e.g. vda'),
    sizeBytes: bytes,
    format: z.enum(['qcow2', 'raw']),
    backing: z.boolean().describe('a qcow2 overlay on a base image both hosts have'),
  })),
  guest: z.enum(guestStates).describe('running: created transient; defined: defined and started; shut-off: defined only'),
  bandwidthMiBPerSecond: z.number().int().min(1).nullable().describe('virsh migrate --bandwidth; null: unlimited'),
});

type _Exact = [
  Assert<Describes<typeof realError, RealError>>,
  Assert<Describes<typeof provenanceSchema, Provenance>>,
  Assert<Describes<typeof realScenarioSchema, RealScenario>>,
];
