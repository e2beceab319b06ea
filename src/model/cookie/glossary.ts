// The cookie glossary: one entry per element and attribute of libvirt's migration cookie grammar,
// saying what it means, which phase writes it and which reads it, since which libvirt, which
// libvirt function parses it, and what a missing, duplicated or malformed one does under the
// libvirt policy and under strict. The explorer's glossary shows this table; the codec's tests
// (test/model/cookie/glossary.test.ts) build each case and parse it, so that every verdict here
// is what parseCookie does. Which phases read an element and since when are derived from the
// parse masks and flag history of flags.ts, not written twice.
import { compareVersions, formatVersion, v, type Version } from '../version.js';
import { newestLibvirt } from './context.js';
import type { CookieErrorCode } from './errors.js';
import { flagSince, hasFlag, phaseParseMask, type CookieFlag, type ParsePhase } from './flags.js';
import { statisticsFields } from './statistics.js';

/** The phases that write a cookie (Confirm writes none). */
export type WritingPhase = 'begin' | 'prepare' | 'perform' | 'finish';

export type Verdict =
  | { readonly accepted: true; readonly reads: string }
  | { readonly accepted: false; readonly code: CookieErrorCode };

export interface Reactions {
  readonly libvirt: Verdict;
  readonly strict: Verdict;
}

export interface Malformed extends Reactions {
  /** The value put in place of a good one (an attribute value, an element's text, or the root's name). */
  readonly example: string;
  readonly what: string;
}

export interface GlossaryEntry {
  /** `name`, `nbd/@port`, `nbd/disk/@capacity`; the root itself is `qemu-migration`. */
  readonly path: string;
  readonly meaning: string;
  /** The cookie flag whose parse mask decides whether a phase reads it; null for the parts every parse reads. */
  readonly flag: CookieFlag | null;
  /** Phases whose libvirt writes it (qemuMigrationCookieFormat calls of src/qemu/qemu_migration.c). */
  readonly writtenBy: readonly WritingPhase[];
  /** First libvirt release that reads it, when not the release that introduced its flag. */
  readonly since?: string;
  /** First libvirt release that no longer reads or writes it. */
  readonly until?: string;
  /** The libvirt function that parses it (and raises its errors). */
  readonly parsedBy: string;
  /** What the receiver does without it; null when it cannot be left out. */
  readonly missing: Reactions | null;
  /** What the receiver does with two of it; for an attribute, written twice on one element. */
  readonly duplicated: Reactions | null;
  readonly malformed: readonly Malformed[];
}

const accepted = (reads: string): Verdict => ({ accepted: true, reads });
const refused = (code: CookieErrorCode): Verdict => ({ accepted: false, code });
const both = (verdict: Verdict): Reactions => ({ libvirt: verdict, strict: verdict });
const split = (libvirt: Verdict, strict: Verdict): Reactions => ({ libvirt, strict });
const bad = (example: string, what: string, reactions: Reactions): Malformed => ({ example, what, ...reactions });

/** Two attributes of one name on one element are not well-formed XML: the XML parser refuses them. */
const twiceOnOneElement = both(refused('xml-malformed'));
/** libvirt reads the first of several with `./x[1]` or `string(./x)`; strict refuses the second. */
const firstWins = (what: string): Reactions => split(accepted(`the first ${what} is read, the others are ignored`), refused('duplicate-element'));
/** libvirt reads every one with `./x`; strict refuses a second one with the same key. */
const allRead = (what: string): Reactions => split(accepted(`every ${what} is read`), refused('duplicate-element'));
const optional = (without: string): Reactions => both(accepted(without));

const parse = 'qemuMigrationCookieXMLParse';
const header: readonly WritingPhase[] = ['begin', 'prepare', 'perform', 'finish'];

