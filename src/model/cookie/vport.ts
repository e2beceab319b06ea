// The virtual port types a cookie's `<interface vporttype>` can name. libvirt keeps the type as
// the enum virNetDevVPort (src/util/virnetdevvportprofile.c, VIR_ENUM_IMPL).
// qemuMigrationCookieNetworkXMLParse stores a name it does not know as -1, without an error, and
// qemuMigrationCookieNetworkXMLFormat prints virNetDevVPortTypeToString(-1), which is NULL,
// through '%s': glibc writes '(null)'. So an unknown name comes back as '(null)', which reads as
// unknown again, and a second format writes the same text.
import { atLeast, v, type Version } from '../version.js';

const vportTypesBefore = ['none', '802.1Qbg', '802.1Qbh', 'openvswitch'] as const;
const vportTypesWithMidonet: readonly string[] = [...vportTypesBefore, 'midonet'];
/**
 * MidoNet joined the enum in libvirt 1.2.14 (April 2015): its release notes (docs/news-2015.html.in)
 * list "schema and docs for the midonet virtualport type" and "network: Add midonet virtual port
 * type support to qemu" (Antoni Segura Puimedon) under 1.2.14, and nothing of MidoNet under 1.2.13.
 */
const midonetSince = v('1.2.14');

/** The type names libvirt `version` knows, 'none' (not transferred) first. */
export function vportTypesKnownAt(version: Version): readonly string[] {
  return atLeast(version, midonetSince) ? vportTypesWithMidonet : vportTypesBefore;
}

/** The vporttype libvirt `version` writes back for a name it read: itself, or '(null)' when unknown. */
export function vportTypeWritten(name: string, version: Version): string {
  return vportTypesKnownAt(version).includes(name) ? name : '(null)';
}
