// `migsim simulate --json` (and the run inside `explain --json` and `replay --json`): one
// migration as a run — what was asked, each phase with its decisions, cookie and QEMU effects,
// the outcome, the findings, where each side ended and the storage copy. A real run of libvirt
// (`migsim real run`) reports the same shape.
import { z } from 'zod';
import { effectKinds } from '../../model/migration/types.js';
import type { SimulateJson } from '../../render/handshake.js';
import { bytes, bytesPerSecond, count, phase, runError, seconds, side, storagePath } from './common.js';

const endState = z.strictObject({ running: z.boolean(), paused: z.boolean(), nbdServer: z.boolean(), mirrors: count });

const effect = z.strictObject({
  kind: z.enum(effectKinds),
  description: z.string().describe('the QMP work in words, e.g. nbd-server-start on 192.0.2.20:49153'),
  result: z.enum(['ok', 'refused', 'ignored']),
  code: z.string().nullable(),
  message: z.string().nullable(),
  detail: z.string().nullable(),
});

const phaseRun = z.strictObject({
  phase,
  side,
  cancelled: z.boolean().describe('run to clean up after a failure'),
  ok: z.boolean(),
  error: runError.nullable(),
  decisions: z.array(z.strictObject({ text: z.string(), rule: z.string().describe('the libvirt rule or designer policy behind it') })),
  cookie: z.string().nullable().describe('the cookie XML this phase sent'),
  effects: z.array(effect),
  atMs: z.number().min(0).describe('virtual time the phase started'),
});

export const scenarioSchema = z.strictObject({
  source: z.string(),
  destination: z.string(),
  copyStorage: z.enum(['all', 'inc', 'none']),
  mode: z.enum(['regular', 'p2p', 'tunnelled']),
  persistent: z.boolean(),
  offline: z.boolean(),
  unsafe: z.boolean(),
  tls: z.boolean(),
  migrateDisks: z.array(z.string()).nullable(),
  disks: z.string().describe('as --disks takes them: NAME:SIZE:FORMAT[:STORAGE],...'),
  graphics: z.enum(['none', 'vnc', 'spice']),
  abort: z.enum(['begin', 'prepare', 'perform', 'mirror', 'finish']).nullable(),
  destinationDisk: z.enum(['precreated', 'missing', 'pool']),
  nbdPortRange: z.strictObject({ min: z.number().int(), max: z.number().int() }),
  portsInUse: z.array(z.number().int()),
  link: z.strictObject({ bandwidthBytesPerSecond: bytesPerSecond, rttMs: z.number().min(0) }),
  guestWrites: z.strictObject({ rateBytesPerSecond: bytesPerSecond, writeSizeBytes: bytes }).nullable(),
  policy: z.strictObject({ name: z.string(), switches: z.record(z.string(), z.string()).describe('every policy switch by its name, as --policy takes it') }),
  seed: count,
});

const storageCopy = z.strictObject({
  model: z.enum(['nbd-mirror', 'legacy-block-migration']),
  diskBytes: bytes,
  durationSeconds: seconds.nullable().describe('until the mirror is READY or the block migration complete; null: never'),
  throughputBytesPerSecond: bytesPerSecond,
  limitedBy: z.string(),
  reason: z.string().nullable(),
  guestWriteBytesPerSecond: bytesPerSecond,
});

const base = {
  protocol: z.enum(['v2', 'v3']),
  scenario: scenarioSchema,
  phases: z.array(phaseRun),
  findings: z.array(z.strictObject({
    code: z.string(), resource: z.string().describe('what it is about: target:nbd-server, disk:vda, domain...'),
    message: z.string(), phase: phase.nullable(), explanation: z.string(), source: z.string(),
  })),
  final: z.strictObject({ source: endState, destination: endState }).describe('where each side ends'),
  storageCopy: storageCopy.nullable(),
  durationSeconds: seconds.describe('virtual time of the whole run'),
  traceHash: z.string(),
};

export const simulateSchema = z.discriminatedUnion('result', [
  z.strictObject({ ...base, result: z.literal('completed'), storage: storagePath, error: z.null() }),
  z.strictObject({ ...base, result: z.literal('failed'), storage: storagePath.describe('the path it was taking'), error: runError }),
]) satisfies z.ZodType<SimulateJson>;
