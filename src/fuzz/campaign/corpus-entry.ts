// A corpus entry as a file: one case that reached new coverage in a campaign, kept so that the
// next campaign (another CI shard, tomorrow's nightly run) starts from where this one got, as
// libFuzzer's corpus directories do. An entry is the case alone, self-contained (a corpus base is
// inlined), named by the hash of its content so that shards that found the same case write one
// file. Entries come from other machines' artefacts, so they are read through the case schemas.
import { z } from 'zod';
import type { CookieCase } from '../arbitraries/cookie-case.js';
import type { HandshakeCase } from '../arbitraries/handshake-case.js';
import type { TargetName } from '../targets.js';
import { cookieCaseSchema, handshakeCaseSchema, selfContained, sha256Hex, toCaseJson } from './case-file.js';

const corpusEntrySchema = z.discriminatedUnion('target', [
  z.strictObject({ migsimCorpusEntry: z.literal(1), target: z.literal('handshake'), case: handshakeCaseSchema }),
  z.strictObject({ migsimCorpusEntry: z.literal(1), target: z.literal('cookie'), case: cookieCaseSchema }),
]);

export type CorpusEntry =
  | { readonly target: 'handshake'; readonly case: HandshakeCase }
  | { readonly target: 'cookie'; readonly case: CookieCase };

/** The entry's file name and JSON text; the name is the target and the first 16 hex digits of the text's SHA-256. */
export function corpusEntryFile(target: TargetName, item: unknown, corpus: readonly string[]): { readonly name: string; readonly text: string } {
  const text = toCaseJson({ migsimCorpusEntry: 1, target, case: selfContained(target, item, corpus) });
  return { name: `${target}-${sha256Hex(new TextEncoder().encode(text)).slice(0, 16)}.json`, text };
}

export type CorpusEntryRead = { readonly ok: true; readonly entry: CorpusEntry } | { readonly ok: false; readonly message: string };

/** Reads an entry; never throws on its content. */
export function fromCorpusEntryJson(text: string): CorpusEntryRead {
  let json: unknown;
  try {
    json = JSON.parse(text) as unknown; // 64-bit numbers stay tagged: the case schemas read the tags
  } catch (error) {
    return { ok: false, message: `not JSON (${error instanceof Error ? error.message : String(error)})` };
  }
  const parsed = corpusEntrySchema.safeParse(json);
  if (parsed.success) return { ok: true, entry: parsed.data as CorpusEntry };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `${issue?.message ?? 'not a migsim corpus entry'} at ${issue?.path.map(String).join('.') || '(the whole file)'}` };
}
