// Parses a command's --json output with the zod schema of its document under docs/schemas/
// (src/cli/schemas/index.ts), for the tests that hold every command's output to its schema.
import type { z } from 'zod';
import { jsonDocuments } from '../../src/cli/schemas/index.js';

export function schemaOf(name: string): z.ZodType {
  const document = jsonDocuments[name];
  if (!document) throw new Error(`no schema ${name}`);
  return document.schema;
}

/** Parses one run's stdout with the schema; the error names the first bad fields. */
export function expectValid(name: string, stdout: string): unknown {
  const parsed = schemaOf(name).safeParse(JSON.parse(stdout));
  if (!parsed.success) throw new Error(`${name}: ${JSON.stringify(parsed.error.issues.slice(0, 3))}`);
  return parsed.data;
}
