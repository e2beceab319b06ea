// The migration cookie as data: one field per element of libvirt's grammar
// (`qemuMigrationCookieXMLFormat` and `qemuMigrationCookieXMLParse`,
// src/qemu/qemu_migration_cookie.c). A parsed cookie holds what the receiving libvirt would have
// read; the same type is what `formatCookie` writes. Strings are kept as given, so that a fuzzer
// can build hostile cookies through the formatter and see libvirt's escaping applied.
import type { StatisticsName } from './statistics.js';

export interface CookieGraphics {
  /** `virDomainGraphicsType` string, e.g. `spice`. */
  readonly type: string;
  readonly port: number;
  readonly listen: string;
  /** Only SPICE carries it; libvirt writes -1 when SPICE TLS is off. */
  readonly tlsPort: number | null;
  /** `<cert info='subject' value='...'/>`. */
  readonly tlsSubject: string | null;
}

export interface CookieLockstate {
  readonly driver: string;
  /** The `<leases>` text; libvirt treats an empty string as absent. */
  readonly leases: string | null;
}

/**
 * An element libvirt parses with another parser (`<domain>`, `<cpu>`): kept as XML text with
 * the indentation of its first line removed from every line, and re-indented when formatted.
 */
export interface OpaqueXml {
  readonly xml: string;
}

export interface CookieNetworkInterface {
  /** `virNetDevVPortType` string; `none` entries are skipped when formatting. */
  readonly vporttype: string;
  readonly portdata: string | null;
}

export interface CookieNetwork {
  readonly interfaces: readonly CookieNetworkInterface[];
}

export interface CookieNbdDisk {
  readonly target: string;
  /** Bytes, as libvirt's `unsigned long long`. */
  readonly capacity: bigint;
}

export interface CookieNbd {
  /** The NBD server port; 0 means "no port" (the attribute is then not written). */
  readonly port: number;
  readonly disks: readonly CookieNbdDisk[];
}

/** Statistics values; `null` means "not set" (libvirt then holds 0 or omits the element). */
export type CookieStatistics = Readonly<Record<StatisticsName, bigint | null>>;

export interface CookieCapability {
  readonly name: string;
  readonly auto: boolean;
}

export interface CookieCapabilities {
  readonly caps: readonly CookieCapability[];
}

export interface CookieBitmap {
  readonly name: string;
  readonly alias: string;
}

export interface CookieBitmapDisk {
  readonly target: string;
  readonly bitmaps: readonly CookieBitmap[];
}

export interface Cookie {
  readonly name: string;
  /** Domain UUID as written (libvirt writes lower-case, dashed). */
  readonly uuid: string;
  readonly hostname: string;
  readonly hostuuid: string;
  /** Mandatory features declared with `<feature name=.../>`, in document order. */
  readonly features: readonly string[];
  readonly graphics: CookieGraphics | null;
  readonly lockstate: CookieLockstate | null;
  readonly domain: OpaqueXml | null;
  readonly network: CookieNetwork | null;
  readonly nbd: CookieNbd | null;
  readonly statistics: CookieStatistics | null;
  readonly cpu: OpaqueXml | null;
  /** `<allowReboot value='yes|no'/>`, libvirt 3.9.0 to 7.6.x only. */
  readonly allowReboot: boolean | null;
  readonly capabilities: CookieCapabilities | null;
  readonly blockDirtyBitmaps: readonly CookieBitmapDisk[] | null;
}

/** A cookie with only the four header elements every cookie has. */
export function emptyCookie(header: Pick<Cookie, 'name' | 'uuid' | 'hostname' | 'hostuuid'>): Cookie {
  // Written out rather than spread: a spread of a caller's object builds a slower dictionary-shaped cookie.
  return {
    name: header.name, uuid: header.uuid, hostname: header.hostname, hostuuid: header.hostuuid, features: [], graphics: null, lockstate: null, domain: null, network: null, nbd: null,
    statistics: null, cpu: null, allowReboot: null, capabilities: null, blockDirtyBitmaps: null,
  };
}
