// `migsim matrix --json`: every cell of the fallback matrix, and with --policy what the policy
// changes against libvirt's behaviour (libvirt's cell in `baseline`).
import { z } from 'zod';
import type { MatrixJson } from '../../render/matrix.js';
import { count, errorObject, storagePath } from './common.js';

const cell = {
  result: z.enum(['completed', 'failed']),
  storage: storagePath,
  error: errorObject.nullable(),
  findings: z.array(z.string()).describe('codes of the invariants the run broke'),
};

export const matrixSchema = z.strictObject({
  policy: z.string(),
  peer: z.string().nullable().describe("the peer plug-in (--peer) that ran in place of libvirt's peers"),
  runs: count,
  changedCells: count.nullable().describe('cells the policy or the peer changes; null without --policy or --peer'),
  rows: z.array(z.strictObject({
    source: z.string(),
    destination: z.string(),
    copyStorage: z.enum(['all', 'inc', 'none']),
    protocol: z.enum(['v2', 'v3']),
    seedCase: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(5)]).nullable().describe('the review case this cell is, if any'),
    ...cell,
    changed: z.boolean().nullable(),
    baseline: z.strictObject(cell).nullable().describe("libvirt's cell, where the policy or the peer changed it"),
  })),
}) satisfies z.ZodType<MatrixJson>;
