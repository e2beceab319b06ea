// `migsim replay --json`: the case run again — for a handshake the whole run in simulate's
// shape, for a cookie the input and both policies' verdicts — and what the oracles say now.
import { z } from 'zod';
import { count, type JsonOf } from './common.js';
import { simulateSchema } from './simulate.js';

const judged = {
  failures: count.describe('oracle failures now; 0: the case passes'),
  oracleFailures: z.array(z.strictObject({ oracle: z.string(), message: z.string(), resource: z.string().optional() })),
  knownFindings: z.array(z.strictObject({ oracle: z.string(), resource: z.string().optional(), message: z.string(), explanation: z.string(), source: z.string(), fixedByStrict: z.boolean().optional() })),
};

export const replaySchema = z.union([
  z.strictObject({ target: z.literal('handshake'), run: simulateSchema, ...judged }),
  z.strictObject({ target: z.literal('handshake'), error: z.string().describe('the stack of what threw while the handshake ran (a peer plug-in)'), ...judged }),
  z.strictObject({
    target: z.literal('cookie'),
    phase: z.enum(['begin', 'prepare', 'perform', 'finish', 'confirm', 'all']),
    libvirt: z.string(),
    input: z.string().describe('the cookie as the parser saw it (invalid UTF-8 shown as U+FFFD)'),
    ...judged,
  }),
]);

export type ReplayJson = JsonOf<typeof replaySchema>;
