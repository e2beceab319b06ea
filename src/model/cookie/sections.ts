// The optional cookie sections other than `<nbd>`, each read only when the parsing phase asked
// for its flag (`qemuMigrationCookieXMLParse` and its helpers in qemu_migration_cookie.c).
import { atLeast, v } from '../version.js';
import { attribute, childElements, firstAttributeString, firstChild, firstChildString } from '../xml/query.js';
import type { XmlDocument, XmlElement } from '../xml/tree.js';
import { capabilitiesKnownAt } from './capabilities.js';
import type { ResolvedContext } from './context.js';
import { parseCInt, parseCLongLong, parseCULongLongPositive } from './numbers.js';
import { opaqueFromElement } from './opaque.js';
import { statisticsFields, type StatisticsField } from './statistics.js';
import { childPath, ok, refuse, type Step } from './step.js';
import type {
  CookieBitmap, CookieBitmapDisk, CookieCapabilities, CookieCapability, CookieGraphics, CookieLockstate,
  CookieNetwork, CookieNetworkInterface, CookieStatistics, OpaqueXml,
} from './types.js';

/** `virDomainGraphicsType` strings. */
const graphicsTypes: ReadonlySet<string> = new Set(['sdl', 'vnc', 'rdp', 'desktop', 'spice', 'egl-headless', 'dbus']);

/** `qemuMigrationCookieGraphicsXMLParse`: every lookup is `./graphics/...`, first match wins. */
export function parseGraphics(root: XmlElement, rootPath: string): Step<CookieGraphics> {
  const path = childPath(rootPath, 'graphics');
  const type = firstAttributeString(root, 'graphics', 'type');
  if (type === null) return refuse('missing-graphics-type', 'missing type attribute in migration data', path);
  if (!graphicsTypes.has(type)) return refuse('unknown-graphics-type', `unknown graphics type ${type}`, path);
  const port = intAttribute(root, 'port');
  if (port === null) return refuse('missing-graphics-port', 'missing port attribute in migration data', path);
  let tlsPort: number | null = null;
  if (type === 'spice') {
    tlsPort = intAttribute(root, 'tlsPort');
    if (tlsPort === null) return refuse('missing-graphics-tlsport', 'missing tlsPort attribute in migration data', path);
  }
  const listen = firstAttributeString(root, 'graphics', 'listen');
  if (listen === null) return refuse('missing-graphics-listen', 'missing listen attribute in migration data', path);
  return ok({ type, port, listen, tlsPort, tlsSubject: certSubject(root) });
}

/** `virXPathInt("string(./graphics/@name)")`: absent and malformed both fail. */
function intAttribute(root: XmlElement, name: string): number | null {
  const text = firstAttributeString(root, 'graphics', name);
  return text === null ? null : parseCInt(text);
}

/** `string(./graphics/cert[@info='subject']/@value)`, optional. */
function certSubject(root: XmlElement): string | null {
  for (const graphics of childElements(root, 'graphics')) {
    for (const cert of childElements(graphics, 'cert')) {
      const value = attribute(cert, 'value');
      if (attribute(cert, 'info') === 'subject' && value !== undefined) return value === '' ? null : value;
    }
  }
  return null;
}

export function parseLockstate(root: XmlElement, rootPath: string): Step<CookieLockstate> {
  const lockstate = firstChild(root, 'lockstate');
  const driver = lockstate ? attribute(lockstate, 'driver') : undefined;
  if (lockstate === undefined || driver === undefined || driver === '') {
    return refuse('missing-lock-driver', 'Missing lock driver name in migration cookie', childPath(rootPath, 'lockstate'));
  }
  return ok({ driver, leases: firstChildString(lockstate, 'leases') });
}

const domainCountInMessageUntil = v('6.9.0'); // 25b944e067 dropped the ': %d'

/** libvirt parses the domain with its domain parser; migsim keeps it opaque. */
export function parseDomain(doc: XmlDocument, rootPath: string, ctx: ResolvedContext): Step<OpaqueXml> {
  const domains = childElements(doc.root, 'domain');
  const first = domains[0];
  if (domains.length !== 1 || first === undefined) {
    const suffix = atLeast(ctx.libvirt, domainCountInMessageUntil) ? '' : `: ${domains.length}`;
    return refuse('too-many-domains', `Too many domain elements in migration cookie${suffix}`, childPath(rootPath, 'domain'));
  }
  return ok(opaqueFromElement(doc.source, first));
}