const headerEntries: readonly GlossaryEntry[] = [
  {
    path: 'qemu-migration', flag: null, writtenBy: header, parsedBy: parse,
    meaning: 'The root of every cookie. libvirt looks up each part relative to the root, whatever its name.',
    missing: null, duplicated: both(refused('xml-malformed')),
    malformed: [bad('cookie', 'another root name', split(accepted('read as if it were <qemu-migration>'), refused('unexpected-root')))],
  },
  {
    path: 'name', flag: null, writtenBy: header, parsedBy: parse,
    meaning: 'The domain\'s name. The receiver compares it with the domain it is migrating.',
    missing: both(refused('missing-name')), duplicated: firstWins('<name>'),
    malformed: [bad('another-guest', 'the name of another domain', both(refused('name-mismatch')))],
  },
  {
    path: 'uuid', flag: null, writtenBy: header, parsedBy: parse,
    meaning: 'The domain\'s UUID, compared as a string with the receiver\'s own formatting of it (lower case, dashed).',
    missing: both(refused('missing-uuid')), duplicated: firstWins('<uuid>'),
    malformed: [bad('C7A5FDBD-EDAF-9455-926A-D65C16DB1809', 'the same UUID in upper case', both(refused('uuid-mismatch')))],
  },
  {
    path: 'hostname', flag: null, writtenBy: header, parsedBy: parse,
    meaning: 'The sender\'s host name; libvirt before 6.2.0 refused a cookie from a host of its own name ("migrate to the same host").',
    missing: both(refused('missing-hostname')), duplicated: firstWins('<hostname>'),
    malformed: [bad('', 'empty', both(refused('missing-hostname')))],
  },
  {
    path: 'hostuuid', flag: null, writtenBy: header, parsedBy: parse,
    meaning: 'The sender\'s host UUID; the receiver refuses a cookie carrying its own (a migration to the same host).',
    missing: both(refused('missing-hostuuid')), duplicated: firstWins('<hostuuid>'),
    malformed: [bad('not-a-uuid', 'not a UUID', both(refused('malformed-hostuuid')))],
  },
  {
    path: 'feature', flag: null, writtenBy: ['begin', 'prepare', 'perform'], parsedBy: 'qemuMigrationCookieXMLParseMandatoryFeatures',
    meaning: 'A mandatory feature: the receiver must understand the named part of the cookie and be reading it in this phase, or refuse the cookie (checked from 1.0.3; an unsupported one fails from 1.3.0).',
    missing: optional('no part is mandatory'),
    duplicated: split(accepted('each copy is checked; the feature is mandatory once'), refused('duplicate-element')),
    malformed: [],
  },
  {
    path: 'feature/@name', flag: null, writtenBy: ['begin', 'prepare', 'perform'], parsedBy: 'qemuMigrationCookieXMLParseMandatoryFeatures',
    meaning: 'The mandatory feature\'s flag name (lockstate, persistent, nbd, ...), as qemuMigrationCookieFlagTypeFromString knows them.',
    missing: both(refused('missing-feature-name')), duplicated: twiceOnOneElement,
    malformed: [
      bad('future-feature', 'a name this libvirt does not know', both(refused('unknown-feature'))),
      bad('graphics', 'a known flag this phase does not read (Prepare does not read <graphics>)', both(refused('unsupported-feature'))),
    ],
  },
];

