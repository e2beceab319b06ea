// The cookie parser for the handshake's many readers of one cookie: the receiving phase, the
// reference codec of the oracles (under both policies), the say-vs-do checks, and the same
// cookies again in every case of one shape. parseCookie is a pure function of its text and
// context and its results are never mutated, so a repeated parse is answered from a bounded
// memo; and the XML of one text is read once for every context (reading depends only on the text
// and the size limits, a NUL apart: both policies read the same document, as the cookie oracle relies on).
// The memo is keyed by the text first, then by the context: a cookie text is one string object
// that all its readers share, so its hash is computed once, and the context key stays short.
// (The cookie target times its parses on purpose and calls parseCookie itself.)
import { BoundedMemo } from '../memo.js';
import { resolveContext, type ParseContext } from './context.js';
import { interpretDocument, parseCookie, readCookieDocument, type DocumentRead, type ParseResult } from './parse.js';

/** Cookie texts kept (a handshake case sends about five; a campaign's common cookies recur). */
const textsMax = 1024;
/** Contexts kept per text (the receiver under each policy, the oracles' own reads). */
const contextsPerTextMax = 16;

interface TextEntry {
  /** The XML as read with default limits, once some context needed it. */
  read: DocumentRead | null;
  readonly results: Map<string, ParseResult>;
}

const texts = new BoundedMemo<TextEntry>(textsMax);

export function parseCookieShared(xml: string, context: ParseContext): ParseResult {
  const entry = texts.get(xml, () => ({ read: null, results: new Map() }));
  const key = contextKey(context);
  const hit = entry.results.get(key);
  if (hit !== undefined) return hit;
  const result = parseWith(entry, xml, context);
  if (entry.results.size >= contextsPerTextMax) {
    const oldest = entry.results.keys().next();
    if (!oldest.done) entry.results.delete(oldest.value);
  }
  entry.results.set(key, result);
  return result;
}

/**
 * Every field of a ParseContext as one flat JSON array, in a fixed order (injective, and cheaper
 * than the nested object). A field added to ParseContext must be added here; the parse-shared
 * test checks that the key tells every field apart.
 */
export function contextKey(c: ParseContext): string {
  const v = c.libvirt;
  const version = v === undefined || typeof v === 'string' ? v : `${v.major}.${v.minor}.${v.micro}`;
  return JSON.stringify([c.phase, c.policy, typeof v, version, c.domain?.name, c.domain?.uuid, c.domain === undefined, c.localHostUuid,
    c.localHostname, c.storageMigration, c.mask, c.duplicateNbd, c.portRangeCheck, c.limits]);
}

function parseWith(entry: TextEntry, xml: string, context: ParseContext): ParseResult {
  // Own size limits change what is read, and a NUL is read per policy (libvirt ends the C
  // string there, strict refuses it): the shared document is for default limits and no NUL.
  if (context.limits !== undefined || xml.includes('\u0000')) return parseCookie(xml, context);
  const ctx = resolveContext(context);
  entry.read ??= readCookieDocument(xml, ctx);
  return entry.read.ok ? interpretDocument(entry.read.document, ctx) : entry.read;
}
