// The parts every cookie has, checked in `qemuMigrationCookieXMLParse`'s order: name, uuid,
// hostname, hostuuid (and the "same host" guard), then the mandatory features
// (`qemuMigrationCookieXMLParseMandatoryFeatures`).
import { atLeast, v } from '../version.js';
import { attribute, childElements, firstChildString } from '../xml/query.js';
import type { XmlElement } from '../xml/tree.js';
import type { ResolvedContext } from './context.js';
import type { CookieError } from './errors.js';
import { flagBit, flagKnownAt } from './flags.js';
import { childPath, ok, refuse, type Step } from './step.js';
import { parseUuid, sameUuidBytes } from './uuid.js';

export interface Header {
  readonly name: string;
  readonly uuid: string;
  readonly hostname: string;
  readonly hostuuid: string;
}

const hostnameCompareUntil = v('6.2.0'); // 6799b72d92 stopped comparing hostnames
export const featuresCheckedSince = v('1.0.3'); // 69660042fb fixed the './features' typo
const unsupportedFatalSince = v('1.3.0'); // afb792bd38 added the missing 'goto error'

export function parseHeader(root: XmlElement, rootPath: string, ctx: ResolvedContext): Step<Header> {
  const name = firstChildString(root, 'name');
  const namePath = childPath(rootPath, 'name');
  if (name === null) return refuse('missing-name', 'missing name element in migration data', namePath);
  if (ctx.domainName !== null && name !== ctx.domainName) {
    return refuse('name-mismatch', `Incoming cookie data had unexpected name ${name} vs ${ctx.domainName}`, namePath);
  }
  const uuid = firstChildString(root, 'uuid');
  const uuidPath = childPath(rootPath, 'uuid');
  if (uuid === null) return refuse('missing-uuid', 'missing uuid element in migration data', uuidPath);
  // A string comparison with the locally formatted UUID: other spellings of the same UUID fail.
  if (ctx.domainUuid !== null && uuid !== ctx.domainUuid) {
    return refuse('uuid-mismatch', `Incoming cookie data had unexpected UUID ${uuid} vs ${ctx.domainUuid}`, uuidPath);
  }
  const hostname = firstChildString(root, 'hostname');
  const hostnamePath = childPath(rootPath, 'hostname');
  if (hostname === null) return refuse('missing-hostname', 'missing hostname element in migration data', hostnamePath);
  if (!atLeast(ctx.libvirt, hostnameCompareUntil) && ctx.localHostname !== null && hostname === ctx.localHostname) {
    return refuse('same-host', `Attempt to migrate guest to the same host ${hostname}`, hostnamePath);
  }
  return parseHostUuid(root, rootPath, ctx, { name, uuid, hostname });
}

function parseHostUuid(root: XmlElement, rootPath: string, ctx: ResolvedContext,
  partial: Omit<Header, 'hostuuid'>): Step<Header> {
  const hostuuid = firstChildString(root, 'hostuuid');
  const path = childPath(rootPath, 'hostuuid');
  if (hostuuid === null) return refuse('missing-hostuuid', 'missing hostuuid element in migration data', path);
  const bytes = parseUuid(hostuuid);
  if (bytes === null) return refuse('malformed-hostuuid', 'malformed hostuuid element in migration data', path);
  if (ctx.localHostUuid !== null && sameUuidBytes(bytes, ctx.localHostUuid)) {
    return refuse('same-host', `Attempt to migrate guest to the same host ${hostuuid}`, path);
  }
  return ok({ ...partial, hostuuid });
}

export interface Features {
  readonly names: readonly string[];
  /** Errors libvirt 1.0.3 to 1.2.x reported without failing the phase. */
  readonly warnings: readonly CookieError[];
  /** Whether this libvirt checked the names at all (not before 1.0.3). */
  readonly checked: boolean;
}

export function parseFeatures(root: XmlElement, rootPath: string, ctx: ResolvedContext): Step<Features> {
  const path = childPath(rootPath, 'feature');
  const elements = childElements(root, 'feature');
  const checked = atLeast(ctx.libvirt, featuresCheckedSince);
  const names: string[] = [];
  const warnings: CookieError[] = [];
  for (const element of elements) {
    const name = attribute(element, 'name');
    if (name === undefined) {
      if (checked) return refuse('missing-feature-name', 'missing feature name', path);
      continue;
    }
    names.push(name);
    if (!checked) continue;
    if (!flagKnownAt(name, ctx.libvirt)) return refuse('unknown-feature', `Unknown migration cookie feature ${name}`, path);
    if ((ctx.mask & flagBit(name)) === 0) {
      const error = refuse('unsupported-feature', `Unsupported migration cookie feature ${name}`, path);
      if (atLeast(ctx.libvirt, unsupportedFatalSince)) return error;
      warnings.push(error.error);
    }
  }
  return ok({ names, warnings, checked });
}
