// `migsim fuzz --json`: the campaign in counts, each failed case with its replay command, the
// known findings (what real libvirt does wrong) and the coverage reached.
import { z } from 'zod';
import { count, seconds, type JsonOf } from './common.js';

const coverageByKind = z.record(z.string(), z.record(z.string(), count)).describe('hits by kind, then item');

export const fuzzSchema = z.strictObject({
  seed: count.describe("the campaign's seed (a shard's own seed, derived from the root seed and its index)"),
  shards: z.array(z.strictObject({ index: count, total: count })).describe('the shards this summary covers (K of N): none for a whole campaign, one for a shard, several after fuzz merge'),
  runs: count,
  durationSeconds: seconds.describe('wall time of the campaign'),
  runsPerSecond: count,
  failures: count.describe('failed cases (the campaign stops at the first)'),
  failedCases: z.array(z.strictObject({
    target: z.string(),
    oracle: z.string(),
    message: z.string(),
    seed: count,
    path: z.string(),
    caseFile: z.string().nullable(),
    replay: z.string().nullable().describe('the command that replays it'),
  })),
  targets: z.array(z.strictObject({
    target: z.string(), runs: count, durationSeconds: seconds, failures: count,
    coverage: coverageByKind.optional().describe("this target's own coverage, for --require TARGET/KIND:ITEM (absent in summaries of migsim before it)"),
  })),
  knownFindings: z.array(z.strictObject({
    target: z.string(), oracle: z.string(), count, explanation: z.string(), source: z.string(), example: z.string(),
    fixedByStrict: count, notFixedByStrict: count,
  })),
  coverage: coverageByKind.describe('hits by kind, then item, over every target'),
  missingCoverage: z.array(z.string()).describe('--require items not reached'),
});

export type FuzzJson = JsonOf<typeof fuzzSchema>;
