// Where the migration cookie sits in the RPC messages of a peer-to-peer migration, and how to
// put another one there. The source daemon sends the Begin cookie as `cookie_in` of
// DOMAIN_MIGRATE_PREPARE3_PARAMS (or PREPARE_TUNNEL3_PARAMS) and gets the Prepare cookie back as
// `cookie_out` of its reply; it sends the Perform cookie as `cookie_in` of FINISH3_PARAMS and
// gets the Finish cookie in that reply (qemuMigrationSrcPerformPeer2Peer3). Layouts from
// src/remote/remote_protocol.x (libvirt 9.0). Pure: a frame in, a frame out.
import { frameLimits, messageStatus, messageType, migrationProcedures, readHeader, remoteProgram, withLength } from './frame.js';
import { encodeOpaque, XdrReader, type XdrResult } from './xdr.js';

export type CookiePoint = 'begin' | 'prepare' | 'perform' | 'finish';
export type Direction = 'call' | 'reply';

export interface CookieSite {
  readonly point: CookiePoint;
  readonly procedure: number;
  readonly direction: Direction;
  /** The cookie as sent, trailing NUL included (libvirt sends strlen + 1 bytes). */
  readonly cookie: Uint8Array;
  /** The opaque item (length word to end of padding) within the frame. */
  readonly start: number;
  readonly end: number;
}

/** `remote_typed_param params<REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX>`: skip them. */
function skipTypedParams(reader: XdrReader): XdrResult<null> {
  const count = reader.uint32();
  if (!count.ok) return count;
  if (count.value > frameLimits.migrateParamsMax) return { ok: false, error: `${count.value} typed params, over REMOTE_DOMAIN_MIGRATE_PARAM_LIST_MAX` };
  for (let index = 0; index < count.value; index += 1) {
    const field = reader.opaque(frameLimits.stringBytesMax);
    if (!field.ok) return field;
    const type = reader.int32();
    if (!type.ok) return type;
    // remote_typed_param_value: int, uint and boolean are one word; llong, ullong and double two; string a string.
    const skipped = type.value === 1 || type.value === 2 || type.value === 6 ? reader.skip(4)
      : type.value === 3 || type.value === 4 || type.value === 5 ? reader.skip(8)
        : type.value === 7 ? reader.opaque(frameLimits.stringBytesMax)
          : { ok: false as const, error: `typed param type ${type.value} is not 1..7` };
    if (!skipped.ok) return skipped;
  }
  return { ok: true, value: null };
}

/** `remote_nonnull_domain`: name, 16-byte UUID, id. */
function skipDomain(reader: XdrReader): XdrResult<null> {
  const name = reader.opaque(frameLimits.stringBytesMax);
  if (!name.ok) return name;
  const uuid = reader.skip(16);
  if (!uuid.ok) return uuid;
  const id = reader.int32();
  return id.ok ? { ok: true, value: null } : id;
}

const pointOf = (procedure: number, direction: Direction): CookiePoint | null => {
  const prepare = procedure === migrationProcedures.prepare3Params || procedure === migrationProcedures.prepareTunnel3Params;
  if (prepare) return direction === 'call' ? 'begin' : 'prepare';
  if (procedure === migrationProcedures.finish3Params) return direction === 'call' ? 'perform' : 'finish';
  return null;
};

/** The cookie in a frame, null when the frame carries none, or why the frame could not be read. */
export function findCookie(frame: Uint8Array): XdrResult<CookieSite | null> {
  const read = readHeader(frame);
  if (!read.ok) return read;
  const { header } = read;
  if (header.program !== remoteProgram) return { ok: true, value: null };
  const direction: Direction | null = header.type === messageType.call ? 'call'
    : header.type === messageType.reply && header.status === messageStatus.ok ? 'reply' : null;
  const point = direction === null ? null : pointOf(header.procedure, direction);
  if (direction === null || point === null) return { ok: true, value: null };
  const reader = new XdrReader(frame, 4 + frameLimits.headerBytes);
  const before = point === 'begin' || point === 'perform' ? skipTypedParams(reader) : point === 'finish' ? skipDomain(reader) : { ok: true as const, value: null };
  if (!before.ok) return before;
  const cookie = reader.opaque(frameLimits.cookieBytesMax);
  if (!cookie.ok) return cookie;
  return { ok: true, value: { point, procedure: header.procedure, direction, cookie: cookie.value.data, start: cookie.value.start, end: cookie.value.end } };
}

/** The frame with another cookie in the same place, its length word rewritten. */
export function replaceCookie(frame: Uint8Array, site: CookieSite, cookie: Uint8Array): Uint8Array {
  const item = encodeOpaque(cookie);
  const out = new Uint8Array(site.start + item.length + (frame.length - site.end));
  out.set(frame.subarray(0, site.start), 0);
  out.set(item, site.start);
  out.set(frame.subarray(site.end), site.start + item.length);
  return withLength(out);
}

export interface RewriteContext {
  readonly point: CookiePoint;
  readonly procedure: number;
  readonly direction: Direction;
}

/** What a user supplies: the cookie bytes as sent (NUL included) → the bytes to send instead. */
export type CookieRewrite = (cookie: Uint8Array, context: RewriteContext) => Uint8Array;

/** A rewrite of the cookie's XML text; the NUL libvirt expects at the end is removed and put back. */
export function rewriteText(change: (xml: string, context: RewriteContext) => string): CookieRewrite {
  return (cookie, context) => {
    const text = new TextDecoder().decode(cookie.at(-1) === 0 ? cookie.subarray(0, -1) : cookie);
    const changed = change(text, context);
    return changed === text ? cookie : new TextEncoder().encode(`${changed}\0`);
  };
}

export interface FrameRewrite {
  readonly frame: Uint8Array;
  /** The cookie seen, and what was sent instead (null: unchanged). */
  readonly seen: { readonly site: CookieSite; readonly replacement: Uint8Array | null } | null;
  readonly error: string | null;
}

/** Applies the rewrite to the frame's cookie, if it carries one; any other frame passes unchanged. */
export function rewriteFrame(frame: Uint8Array, rewrite: CookieRewrite): FrameRewrite {
  const found = findCookie(frame);
  if (!found.ok) return { frame, seen: null, error: found.error };
  const site = found.value;
  if (site === null) return { frame, seen: null, error: null };
  const replacement = rewrite(site.cookie, { point: site.point, procedure: site.procedure, direction: site.direction });
  const same = replacement.length === site.cookie.length && replacement.every((byte, index) => byte === site.cookie[index]);
  if (same) return { frame, seen: { site, replacement: null }, error: null };
  return { frame: replaceCookie(frame, site, replacement), seen: { site, replacement }, error: null };
}
