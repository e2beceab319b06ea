// Character classes of XML 1.0 (fifth edition) that the reader needs. ASCII takes a fast path;
// anything else is checked against the Unicode ranges of the NameStartChar/NameChar productions.

const nameStartRanges = /[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]/u;
const nameRanges = /[-.0-9\u00B7\u0300-\u036F\u203F-\u2040:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]/u;

/**
 * Matches the first character that XML 1.0 does not allow anywhere in a document: C0 controls
 * other than tab/LF/CR, U+FFFE/U+FFFF, and unpaired surrogates. Written without the `u` flag,
 * which V8 runs noticeably slower over whole documents.
 */
export const invalidCharPattern = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x09 || code === 0x0d;
}

function isAsciiNameStart(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || code === 0x5f || code === 0x3a;
}

function isAsciiNameChar(code: number): boolean {
  return isAsciiNameStart(code) || (code >= 0x30 && code <= 0x39) || code === 0x2d || code === 0x2e;
}

/** Returns the end offset of the XML Name starting at `start`, or `start` if there is none. */
export function scanName(source: string, start: number): number {
  let pos = start;
  const first = source.charCodeAt(pos);
  if (first < 0x80) {
    if (!isAsciiNameStart(first)) return start;
    pos += 1;
  } else {
    const cp = source.codePointAt(pos) ?? 0;
    if (!nameStartRanges.test(String.fromCodePoint(cp))) return start;
    pos += cp > 0xffff ? 2 : 1;
  }
  while (pos < source.length) {
    const code = source.charCodeAt(pos);
    if (code < 0x80) {
      if (!isAsciiNameChar(code)) break;
      pos += 1;
      continue;
    }
    const cp = source.codePointAt(pos) ?? 0;
    if (!nameRanges.test(String.fromCodePoint(cp))) break;
    pos += cp > 0xffff ? 2 : 1;
  }
  return pos;
}

/** Whether a code point may appear in an XML 1.0 document (the Char production). */
export function isXmlChar(cp: number): boolean {
  return cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) || (cp >= 0x10000 && cp <= 0x10ffff);
}
