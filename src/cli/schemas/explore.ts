// `migsim explore --json`: where the page is — the URL it is served on, or the file written.
import { z } from 'zod';
import type { JsonOf } from './common.js';

export const exploreSchema = z.union([
  z.strictObject({ url: z.string().describe('http://127.0.0.1:PORT/, served until Ctrl-C') }),
  z.strictObject({ path: z.string().describe('the index.html written by --out'), url: z.string().describe('its file:// URL') }),
]);

export type ExploreJson = JsonOf<typeof exploreSchema>;