const graphicsEntries: readonly GlossaryEntry[] = [
  {
    path: 'graphics', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'Where the destination\'s SPICE (or VNC) server listens, so that the source can tell connected clients to reconnect there (graphics relocation).',
    missing: optional('no graphics relocation'), duplicated: firstWins('attribute of each name across the <graphics> elements'), malformed: [],
  },
  {
    path: 'graphics/@type', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'The graphics type (spice, vnc, ...), read with virDomainGraphicsTypeFromString.',
    missing: both(refused('missing-graphics-type')), duplicated: twiceOnOneElement,
    malformed: [bad('hologram', 'an unknown type', both(refused('unknown-graphics-type')))],
  },
  {
    path: 'graphics/@port', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'The graphics server\'s port on the destination.',
    missing: both(refused('missing-graphics-port')), duplicated: twiceOnOneElement,
    malformed: [bad('x', 'not a number', both(refused('missing-graphics-port')))],
  },
  {
    path: 'graphics/@listen', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'The address the graphics server listens on.',
    missing: both(refused('missing-graphics-listen')), duplicated: twiceOnOneElement,
    malformed: [bad('', 'empty', both(refused('missing-graphics-listen')))],
  },
  {
    path: 'graphics/@tlsPort', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'SPICE only: the TLS port, -1 when SPICE TLS is off.',
    missing: both(refused('missing-graphics-tlsport')), duplicated: twiceOnOneElement,
    malformed: [bad('x', 'not a number', both(refused('missing-graphics-tlsport')))],
  },
  {
    path: 'graphics/cert', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'The subject of the destination\'s graphics TLS certificate, for clients that check it on reconnecting.',
    missing: optional('no certificate subject'), duplicated: firstWins('certificate subject'), malformed: [],
  },
  {
    path: 'graphics/cert/@info', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'What the certificate value is; only `subject` is read.',
    missing: optional('the <cert> is ignored'), duplicated: twiceOnOneElement,
    malformed: [bad('issuer', 'anything but subject', both(accepted('the <cert> is ignored')))],
  },
  {
    path: 'graphics/cert/@value', flag: 'graphics', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieGraphicsXMLParse',
    meaning: 'The certificate subject itself.',
    missing: optional('the <cert> is ignored'), duplicated: twiceOnOneElement,
    malformed: [bad('', 'empty', both(accepted('no certificate subject')))],
  },
];

const lockEntries: readonly GlossaryEntry[] = [
  {
    path: 'lockstate', flag: 'lockstate', writtenBy: ['begin'], parsedBy: parse,
    meaning: 'The disk leases the source\'s lock manager (sanlock, lockd) holds, for the destination to acquire; written only with a lock manager configured.',
    missing: optional('no lease state'), duplicated: firstWins('<lockstate>'), malformed: [],
  },
  {
    path: 'lockstate/@driver', flag: 'lockstate', writtenBy: ['begin'], parsedBy: parse,
    meaning: 'The lock manager\'s name.',
    missing: both(refused('missing-lock-driver')), duplicated: twiceOnOneElement,
    malformed: [bad('', 'empty', both(refused('missing-lock-driver')))],
  },
  {
    path: 'lockstate/leases', flag: 'lockstate', writtenBy: ['begin'], parsedBy: parse,
    meaning: 'The lock manager\'s opaque lease state.',
    missing: optional('no lease state'), duplicated: firstWins('<leases>'), malformed: [],
  },
];

const domainEntries: readonly GlossaryEntry[] = [
  {
    path: 'domain', flag: 'persistent', writtenBy: ['perform'], parsedBy: parse,
    meaning: 'The domain definition for the destination to keep (virsh migrate --persistent). libvirt hands it to its domain XML parser; migsim carries it as text.',
    missing: optional('no persistent definition'), duplicated: split(refused('too-many-domains'), refused('duplicate-element')), malformed: [],
  },
];

const networkEntries: readonly GlossaryEntry[] = [
  {
    path: 'network', flag: 'network', writtenBy: ['perform'], parsedBy: 'qemuMigrationCookieNetworkXMLParse',
    meaning: 'Virtual port data of the domain\'s interfaces (Open vSwitch, 802.1Qbh) for the destination to set up the same ports.',
    missing: optional('no port data'), duplicated: allRead('<interface> of every <network>'), malformed: [],
  },
  {
    path: 'network/interface', flag: 'network', writtenBy: ['perform'], parsedBy: 'qemuMigrationCookieNetworkXMLParse',
    meaning: 'One interface with a virtual port, in the domain\'s interface order.',
    missing: optional('no port data'), duplicated: both(accepted('every <interface> is read, in order')), malformed: [],
  },
  {
    path: 'network/interface/@index', flag: 'network', writtenBy: ['perform'], parsedBy: 'qemuMigrationCookieNetworkXMLParse',
    meaning: 'The interface\'s index in the domain definition. The parser does not read it: interfaces are taken in order.',
    missing: optional('not read'), duplicated: twiceOnOneElement,
    malformed: [bad('x', 'not a number', both(accepted('not read')))],
  },
  {
    path: 'network/interface/@vporttype', flag: 'network', writtenBy: ['perform'], parsedBy: 'qemuMigrationCookieNetworkXMLParse',
    meaning: 'The virtual port type (openvswitch, 802.1Qbh, ...).',
    missing: both(refused('missing-vporttype')), duplicated: twiceOnOneElement,
    malformed: [bad('teleport', 'an unknown type', both(accepted('read as an unknown type, which libvirt writes back as vporttype=\'(null)\'')))],
  },
  {
    path: 'network/interface/portdata', flag: 'network', writtenBy: ['perform'], parsedBy: 'qemuMigrationCookieNetworkXMLParse',
    meaning: 'The port\'s data (for Open vSwitch, the port\'s settings as ovs-vsctl prints them).',
    missing: optional('no port data'), duplicated: firstWins('<portdata>'), malformed: [],
  },
];

