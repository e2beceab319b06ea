// `migsim cookie check --json` and `migsim cookie format --json`.
import { z } from 'zod';
import type { JsonOf } from './common.js';
import { cookieFlags } from '../../model/cookie/flags.js';
import { cookieSchema } from '../../fuzz/campaign/cookie-schema.js';

const cookieError = z.strictObject({ code: z.string(), message: z.string(), path: z.string().describe('the element it is about, e.g. /qemu-migration/nbd') });

export const cookieCheckSchema = z.discriminatedUnion('ok', [
  z.strictObject({
    ok: z.literal(true),
    cookie: cookieSchema(z.string().regex(/^-?\d+$/).describe('a 64-bit number as decimal text')),
    warnings: z.array(cookieError),
    flags: z.array(z.enum(cookieFlags)).describe('the sections the parse read'),
  }),
  z.strictObject({ ok: z.literal(false), errors: z.array(cookieError).min(1) }),
]);

export const cookieFormatSchema = z.discriminatedUnion('ok', [
  z.strictObject({ ok: z.literal(true), xml: z.string() }),
  z.strictObject({ ok: z.literal(false), errors: z.array(cookieError).min(1) }),
]);

export type CookieCheckJson = JsonOf<typeof cookieCheckSchema>;
export type CookieFormatJson = JsonOf<typeof cookieFormatSchema>;
