// The deliberate deviations: where migsim differs from libvirt on purpose, each with its reason
// and the libvirt behaviour it replaces. `real diff` and `real fuzz` count a difference these
// explain as explained; anything else is a difference to fix (exit 1). docs/real.md lists them.
import type { OpaqueSubtree } from './cookie-diff.js';

export interface Deviation {
  readonly id: string;
  /** Where it shows: a run's comparison (`diff`) or a fuzz verdict (`fuzz`). */
  readonly shows: 'diff' | 'fuzz';
  readonly migsim: string;
  readonly libvirt: string;
  readonly reason: string;
}

export const deviations: readonly Deviation[] = [
  {
    id: 'domain-definition',
    shows: 'diff',
    migsim: "writes a short stand-in for the Perform cookie's <domain> (name, uuid, memory, disks)",
    libvirt: 'writes the guest\'s full migratable definition (qemuMigrationCookieAddPersistent: virDomainDefFormat with VIR_DOMAIN_XML_MIGRATABLE)',
    reason: 'the definition is the guest\'s, not the protocol\'s; the diff compares the element, its position, its name, uuid and disk targets, and nothing else inside it',
  },
  {
    id: 'doctype-refused',
    shows: 'fuzz',
    migsim: 'refuses any cookie with a DOCTYPE or an entity declaration (doctype-forbidden)',
    libvirt: 'parses it with libxml2 (virXMLParseStringCtxt), expanding internal entities, and accepts the cookie',
    reason: 'libvirt never writes one, and entity expansion is a denial-of-service vector (billion laughs); refusing is the safe reading',
  },
  {
    id: 'unsafe-name-refused',
    shows: 'fuzz',
    migsim: 'refuses a cookie with an element or attribute named __proto__, constructor or prototype (unsafe-name)',
    libvirt: 'ignores an element it does not look up by XPath and accepts the cookie',
    reason: 'the reference codec is JavaScript; the guard keeps peer input away from object prototypes',
  },
  {
    id: 'depth-limit',
    shows: 'fuzz',
    migsim: 'refuses element nesting deeper than 32 (too-deep)',
    libvirt: 'accepts nesting up to libxml2\'s limit of 256 (XML_PARSE_HUGE is not set)',
    reason: 'a bounded reader; no cookie libvirt writes is deeper than 6',
  },
];

/** Subtrees a deviation makes partly opaque to the cookie comparison. */
export const opaqueSubtrees: readonly OpaqueSubtree[] = [
  { deviation: 'domain-definition', path: ['qemu-migration', 'domain'], compared: [['name'], ['uuid'], ['devices', 'disk', 'target']] },
];

export function deviation(id: string): Deviation | null {
  return deviations.find((d) => d.id === id) ?? null;
}
