// Every way a cookie can be refused, as data: a stable code, libvirt's exact message where
// libvirt has one, and the path of the element concerned. The catalogue below is the source of
// the error table in docs/errors.md (see test/docs.test.ts).
import type { ErrorCatalogEntry } from '../catalog.js';

export const cookieErrorCodes = [
  'xml-malformed', 'missing-name', 'name-mismatch', 'missing-uuid', 'uuid-mismatch', 'missing-hostname',
  'missing-hostuuid', 'malformed-hostuuid', 'same-host', 'missing-feature-name', 'unknown-feature',
  'unsupported-feature', 'missing-graphics-type', 'unknown-graphics-type', 'missing-graphics-port',
  'missing-graphics-tlsport', 'missing-graphics-listen', 'missing-lock-driver', 'too-many-domains',
  'missing-vporttype', 'malformed-nbd-port', 'malformed-disk-target', 'malformed-disk-capacity',
  'missing-capability-name', 'malformed-block-dirty-bitmaps',
  'cookie-too-large', 'doctype-forbidden', 'too-deep', 'unsafe-name', 'unexpected-root', 'unknown-element',
  'duplicate-element', 'nbd-port-out-of-range', 'negative-disk-capacity',
] as const;

export type CookieErrorCode = (typeof cookieErrorCodes)[number];

export interface CookieError {
  readonly code: CookieErrorCode;
  readonly message: string;
  /** The element the error is about, e.g. `/qemu-migration/nbd`. */
  readonly path: string;
}


const parse = 'qemuMigrationCookieXMLParse';
const entry = (code: CookieErrorCode, raisedBy: ErrorCatalogEntry['raisedBy'], message: string, source: string): ErrorCatalogEntry =>
  ({ code, raisedBy, message, source });

export const cookieErrorCatalog: readonly ErrorCatalogEntry[] = [
  entry('xml-malformed', 'libvirt', '(qemu_migration_cookie):%s: %s', 'virXMLParseHelper / catchXMLError'),
  entry('missing-name', 'libvirt', 'missing name element in migration data', parse),
  entry('name-mismatch', 'libvirt', 'Incoming cookie data had unexpected name %s vs %s', parse),
  entry('missing-uuid', 'libvirt', 'missing uuid element in migration data', parse),
  entry('uuid-mismatch', 'libvirt', 'Incoming cookie data had unexpected UUID %s vs %s', parse),
  entry('missing-hostname', 'libvirt', 'missing hostname element in migration data', parse),
  entry('missing-hostuuid', 'libvirt', 'missing hostuuid element in migration data', parse),
  entry('malformed-hostuuid', 'libvirt', 'malformed hostuuid element in migration data', parse),
  entry('same-host', 'libvirt', 'Attempt to migrate guest to the same host %s', parse),
  entry('missing-feature-name', 'libvirt', 'missing feature name', 'qemuMigrationCookieXMLParseMandatoryFeatures'),
  entry('unknown-feature', 'libvirt', 'Unknown migration cookie feature %s', 'qemuMigrationCookieXMLParseMandatoryFeatures'),
  entry('unsupported-feature', 'libvirt', 'Unsupported migration cookie feature %s', 'qemuMigrationCookieXMLParseMandatoryFeatures'),
  entry('missing-graphics-type', 'libvirt', 'missing type attribute in migration data', 'qemuMigrationCookieGraphicsXMLParse'),
  entry('unknown-graphics-type', 'libvirt', 'unknown graphics type %s', 'qemuMigrationCookieGraphicsXMLParse'),
  entry('missing-graphics-port', 'libvirt', 'missing port attribute in migration data', 'qemuMigrationCookieGraphicsXMLParse'),
  entry('missing-graphics-tlsport', 'libvirt', 'missing tlsPort attribute in migration data', 'qemuMigrationCookieGraphicsXMLParse'),
  entry('missing-graphics-listen', 'libvirt', 'missing listen attribute in migration data', 'qemuMigrationCookieGraphicsXMLParse'),
  entry('missing-lock-driver', 'libvirt', 'Missing lock driver name in migration cookie', parse),
  entry('too-many-domains', 'libvirt', 'Too many domain elements in migration cookie', parse),
  entry('missing-vporttype', 'libvirt', 'missing vporttype attribute in migration data', 'qemuMigrationCookieNetworkXMLParse'),
  entry('malformed-nbd-port', 'libvirt', "Malformed nbd port '%s'", 'qemuMigrationCookieNBDXMLParse'),
  entry('malformed-disk-target', 'libvirt', 'Malformed disk target', 'qemuMigrationCookieNBDXMLParse'),
  entry('malformed-disk-capacity', 'libvirt', "Malformed disk capacity: '%s'", 'qemuMigrationCookieNBDXMLParse'),
  entry('missing-capability-name', 'libvirt', 'missing migration capability name', 'qemuMigrationCookieCapsXMLParse'),
  entry('malformed-block-dirty-bitmaps', 'libvirt', 'malformed <blockDirtyBitmaps> in migration cookie', 'qemuMigrationCookieBlockDirtyBitmapsParse'),
  entry('cookie-too-large', 'both', 'cookie of %s bytes exceeds the limit of %s bytes', 'REMOTE_MIGRATE_COOKIE_MAX; migsim limits'),
  entry('doctype-forbidden', 'both', 'DOCTYPE is not allowed in a migration cookie', 'migsim (libvirt never writes one)'),
  entry('too-deep', 'both', 'element nesting deeper than %s', 'migsim limits'),
  entry('unsafe-name', 'both', "unsafe name '%s'", 'migsim (prototype-pollution guard)'),
  entry('unexpected-root', 'strict', "root element is '%s', expected 'qemu-migration'", 'migsim strict policy'),
  entry('unknown-element', 'strict', "unknown element '%s'", 'migsim strict policy'),
  entry('duplicate-element', 'strict', "duplicate element '%s'", 'migsim strict policy'),
  entry('nbd-port-out-of-range', 'strict', "nbd port '%s' is outside 1..65535", 'migsim strict policy'),
  entry('negative-disk-capacity', 'strict', "negative disk capacity '%s'", 'migsim strict policy'),
];
