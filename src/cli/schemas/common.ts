// The pieces every JSON output shares: the one error object, phases and sides, and the check
// that a schema describes exactly what a renderer's type says (the type is the renderer's, the
// schema is the document; test/cli/json-schemas.test.ts checks real output against the schema).
import { z } from 'zod';

export const phase = z.enum(['begin', 'prepare', 'perform', 'finish', 'confirm']);
export const side = z.enum(['source', 'destination']);
export const storagePath = z.enum(['nbd', 'legacy', 'none']);

/** The one error object of every output: a stable code (docs/errors.md), the message, and the phase when there is one. */
export const errorObject = z.strictObject({
  code: z.string().describe('a stable code from docs/errors.md'),
  message: z.string(),
  phase: phase.optional().describe('the migration phase it happened in, when there is one'),
});

/** The error of a failed migration: always in a phase. */
export const runError = z.strictObject({ code: z.string(), message: z.string(), phase });

export const count = z.number().int().min(0);
export const seconds = z.number().min(0);
export const bytes = z.number().int().min(0);
export const bytesPerSecond = z.number().min(0);
export const milliseconds = z.number().min(0);

type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** The type of a command's JSON output as its schema describes it (read-only, as renderers build them). */
export type JsonOf<S extends z.ZodType> = DeepReadonly<z.output<S>>;

/** Whether two types are one and the same (not merely assignable both ways: an optional field in one only tells them apart). */
type Same<A, B> = (<G>() => G extends A ? 1 : 2) extends (<G>() => G extends B ? 1 : 2) ? true : false;

/**
 * Whether a schema describes exactly the type its output is built from (read-only apart), for
 * `type _Exact = Assert<Describes<typeof schema, T>>`: a field added to or removed from either,
 * optional or retyped, fails `tsc` (`satisfies z.ZodType<T>` misses an optional field added to T).
 */
export type Describes<S extends z.ZodType, T> = Same<JsonOf<S>, DeepReadonly<T>>;

export type Assert<Check extends true> = Check;
