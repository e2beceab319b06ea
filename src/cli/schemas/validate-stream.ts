// `migsim validate-stream --json`: real copies against the model, one row per case and copier.
import { z } from 'zod';
import { count, errorObject, seconds, type JsonOf } from './common.js';

export const validateStreamSchema = z.strictObject({
  ok: z.boolean(),
  error: errorObject.nullable().describe('why nothing ran (a program is missing), or null'),
  tolerancePercent: count,
  repeats: count,
  rounds: count,
  failures: count.describe('rows outside the tolerance or failed'),
  rows: z.array(z.strictObject({
    caseName: z.string(), copier: z.enum(['qemu', 'migsim']), delayMs: z.number().min(0), bufSizeBytes: count, diskBytes: count,
    realSeconds: seconds.nullable(), runs: count, modelSeconds: seconds.nullable(), ratio: z.number().nullable(), bound: z.string(),
    asserted: z.boolean(), verdict: z.enum(['calibration', 'within', 'outside', 'not-asserted', 'failed']), note: z.string(),
  })),
});

export type ValidateStreamJson = JsonOf<typeof validateStreamSchema>;
