// The migration cookie as a zod schema, for reading it back from a case file (a generated base
// cookie) and for describing `migsim cookie check --json`. 64-bit numbers travel as text in both
// (JSON numbers lose precision above 2^53); `bigInteger` says how, so the one schema serves both.
import { z } from 'zod';
import type { Cookie } from '../../model/cookie/types.js';
import { statisticsFields } from '../../model/cookie/statistics.js';

const opaque = z.strictObject({ xml: z.string() });

export function cookieSchema<B extends z.ZodType>(bigInteger: B) {
  const statistics = z.strictObject(Object.fromEntries(statisticsFields.map((field) => [field.name, bigInteger.nullable()])));
  return z.strictObject({
    name: z.string(),
    uuid: z.string(),
    hostname: z.string(),
    hostuuid: z.string(),
    features: z.array(z.string()),
    graphics: z.strictObject({ type: z.string(), port: z.number(), listen: z.string(), tlsPort: z.number().nullable(), tlsSubject: z.string().nullable() }).nullable(),
    lockstate: z.strictObject({ driver: z.string(), leases: z.string().nullable() }).nullable(),
    domain: opaque.nullable(),
    network: z.strictObject({ interfaces: z.array(z.strictObject({ vporttype: z.string(), portdata: z.string().nullable() })) }).nullable(),
    nbd: z.strictObject({ port: z.number(), disks: z.array(z.strictObject({ target: z.string(), capacity: bigInteger })) }).nullable(),
    statistics: statistics.nullable(),
    cpu: opaque.nullable(),
    allowReboot: z.boolean().nullable(),
    capabilities: z.strictObject({ caps: z.array(z.strictObject({ name: z.string(), auto: z.boolean() })) }).nullable(),
    blockDirtyBitmaps: z.array(z.strictObject({ target: z.string(), bitmaps: z.array(z.strictObject({ name: z.string(), alias: z.string() })) })).nullable(),
  });
}

/** A 64-bit number as a case file writes it: `{ "$bigint": "18446744073709551615" }`. */
export const taggedBigInt = z.strictObject({ $bigint: z.string().regex(/^-?\d{1,40}$/) }).transform((tagged) => BigInt(tagged.$bigint));

/** A cookie in a case file, read back to the codec's own type. */
export const caseCookieSchema = cookieSchema(taggedBigInt) satisfies z.ZodType<Cookie, unknown>;
