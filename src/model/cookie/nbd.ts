// The `<nbd>` element (`qemuMigrationCookieNBDXMLParse` in src/qemu/qemu_migration_cookie.c, since
// e1466dc7fa, 1.2.11; inline in the parser from 1.0.3). libvirt reads the port with
// `string(./nbd/@port)`, i.e. the first `port` attribute in document order across every `<nbd>`
// child, and the disks with `./nbd/disk`, i.e. from all of them. Under the `libvirt` policy
// that is reproduced as is; the `strict` policy refuses duplicates before this runs (see
// strict.ts) and adds a range check on the port and a sign check on capacities.
import { atLeast, v } from '../version.js';
import { attribute, childElements, firstAttributeString } from '../xml/query.js';
import type { XmlElement } from '../xml/tree.js';
import type { ResolvedContext } from './context.js';
import { hasMinusSign, parseCInt, parseCULongLong } from './numbers.js';
import { childPath, ok, refuse, type Step } from './step.js';
import type { CookieNbd, CookieNbdDisk } from './types.js';

const disksSince = v('1.2.11'); // e1466dc7fa added <disk target capacity>
const portMin = 1;
const portMax = 65535;

export function parseNbd(root: XmlElement, rootPath: string, ctx: ResolvedContext): Step<CookieNbd> {
  const path = childPath(rootPath, 'nbd');
  const elements = childElements(root, 'nbd');
  if (elements.length > 1 && ctx.duplicateNbd === 'reject') return refuse('duplicate-element', "duplicate element 'nbd'", path);
  // `last-wins`: read as if only the last <nbd> were there (a designer's alternative rule).
  const scope: XmlElement = ctx.duplicateNbd === 'last-wins' && elements.length > 1
    ? { ...root, children: elements.slice(-1) } : root;
  const port = parsePort(scope, path, ctx);
  if (!port.ok) return port;
  if (!atLeast(ctx.libvirt, disksSince)) return ok({ port: port.value, disks: [] });
  const disks: CookieNbdDisk[] = [];
  const diskPath = childPath(path, 'disk');
  for (const nbd of childElements(scope, 'nbd')) {
    for (const element of childElements(nbd, 'disk')) {
      const disk = parseDisk(element, diskPath, ctx);
      if (!disk.ok) return disk;
      disks.push(disk.value);
    }
  }
  return ok({ port: port.value, disks });
}

function parsePort(root: XmlElement, path: string, ctx: ResolvedContext): Step<number> {
  if (ctx.policy === 'strict') {
    // An empty port attribute is libvirt's "no port"; strict does not accept the ambiguity.
    const raw = childElements(root, 'nbd').map((nbd) => attribute(nbd, 'port')).find((p) => p !== undefined);
    if (raw === '') return refuse('malformed-nbd-port', "Malformed nbd port ''", path);
  }
  const text = firstAttributeString(root, 'nbd', 'port');
  if (text === null) return ok(0);
  const port = parseCInt(text);
  if (port === null) return refuse('malformed-nbd-port', `Malformed nbd port '${text}'`, path);
  if (ctx.portRangeCheck && (port < portMin || port > portMax)) {
    return refuse('nbd-port-out-of-range', `nbd port '${text}' is outside ${portMin}..${portMax}`, path);
  }
  return ok(port);
}

function parseDisk(element: XmlElement, path: string, ctx: ResolvedContext): Step<CookieNbdDisk> {
  // string(./@target): an empty target is as good as none.
  const target = attribute(element, 'target');
  if (target === undefined || target === '') return refuse('malformed-disk-target', 'Malformed disk target', path);
  const raw = attribute(element, 'capacity');
  const text = raw === '' ? undefined : raw;
  if (text === undefined) return refuse('malformed-disk-capacity', "Malformed disk capacity: '<null>'", path);
  const capacity = parseCULongLong(text);
  if (capacity === null) return refuse('malformed-disk-capacity', `Malformed disk capacity: '${text}'`, path);
  if (ctx.policy === 'strict' && hasMinusSign(text)) {
    return refuse('negative-disk-capacity', `negative disk capacity '${text}'`, path);
  }
  return ok({ target, capacity });
}
