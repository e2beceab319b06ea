// `migsim real fuzz --json`: the campaign on the real pair (src/real/fuzz) - its seed, policy and
// focus, the machine, the totals, the case files written, and every case: the cookie fault
// applied in flight, how the run ended, and its judgement (the real verdict against the
// reference codec's, the invariants against the model's). A case's parts are also what
// `real replay --json` prints (real-replay.ts).
import { z } from 'zod';
import { contentFaultSchema, handshakeCaseFileSchema } from '../../fuzz/campaign/case-file.js';
import { focuses } from '../../real/fuzz/arbitrary.js';
import type { CaseResult } from '../../real/fuzz/campaign.js';
import { realCaseFormat } from '../../real/fuzz/case-file.js';
import { fuzzPoints, variants } from '../../real/fuzz/fuzz-case.js';
import type { CaseJudgement } from '../../real/fuzz/judge.js';
import type { FuzzTotals } from '../../real/fuzz/report.js';
import { count, milliseconds, type Assert, type Describes, type JsonOf } from './common.js';
import { orHarnessFailure, provenanceSchema, realScenarioSchema } from './real.js';

const verdict = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('accepted') }),
  z.strictObject({ kind: z.literal('refused'), code: z.string().describe("the cookie codec's code, or libvirt-error"), message: z.string() }),
  z.strictObject({ kind: z.literal('not-reached').describe('the receiving phase never ran') }),
]);

export const judgementSchema = z.strictObject({
  receiver: z.string().describe('the phase that parses the cookie, and its side: prepare (target)'),
  real: verdict.describe("the real receiver's verdict"),
  reference: verdict.describe("migsim's reference codec's verdict on the same bytes"),
  agree: z.boolean(),
  deviation: z.string().nullable().describe('the deliberate deviation that explains a disagreement (docs/real.md)'),
  invariants: z.strictObject({
    real: z.array(z.string()).describe('broken on the real hosts, as code or code@side'),
    simulated: z.array(z.string()).describe('predicted by the model for the same case'),
    unexplained: z.array(z.string()).describe('in one and not the other'),
  }),
  failure: z.string().nullable().describe('why the case fails; null: it passes'),
});

const fuzzCase = z.strictObject({
  point: z.enum(fuzzPoints).describe('the cookie changed in flight, by the phase that sends it'),
  fault: contentFaultSchema,
  variant: z.enum(variants).describe('the guest: plain, persistent (a definition in the Perform cookie) or spice (graphics in Prepare)'),
});

/** A failing case as written to --out-dir: a handshake case file (migsim replay) with what migsim real replay needs. */
const realCaseFile = handshakeCaseFileSchema.extend({
  real: z.strictObject({
    format: z.literal(realCaseFormat),
    case: fuzzCase,
    scenario: realScenarioSchema,
    sentBase64: z.string().describe('the cookie as the sender sent it'),
    deliveredBase64: z.string().describe('the bytes the receiver got'),
    judgement: judgementSchema,
    provenance: provenanceSchema,
  }),
});

export const caseResultSchema = z.strictObject({
  index: count.describe('from 1'),
  item: fuzzCase,
  durationMs: milliseconds,
  outcome: z.string().describe('completed (nbd), failed in PHASE [code], or harness error'),
  judgement: judgementSchema.nullable().describe('null when the case could not be judged (a harness error)'),
  harnessError: z.string().nullable(),
  caseFile: realCaseFile.nullable().describe('for a failing case: the file that replays it'),
  proxyErrors: z.array(z.string()),
  deliveredBase64: z.string().nullable().describe('the bytes the receiver got, so that the campaign can be judged again under another policy'),
});

const counts = z.record(z.string(), count);

const totals = z.strictObject({
  cases: count,
  judged: count,
  agreed: count,
  explained: counts.describe('disagreements explained, by deviation'),
  disagreed: count,
  invariantFailures: count,
  knownFindings: counts.describe('invariants broken on the real hosts that the model predicts, by code'),
  harnessErrors: count,
  failures: count,
  agreementPercent: z.number().min(0).max(100).describe('agreeing verdicts over the judged cases no deviation explains'),
  casesPerMinute: z.number().min(0),
  elapsedMs: milliseconds,
  verdicts: counts.describe('real verdicts: accepted, not-reached, refused CODE'),
});

export const realFuzzSchema = orHarnessFailure(z.strictObject({
  ok: z.literal(true),
  seed: count,
  policy: z.string().describe('the reference policy the verdicts are judged under'),
  focus: z.enum(focuses),
  provenance: provenanceSchema.nullable().describe('null when no case reached the pair'),
  totals,
  caseFiles: z.array(z.string()).describe('the case files written, one per failing case'),
  cases: z.array(caseResultSchema),
}));

export type RealFuzzJson = JsonOf<typeof realFuzzSchema>;

type _Exact = [
  Assert<Describes<typeof judgementSchema, CaseJudgement>>,
  Assert<Describes<typeof caseResultSchema, CaseResult>>,
  Assert<Describes<typeof totals, FuzzTotals>>,
];
