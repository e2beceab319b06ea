// The virtual port types a cookie's `<interface vporttype>` can name. libvirt keeps the type as
// the enum virNetDevVPort (src/util/virnetdevvportprofile.c, VIR_ENUM_IMPL; MidoNet joined it in
// 1.2.2). qemuMigrationCookieNetworkXMLParse stores a name it does not know as -1, without an
// error, and qemuMigrationCookieNetworkXMLFormat prints virNetDevVPortTypeToString(-1), which is
// NULL, through '%s': glibc writes '(null)'. So an unknown name comes back as '(null)', which
// reads as unknown again, and a second format writes the same text.
import { atLeast, v, type Version } from '../version.js';

const vportTypesAlways: readonly string[] = ['none', '802.1Qbg', '802.1Qbh', 'openvswitch'];
const midonetSince = v('1.2.2');

/** What libvirt writes for a type it could not name. */
export const unknownVportTypeWritten = '(null)';

/** The type names libvirt `version` knows, 'none' (not transferred) first. */
export function vportTypesKnownAt(version: Version): readonly string[] {
  return atLeast(version, midonetSince) ? [...vportTypesAlways, 'midonet'] : vportTypesAlways;
}

/** The vporttype libvirt `version` writes back for a name it read. */
export function vportTypeWritten(name: string, version: Version): string {
  return vportTypesKnownAt(version).includes(name) ? name : unknownVportTypeWritten;
}