/** `qemuMigrationCookieNetworkXMLParse`: `./network/interface` across every `<network>`. */
export function parseNetwork(root: XmlElement, rootPath: string): Step<CookieNetwork> {
  const interfaces: CookieNetworkInterface[] = [];
  const path = childPath(childPath(rootPath, 'network'), 'interface');
  for (const network of childElements(root, 'network')) {
    for (const element of childElements(network, 'interface')) {
      const vporttype = attribute(element, 'vporttype');
      if (vporttype === undefined) return refuse('missing-vporttype', 'missing vporttype attribute in migration data', path);
      interfaces.push({ vporttype, portdata: firstChildString(element, 'portdata') });
    }
  }
  return ok({ interfaces });
}

/** `qemuMigrationCookieStatisticsXMLParse`: malformed numbers are silently left unset. */
export function parseStatistics(statistics: XmlElement): CookieStatistics {
  const values: Record<string, bigint | null> = Object.create(null) as Record<string, bigint | null>;
  for (const field of statisticsFields) values[field.name] = statisticsValue(statistics, field);
  return values as CookieStatistics;
}

function statisticsValue(statistics: XmlElement, field: StatisticsField): bigint | null {
  const text = firstChildString(statistics, field.name);
  if (text === null) return null;
  if (field.kind === 'i64') return parseCLongLong(text);
  if (field.kind === 'int') {
    const value = parseCInt(text);
    return value === null ? null : BigInt(value);
  }
  return parseCULongLongPositive(text);
}

export function parseOpaqueFirst(doc: XmlDocument, name: string): OpaqueXml | null {
  const element = firstChild(doc.root, name);
  return element === undefined ? null : opaqueFromElement(doc.source, element);
}

/** `qemuDomainObjPrivateXMLParseAllowReboot` (3.9.0 to 7.6.x); an unknown value is ignored. */
export function parseAllowReboot(root: XmlElement): boolean | null {
  const value = firstAttributeString(root, 'allowReboot', 'value');
  return value === 'yes' ? true : value === 'no' ? false : null;
}

/**
 * `qemuMigrationCookieCapsXMLParse`: `./capabilities[1]/cap`; unknown names are ignored, and the
 * result is a bitmap, so it comes out in enum order without duplicates.
 */
export function parseCapabilities(root: XmlElement, rootPath: string, ctx: ResolvedContext): Step<CookieCapabilities> {
  const known = capabilitiesKnownAt(ctx.libvirt);
  const supported = new Set<string>();
  const automatic = new Set<string>();
  const first = firstChild(root, 'capabilities');
  for (const cap of first ? childElements(first, 'cap') : []) {
    const name = attribute(cap, 'name');
    if (name === undefined) {
      return refuse('missing-capability-name', 'missing migration capability name', childPath(childPath(rootPath, 'capabilities'), 'cap'));
    }
    if (!known.includes(name)) continue;
    supported.add(name);
    if (attribute(cap, 'auto') === 'yes') automatic.add(name);
  }
  const caps: CookieCapability[] = known.filter((name) => supported.has(name)).map((name) => ({ name, auto: automatic.has(name) }));
  return ok({ caps });
}

/** `qemuMigrationCookieBlockDirtyBitmapsParse`. */
export function parseBlockDirtyBitmaps(root: XmlElement, rootPath: string): Step<readonly CookieBitmapDisk[]> {
  const disks: CookieBitmapDisk[] = [];
  const path = childPath(rootPath, 'blockDirtyBitmaps');
  const malformed = refuse('malformed-block-dirty-bitmaps', 'malformed <blockDirtyBitmaps> in migration cookie', path);
  for (const section of childElements(root, 'blockDirtyBitmaps')) {
    for (const disk of childElements(section, 'disk')) {
      const bitmaps: CookieBitmap[] = [];
      for (const bitmap of childElements(disk, 'bitmap')) {
        const name = attribute(bitmap, 'name');
        const alias = attribute(bitmap, 'alias');
        if (name === undefined || alias === undefined) return malformed;
        bitmaps.push({ name, alias });
      }
      const target = attribute(disk, 'target');
      if (target === undefined) return malformed;
      disks.push({ target, bitmaps });
    }
  }
  return ok(disks);
}

export function hasChild(root: XmlElement, name: string): boolean {
  return firstChild(root, name) !== undefined;
}
