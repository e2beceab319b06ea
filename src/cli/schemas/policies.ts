// `migsim policies --json`: the presets with every switch's value, and the switches.
import { z } from 'zod';
import type { JsonOf } from './common.js';

export const policiesSchema = z.strictObject({
  presets: z.array(z.strictObject({ name: z.string(), switches: z.record(z.string(), z.string()) })),
  switches: z.array(z.strictObject({
    name: z.string().describe('as --policy and policy files take it'),
    values: z.array(z.string()).describe("allowed values; MS: a number of milliseconds, or 'none'"),
    help: z.string(),
    aliases: z.array(z.string()).describe('older spellings, still accepted'),
  })),
});

export type PoliciesJson = JsonOf<typeof policiesSchema>;