const nbdEntries: readonly GlossaryEntry[] = [
  {
    path: 'nbd', flag: 'nbd', writtenBy: ['begin', 'prepare', 'perform'], parsedBy: 'qemuMigrationCookieNBDXMLParse',
    meaning: 'NBD storage migration. In Begin the source offers it; in the Prepare reply the destination says where its NBD server listens; in Perform the source says it copied the disks over NBD (so Finish stops the server).',
    missing: optional('the peer does not offer or use NBD: the fallback rules decide'),
    duplicated: split(accepted('the first port attribute in document order and the disks of every <nbd> are read'), refused('duplicate-element')),
    malformed: [],
  },
  {
    path: 'nbd/@port', flag: 'nbd', writtenBy: ['prepare'], parsedBy: 'qemuMigrationCookieNBDXMLParse',
    meaning: 'The port of the destination\'s NBD server; left out (port 0) when there is none. Read with virStrToLong_i.',
    missing: optional('no port'), duplicated: twiceOnOneElement,
    malformed: [
      bad('x', 'not a number', both(refused('malformed-nbd-port'))),
      bad('70000', 'outside 1..65535', split(accepted('read as 70000; QEMU then connects to 70000 mod 65536 = 4464'), refused('nbd-port-out-of-range'))),
      bad('', 'empty', split(accepted('read as no port'), refused('malformed-nbd-port'))),
    ],
  },
  {
    path: 'nbd/disk', flag: 'nbd', writtenBy: ['begin', 'prepare', 'perform'], since: '1.2.11', parsedBy: 'qemuMigrationCookieNBDXMLParse',
    meaning: 'One disk to copy with its size, so that the destination can create an image of the right size (before 1.2.11 the element was not written or read).',
    missing: optional('no disk sizes'), duplicated: allRead('<disk>, in every <nbd>'), malformed: [],
  },
  {
    path: 'nbd/disk/@target', flag: 'nbd', writtenBy: ['begin', 'prepare', 'perform'], since: '1.2.11', parsedBy: 'qemuMigrationCookieNBDXMLParse',
    meaning: 'The disk\'s device name in the guest (vda).',
    missing: both(refused('malformed-disk-target')), duplicated: twiceOnOneElement,
    malformed: [bad('', 'empty', both(refused('malformed-disk-target')))],
  },
  {
    path: 'nbd/disk/@capacity', flag: 'nbd', writtenBy: ['begin', 'prepare', 'perform'], since: '1.2.11', parsedBy: 'qemuMigrationCookieNBDXMLParse',
    meaning: 'The disk\'s size in bytes, read with virStrToLong_ull.',
    missing: both(refused('malformed-disk-capacity')), duplicated: twiceOnOneElement,
    malformed: [
      bad('x', 'not a number', both(refused('malformed-disk-capacity'))),
      bad('-1', 'negative', split(accepted('wraps around to 18446744073709551615 bytes'), refused('negative-disk-capacity'))),
    ],
  },
];

