// `migsim explain --json`: the run in simulate's shape, and the same walk-through in words,
// one step per phase.
import { z } from 'zod';
import type { ExplainJson } from '../../render/explain.js';
import { phase, side } from './common.js';
import { simulateSchema } from './simulate.js';

export const explainSchema = z.strictObject({
  run: simulateSchema,
  steps: z.array(z.strictObject({
    phase, side, cancelled: z.boolean(), purpose: z.string().nullable().describe('what the phase is for'),
    lines: z.array(z.string()).describe('what happened, in words'),
  })),
  summary: z.string(),
}) satisfies z.ZodType<ExplainJson>;
