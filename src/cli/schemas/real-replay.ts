// `migsim real replay FILE --json`: a case file of `real fuzz` run on the pair again - whether the
// failure reproduces, the judgement the file recorded, and the case as it ran now (in real fuzz's
// shape, real-fuzz.ts).
import { z } from 'zod';
import type { JsonOf } from './common.js';
import { orHarnessFailure } from './real.js';
import { caseResultSchema, judgementSchema } from './real-fuzz.js';

export const realReplaySchema = orHarnessFailure(z.strictObject({
  ok: z.literal(true),
  reproduces: z.boolean().describe('a harness error, or a failure in the judgement now (exit 1)'),
  recorded: judgementSchema.describe('the judgement the case file recorded'),
  replayed: caseResultSchema,
}));

export type RealReplayJson = JsonOf<typeof realReplaySchema>;
