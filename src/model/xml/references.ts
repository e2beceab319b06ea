// Decoding of entity and character references. Without a DTD (which the reader refuses) only the
// five predefined entities exist, so any other `&name;` is a well-formedness error, exactly as in
// libxml2 ("Entity 'x' not defined"). Nothing is ever expanded recursively.
import { isXmlChar } from './chars.js';

const predefined: ReadonlyMap<string, string> = new Map([
  ['lt', '<'], ['gt', '>'], ['amp', '&'], ['apos', "'"], ['quot', '"'],
]);

/** Reason a reference failed; `offset` is relative to the decoded segment's start. */
export interface ReferenceError {
  readonly message: string;
  readonly offset: number;
}

export type DecodeResult = { readonly ok: true; readonly value: string } | { readonly ok: false; readonly error: ReferenceError };

const referenceLengthMax = 16;

function decodeOne(body: string): string | null {
  if (body.startsWith('#x')) {
    if (!/^#x[0-9A-Fa-f]+$/.test(body)) return null;
    return codePointText(Number.parseInt(body.slice(2), 16));
  }
  if (body.startsWith('#')) {
    if (!/^#[0-9]+$/.test(body)) return null;
    return codePointText(Number.parseInt(body.slice(1), 10));
  }
  return predefined.get(body) ?? null;
}

function codePointText(cp: number): string | null {
  return Number.isSafeInteger(cp) && isXmlChar(cp) ? String.fromCodePoint(cp) : null;
}

/** Replaces every reference in `raw`; `raw` is known to contain at least one `&`. */
export function decodeReferences(raw: string): DecodeResult {
  let out = '';
  let last = 0;
  let amp = raw.indexOf('&');
  while (amp !== -1) {
    const semi = raw.indexOf(';', amp + 1);
    if (semi === -1 || semi - amp > referenceLengthMax) {
      return { ok: false, error: { message: "EntityRef: expecting ';'", offset: amp } };
    }
    const body = raw.slice(amp + 1, semi);
    const decoded = decodeOne(body);
    if (decoded === null) {
      const message = body.startsWith('#') ? `xmlParseCharRef: invalid xmlChar value in '&${body};'`
        : `Entity '${body}' not defined`;
      return { ok: false, error: { message, offset: amp } };
    }
    out += raw.slice(last, amp) + decoded;
    last = semi + 1;
    amp = raw.indexOf('&', last);
  }
  return { ok: true, value: out + raw.slice(last) };
}