const statisticsEntries: readonly GlossaryEntry[] = [
  {
    path: 'statistics', flag: 'statistics', writtenBy: ['perform', 'finish'], parsedBy: 'qemuMigrationCookieStatisticsXMLParse',
    meaning: 'The migration job\'s statistics, so that both sides report the same figures after the migration (virsh domjobinfo --completed).',
    missing: optional('no statistics'), duplicated: firstWins('<statistics>'), malformed: [],
  },
  ...statisticsFields.map((field): GlossaryEntry => ({
    path: `statistics/${field.name}`, flag: 'statistics', writtenBy: ['perform', 'finish'], parsedBy: 'qemuMigrationCookieStatisticsXMLParse',
    ...(compareVersions(field.since, flagSince('statistics')) !== 0 ? { since: formatVersion(field.since) } : {}),
    meaning: `The completed job's ${field.name.replace(/_/g, ' ')} (${field.kind === 'int' ? 'an int' : field.kind === 'i64' ? 'a signed 64-bit number' : 'an unsigned 64-bit number'}).`,
    missing: optional('left unset'), duplicated: firstWins(`<${field.name}>`),
    malformed: [bad('x', 'not a number', both(accepted('left unset: the parser ignores a number it cannot read')))],
  })),
];

const laterEntries: readonly GlossaryEntry[] = [
  {
    path: 'cpu', flag: 'cpu', writtenBy: ['begin'], parsedBy: 'virCPUDefParseXML',
    meaning: 'The guest CPU as the source runs it, so that the destination starts an identical one. libvirt parses it as a CPU definition; migsim carries it as text.',
    missing: optional('the destination uses the domain definition\'s CPU'), duplicated: firstWins('<cpu>'), malformed: [],
  },
  {
    path: 'allowReboot', flag: 'allowReboot', writtenBy: ['begin'], until: '7.7.0', parsedBy: 'qemuDomainObjPrivateXMLParseAllowReboot',
    meaning: 'Whether the guest may reboot (the domain\'s on_reboot policy as QEMU was started with it); libvirt 7.7.0 stopped writing and reading it.',
    missing: optional('unknown: the destination decides'), duplicated: firstWins('value'), malformed: [],
  },
  {
    path: 'allowReboot/@value', flag: 'allowReboot', writtenBy: ['begin'], until: '7.7.0', parsedBy: 'qemuDomainObjPrivateXMLParseAllowReboot',
    meaning: 'yes or no.',
    missing: optional('unknown: the destination decides'), duplicated: twiceOnOneElement,
    malformed: [bad('maybe', 'neither yes nor no', both(accepted('ignored')))],
  },
  {
    path: 'capabilities', flag: 'capabilities', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieCapsXMLParse',
    meaning: 'The QEMU migration capabilities this side supports, so that both enable only what both have.',
    missing: optional('an empty set: no capability in common'), duplicated: firstWins('<capabilities>'), malformed: [],
  },
  {
    path: 'capabilities/cap', flag: 'capabilities', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieCapsXMLParse',
    meaning: 'One supported capability.',
    missing: optional('an empty set'), duplicated: split(accepted('the capability is set once'), refused('duplicate-element')), malformed: [],
  },
  {
    path: 'capabilities/cap/@name', flag: 'capabilities', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieCapsXMLParse',
    meaning: 'The capability\'s QEMU name (xbzrle, postcopy-ram, ...).',
    missing: both(refused('missing-capability-name')), duplicated: twiceOnOneElement,
    malformed: [bad('teleport', 'a name this libvirt does not know', both(accepted('ignored')))],
  },
  {
    path: 'capabilities/cap/@auto', flag: 'capabilities', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieCapsXMLParse',
    meaning: 'yes when libvirt turns the capability on by itself (qemuMigrationParamsAlwaysOn).',
    missing: optional('not automatic'), duplicated: twiceOnOneElement,
    malformed: [bad('maybe', 'anything but yes', both(accepted('not automatic')))],
  },
  {
    path: 'blockDirtyBitmaps', flag: 'block-dirty-bitmaps', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieBlockDirtyBitmapsParse',
    meaning: 'Persistent dirty bitmaps to migrate with the disks: the source offers them in Begin, the destination answers with those it will take.',
    missing: optional('no bitmaps migrate'), duplicated: allRead('<disk> of every <blockDirtyBitmaps>'), malformed: [],
  },
  {
    path: 'blockDirtyBitmaps/disk', flag: 'block-dirty-bitmaps', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieBlockDirtyBitmapsParse',
    meaning: 'A disk with bitmaps.',
    missing: optional('no bitmaps migrate'), duplicated: allRead('<disk>'), malformed: [],
  },
  {
    path: 'blockDirtyBitmaps/disk/@target', flag: 'block-dirty-bitmaps', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieBlockDirtyBitmapsParse',
    meaning: 'The disk\'s device name in the guest.',
    missing: both(refused('malformed-block-dirty-bitmaps')), duplicated: twiceOnOneElement, malformed: [],
  },
  {
    path: 'blockDirtyBitmaps/disk/bitmap', flag: 'block-dirty-bitmaps', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieBlockDirtyBitmapsParse',
    meaning: 'One bitmap of the disk.',
    missing: optional('the disk has no bitmap to migrate'), duplicated: allRead('<bitmap>'), malformed: [],
  },
  {
    path: 'blockDirtyBitmaps/disk/bitmap/@name', flag: 'block-dirty-bitmaps', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieBlockDirtyBitmapsParse',
    meaning: 'The bitmap\'s name on the disk.',
    missing: both(refused('malformed-block-dirty-bitmaps')), duplicated: twiceOnOneElement, malformed: [],
  },
  {
    path: 'blockDirtyBitmaps/disk/bitmap/@alias', flag: 'block-dirty-bitmaps', writtenBy: ['begin', 'prepare'], parsedBy: 'qemuMigrationCookieBlockDirtyBitmapsParse',
    meaning: 'The name the bitmap travels under in the migration stream (block-bitmap-mapping).',
    missing: both(refused('malformed-block-dirty-bitmaps')), duplicated: twiceOnOneElement, malformed: [],
  },
];

