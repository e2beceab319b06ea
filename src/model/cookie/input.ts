// From the bytes on the wire to the text the XML reader sees. libvirt passes the cookie around
// as a C string whose length counts the trailing NUL (`qemuMigrationCookieFormat` sets
// `cookieoutlen = strlen + 1`) and refuses anything over REMOTE_MIGRATE_COOKIE_MAX on the RPC
// layer. A NUL inside the cookie ends the C string early; the `libvirt` policy reproduces that,
// the `strict` policy refuses it.
import { latin1Names } from '../xml/reader.js';
import type { ResolvedContext } from './context.js';
import type { CookieError } from './errors.js';
import { ok, refuse, type Step } from './step.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tooLarge(bytes: number, ctx: ResolvedContext): { readonly ok: false; readonly error: CookieError } {
  const limit = ctx.limits.cookieBytesMax;
  return refuse('cookie-too-large', `cookie of ${bytes} bytes exceeds the limit of ${limit} bytes`, '/');
}

/** UTF-8 length of a string without allocating (lone surrogates count as U+FFFD would). */
function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      bytes += 4;
      i += 1;
    } else bytes += 3;
  }
  return bytes;
}

function cutAtNul(text: string, ctx: ResolvedContext): Step<string> {
  const nul = text.indexOf('\u0000');
  if (nul === -1) return ok(text);
  if (ctx.policy === 'strict') return refuse('xml-malformed', '(qemu_migration_cookie):1: embedded NUL in cookie', '/');
  return ok(text.slice(0, nul));
}

/** The declaration is ASCII whatever the encoding it names, so it can be read off the bytes. */
const declarationBytesMax = 256;
const encodingDeclaration = /^<\?xml\s[^?]*encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']/;

function declaresLatin1(body: Uint8Array): boolean {
  if (body[0] !== 0x3c || body[1] !== 0x3f) return false;
  const head = String.fromCharCode(...body.subarray(0, declarationBytesMax));
  const name = encodingDeclaration.exec(head)?.[1]?.toUpperCase();
  return name !== undefined && latin1Names.includes(name);
}

/** ISO-8859-1 maps every byte to the code point of the same value (libxml2's isolat1ToUTF8). */
function latin1(body: Uint8Array): string {
  let text = '';
  for (let i = 0; i < body.length; i += 8192) text += String.fromCharCode(...body.subarray(i, i + 8192));
  return text;
}

export function decodeCookieInput(input: string | Uint8Array, ctx: ResolvedContext): Step<string> {
  // The wire length includes libvirt's trailing NUL, so the text may be one byte shorter.
  const textBytesMax = ctx.limits.cookieBytesMax - 1;
  if (typeof input === 'string') {
    if (input.length > textBytesMax) return tooLarge(input.length, ctx);
    if (input.length * 3 > textBytesMax) {
      const bytes = utf8Length(input);
      if (bytes > textBytesMax) return tooLarge(bytes, ctx);
    }
    return cutAtNul(input, ctx);
  }
  const body = input.length > 0 && input[input.length - 1] === 0 ? input.subarray(0, input.length - 1) : input;
  if (body.length > textBytesMax) return tooLarge(body.length, ctx);
  if (declaresLatin1(body)) return cutAtNul(latin1(body), ctx);
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    return refuse('xml-malformed', '(qemu_migration_cookie):1: Input is not proper UTF-8, indicate encoding !', '/');
  }
  return cutAtNul(text, ctx);
}
