// `migsim tour --json`: the five review cases as libvirt 1.0.3 shipped them and as today, and
// the whole matrix in counts.
import { z } from 'zod';
import type { TourJson } from '../../render/tour.js';
import { count, runError, storagePath } from './common.js';

const run = z.strictObject({
  source: z.string(),
  destination: z.string(),
  result: z.enum(['completed', 'failed']),
  storage: storagePath,
  error: runError.nullable(),
  findings: z.array(z.string()),
});

export const matrixSummarySchema = z.strictObject({
  runs: count,
  completed: z.strictObject({ nbd: count, legacy: count, none: count }),
  failed: count,
  failures: z.record(z.string(), count).describe('failed runs by error code'),
  findings: z.record(z.string(), count).describe('runs by broken invariant'),
});

export const tourSchema = z.strictObject({
  cases: z.array(z.strictObject({
    seedCase: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]),
    name: z.string(),
    then: run.describe('as libvirt 1.0.3 shipped it (2013)'),
    today: run,
    note: z.string().nullable(),
  })),
  matrix: matrixSummarySchema,
}) satisfies z.ZodType<TourJson>;