export const cookieGlossary: readonly GlossaryEntry[] = [
  ...headerEntries, ...graphicsEntries, ...lockEntries, ...domainEntries, ...networkEntries, ...nbdEntries,
  ...statisticsEntries, ...laterEntries,
];

/** Elements libvirt hands whole to another parser: a path inside them is explained by the element's entry. */
const opaque: readonly string[] = ['domain', 'cpu'];

/** The entry for a path such as `nbd/disk/@target` (or a path inside `<domain>` or `<cpu>`), or null. */
export function glossaryEntry(path: string): GlossaryEntry | null {
  const exact = cookieGlossary.find((entry) => entry.path === path);
  if (exact) return exact;
  const top = path.split('/')[0] ?? '';
  return opaque.includes(top) ? cookieGlossary.find((entry) => entry.path === top) ?? null : null;
}

/** The first release that reads (and writes) the part. */
export function sinceOf(entry: GlossaryEntry): string {
  if (entry.since) return entry.since;
  // The header came with the cookie itself, in the same release as its first flags.
  return formatVersion(entry.flag ? flagSince(entry.flag) : flagSince('graphics'));
}

/** A libvirt release that reads the part: the newest modelled, or the last minor release before the part was dropped. */
export function readingRelease(entry: GlossaryEntry): Version {
  if (entry.until === undefined) return v(newestLibvirt);
  const until = v(entry.until);
  return until.minor > 0 ? { major: until.major, minor: until.minor - 1, micro: 0 } : { major: until.major - 1, minor: 0, micro: 0 };
}

const parsePhases: readonly ParsePhase[] = ['prepare', 'perform', 'finish', 'confirm'];

/**
 * The phases whose cookie parse reads the part in `libvirt` (default: a release that reads it),
 * from the parse masks of flags.ts. Begin parses no cookie.
 */
export function readBy(entry: GlossaryEntry, libvirt: Version = readingRelease(entry)): ParsePhase[] {
  return parsePhases.filter((phase) => entry.flag === null || hasFlag(phaseParseMask(phase, libvirt), entry.flag));
}
