// UUID text as libvirt reads and writes it (src/util/viruuid.c). `virUUIDParse` is liberal:
// surrounding whitespace, and '-' or ' ' between any two hex pairs; `virUUIDFormat` always
// writes lower-case 8-4-4-4-12. The domain UUID in a cookie is compared as a *string* with the
// formatted local one, while the host UUID is parsed and compared as bytes.

function isCSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/** The 16 bytes of a UUID as `virUUIDParse` reads them, or null when libvirt refuses the text. */
export function parseUuid(text: string): Uint8Array | null {
  const bytes = new Uint8Array(16);
  let pos = 0;
  while (pos < text.length && isCSpace(text.charCodeAt(pos))) pos += 1;
  for (let i = 0; i < 16;) {
    const code = text.charCodeAt(pos);
    if (code === 0x2d || code === 0x20) {
      pos += 1;
      continue;
    }
    const high = hexValue(code);
    const low = hexValue(text.charCodeAt(pos + 1));
    if (high < 0 || low < 0) return null;
    bytes[i] = high * 16 + low;
    i += 1;
    pos += 2;
  }
  while (pos < text.length) {
    if (!isCSpace(text.charCodeAt(pos))) return null;
    pos += 1;
  }
  return bytes;
}

const hexPairs: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

export function formatUuid(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < 16; i += 1) {
    if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
    out += hexPairs[bytes[i] ?? 0] ?? '00';
  }
  return out;
}

/** The canonical spelling of a UUID, or null when it does not parse. */
export function canonicalUuid(text: string): string | null {
  const bytes = parseUuid(text);
  return bytes ? formatUuid(bytes) : null;
}

export function sameUuidBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
