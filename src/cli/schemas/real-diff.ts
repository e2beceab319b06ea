// `migsim real diff --json`: each scenario's real run and its simulation compared
// (src/real/diff): both runs in the one form the diff reads (RunRecord), every difference with
// the deliberate deviation that explains it or none, the values masked by rule, and the count
// left unexplained (exit 1 when it is not 0).
import { z } from 'zod';
import type { ScenarioDiff } from '../../real/diff/compare.js';
import { nbdCommands, type RunRecord } from '../../real/diff/run-record.js';
import { count, phase, runError, storagePath, type Assert, type Describes, type JsonOf } from './common.js';
import { confirmRun, orHarnessFailure, realSide } from './real.js';

const hostEnd = z.strictObject({
  domain: z.enum(['running', 'paused', 'shut-off', 'absent', 'unknown']),
  persistent: z.boolean().nullable().describe('whether the host keeps a persistent definition; null: it has none at all'),
  nbdServer: z.boolean().nullable().describe('an NBD server still there; null: cannot be told'),
  blockJobs: count.nullable().describe('block jobs (mirrors) still there; null: cannot be told'),
});

/** One migration as the diff compares it, whoever ran it. */
const runRecord = z.strictObject({
  origin: z.enum(['real', 'simulation']),
  outcome: z.strictObject({ result: z.enum(['completed', 'failed']), storage: storagePath.nullable(), error: runError.nullable() }),
  phases: z.array(z.strictObject({
    phase,
    side: realSide,
    cancelled: z.boolean().describe('Finish or Confirm run as the clean-up of a failure'),
    cookieParsed: z.string().nullable().describe('the cookie XML this phase parsed; null: none'),
    cookieSent: z.string().nullable(),
  })),
  confirm: confirmRun,
  nbd: z.array(z.strictObject({
    side: realSide,
    command: z.enum(nbdCommands),
    detail: z.record(z.string(), z.string()).describe('the arguments that matter to the path, as text (port, export, sync, tls, force...)'),
  })).describe('the NBD path as the QMP commands that carry it, in order'),
  end: z.strictObject({ source: hostEnd, target: hostEnd }),
  copiedDisksIdentical: z.boolean().nullable().describe('after a completed storage copy; null when nothing was copied'),
});

const scenarioDiff = z.strictObject({
  name: z.string().describe('(LETTER) for a preset, run for the scenario flags, the file for --record'),
  flags: z.string().describe('the scenario as real run flags'),
  unexplained: count.describe('differences no deliberate deviation explains'),
  differences: z.array(z.strictObject({
    aspect: z.enum(['outcome', 'phases', 'cookie', 'nbd', 'end']),
    where: z.string(),
    real: z.string(),
    simulated: z.string(),
    deviation: z.string().nullable().describe('the deliberate deviation that explains it (docs/real.md); null: a difference to fix'),
  })),
  masked: z.record(z.string(), count).describe('values kept out of the cookie comparison, by mask rule'),
  real: runRecord,
  simulated: runRecord,
});

export const realDiffSchema = orHarnessFailure(z.strictObject({
  ok: z.literal(true),
  unexplained: count.describe('over every scenario'),
  scenarios: z.array(scenarioDiff),
}));

export type RealDiffJson = JsonOf<typeof realDiffSchema>;

type _Exact = [
  Assert<Describes<typeof runRecord, RunRecord>>,
  Assert<Describes<typeof scenarioDiff, ScenarioDiff & { readonly name: string; readonly flags: string }>>,
];
