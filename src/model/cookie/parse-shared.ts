// The cookie parser for the handshake's many readers of one cookie: the receiving phase, the
// reference codec of the oracles (under both policies), the say-vs-do checks, and the same
// cookies again in every case of one shape. parseCookie is a pure function of its text and
// context and its results are never mutated, so a repeated parse is answered from a bounded
// memo; and the XML of one text is read once for every context (reading depends only on the text
// and the size limits, a NUL apart: both policies read the same document, as the cookie oracle relies on).
// (The cookie target times its parses on purpose and calls parseCookie itself.)
import { BoundedMemo } from '../memo.js';
import { resolveContext, type ParseContext } from './context.js';
import { interpretDocument, parseCookie, readCookieDocument, type DocumentRead, type ParseResult } from './parse.js';

/** Parses kept (a handshake case reads about six; a campaign's common cookies recur). */
const parsesMax = 2048;
/** Documents kept, by text. */
const documentsMax = 1024;
const parses = new BoundedMemo<ParseResult>(parsesMax);
const documents = new BoundedMemo<DocumentRead>(documentsMax);

export function parseCookieShared(xml: string, context: ParseContext): ParseResult {
  return parses.get(`${JSON.stringify(context)}\u0000${xml}`, () => {
    // Own size limits change what is read, and a NUL is read per policy (libvirt ends the C
    // string there, strict refuses it): the document memo is for default limits and no NUL.
    if (context.limits !== undefined || xml.includes('\u0000')) return parseCookie(xml, context);
    const ctx = resolveContext(context);
    const read = documents.get(xml, () => readCookieDocument(xml, ctx));
    return read.ok ? interpretDocument(read.document, ctx) : read;
  });
}
