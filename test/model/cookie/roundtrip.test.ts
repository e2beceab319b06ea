// Goal: formatCookie and parseCookie are inverse on every cookie a libvirt of any era could
// write. Method: generate typed cookies per era (src/fuzz/arbitraries/cookie.ts), format them
// with that era's formatter and parse them back with every flag requested, as libvirt's own
// xml2xml test does; the parsed cookie must equal the generated one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCookie, parseCookie } from '../../../src/model/cookie/index.js';
import { versionedCookieArbitrary } from '../../../src/fuzz/arbitraries/cookie.js';
import { formatVersion } from '../../../src/model/version.js';

describe('format → parse', () => {
  it('is the identity on generated cookies of every era', () => {
    fc.assert(fc.property(versionedCookieArbitrary, ({ version, cookie }) => {
      const xml = formatCookie(cookie, undefined, { libvirt: version });
      const parsed = parseCookie(xml, { phase: 'all', libvirt: version });
      if (!parsed.ok) throw new Error(`${formatVersion(version)} rejected its own cookie: ${JSON.stringify(parsed.errors)}\n${xml}`);
      expect(parsed.cookie).toEqual(cookie);
    }), { numRuns: 400, seed: 20261125 });
  });

  it('is stable: formatting a parsed cookie again gives the same text', () => {
    fc.assert(fc.property(versionedCookieArbitrary, ({ version, cookie }) => {
      const xml = formatCookie(cookie, undefined, { libvirt: version });
      const parsed = parseCookie(xml, { phase: 'all', libvirt: version });
      expect(parsed.ok && formatCookie(parsed.cookie, undefined, { libvirt: version })).toBe(xml);
    }), { numRuns: 200, seed: 7 });
  });
});

describe('a vporttype libvirt cannot name', () => {
  // qemuMigrationCookieNetworkXMLParse keeps it as -1; the formatter prints NULL as '(null)'.
  const cookieWith = (vporttype: string): string => `<qemu-migration>
  <name>guest</name>
  <uuid>8ad87f4a-8811-11aa-8000-0003fffffff4</uuid>
  <hostname>src</hostname>
  <hostuuid>b4941676-6c9b-4a82-bfff-ffe88043842e</hostuuid>
  <network>
    <interface index='0' vporttype='${vporttype}'/>
  </network>
</qemu-migration>
`;
  const reformat = (text: string, libvirt: string): string => {
    const parsed = parseCookie(text, { phase: 'all', libvirt });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    return formatCookie(parsed.cookie, parsed.mask, { libvirt });
  };

  it.each([["it&apos;s", '9.0.0'], ['teleport', '9.0.0'], ['midonet', '1.0.3'], ['midonet', '1.2.13'], ['OpenVSwitch', '9.0.0']])('%s is written back as (null) by %s, and that is a fixpoint', (vporttype, libvirt) => {
    const once = reformat(cookieWith(vporttype), libvirt);
    expect(once).toContain("vporttype='(null)'");
    expect(reformat(once, libvirt)).toBe(once);
  });

  it('a type the version knows is written back as read', () => {
    expect(reformat(cookieWith('midonet'), '9.0.0')).toContain("vporttype='midonet'");
    expect(reformat(cookieWith('midonet'), '1.2.14')).toContain("vporttype='midonet'"); // the first release that names it
    expect(reformat(cookieWith('openvswitch'), '1.0.3')).toContain("vporttype='openvswitch'");
  });
});
