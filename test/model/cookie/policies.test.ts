// Goal: the strict policy only adds refusals for duplicate, unknown or out-of-range parts; on
// every other cookie it gives exactly libvirt's verdict. Method: cookies libvirt of some era
// could write, optionally edited in ways that create none of those parts (elements removed,
// texts and attributes changed to malformed-but-in-range values), parsed by every phase with a
// local domain and host that may or may not match, under both policies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { versionedCookieArbitrary } from '../../../src/fuzz/arbitraries/cookie.js';
import { applyStructureEdits, mutableFromXml, type StructureEdit } from '../../../src/fuzz/mutators/structure.js';
import { cookieToJson, formatCookie, parseCookie, type ParseContext, type ParseResult } from '../../../src/model/cookie/index.js';

const target = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 3 });
const neutralEdit: fc.Arbitrary<StructureEdit> = fc.oneof(
  fc.record({ kind: fc.constant('remove' as const), target }),
  fc.record({ kind: fc.constant('set-text' as const), target, text: fc.constantFrom('', 'other', 'C7A5FDBD-EDAF-9455-926A-D65C16DB1809', 'x y') }),
  fc.record({
    kind: fc.constant('set-attribute' as const), target,
    name: fc.constantFrom('port', 'capacity', 'target', 'name', 'type', 'vporttype', 'auto', 'tlsPort', 'listen'),
    value: fc.constantFrom('0x10', 'abc', '12a', 'vda', 'yes', '5', 'spice', '2147483648'),
  }),
);

function verdict(result: ParseResult): unknown {
  return result.ok ? { ok: true, cookie: cookieToJson(result.cookie), warnings: result.warnings } : { ok: false, codes: result.errors.map((e) => e.code) };
}

describe('libvirt and strict policies', () => {
  it('agree on every cookie without duplicate, unknown or out-of-range parts', () => {
    fc.assert(fc.property(
      versionedCookieArbitrary, fc.array(neutralEdit, { maxLength: 3 }),
      fc.constantFrom('begin', 'prepare', 'perform', 'finish', 'confirm', 'all' as const),
      fc.boolean(), fc.boolean(),
      ({ version, cookie }, edits, phase, sameDomain, otherHost) => {
        const tree = mutableFromXml(formatCookie(cookie, undefined, { libvirt: version }));
        if (!tree) throw new Error('formatter wrote malformed XML');
        const xml = applyStructureEdits(tree, edits);
        const context: ParseContext = {
          phase, libvirt: version,
          domain: sameDomain ? { name: cookie.name, uuid: cookie.uuid } : { name: 'another', uuid: '5f2d3c1b-0a9e-4d8c-b7a6-958473625140' },
          localHostUuid: otherHost ? '5f2d3c1b-0a9e-4d8c-b7a6-958473625141' : cookie.hostuuid,
        };
        // A port made to be 0 or above 65535 by an edit is out of range by definition; skip those.
        const libvirt = parseCookie(xml, { ...context, policy: 'libvirt' });
        if (libvirt.ok && libvirt.cookie.nbd && (libvirt.cookie.nbd.port < 0 || libvirt.cookie.nbd.port > 65535)) return;
        const strict = parseCookie(xml, { ...context, policy: 'strict' });
        expect(verdict(strict)).toEqual(verdict(libvirt));
      }), { numRuns: 1500, seed: 31 });
  });

  it('differ exactly on the libvirt quirks the strict policy fixes', () => {
    const head = "<qemu-migration><name>g</name><uuid>c7a5fdbd-edaf-9455-926a-d65c16db1809</uuid><hostname>h</hostname><hostuuid>0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60</hostuuid>";
    const cases: [string, string, unknown][] = [
      ["<nbd/><nbd port='5'/>", 'duplicate-element', { port: 5, disks: [] }],
      ["<nbd port='1'><disk target='vda' capacity='1'/></nbd><nbd><disk target='vdb' capacity='2'/></nbd>", 'duplicate-element',
        { port: 1, disks: [{ target: 'vda', capacity: '1' }, { target: 'vdb', capacity: '2' }] }],
      ["<nbd port='-5'/>", 'nbd-port-out-of-range', { port: -5, disks: [] }],
      ["<nbd port='70000'/>", 'nbd-port-out-of-range', { port: 70000, disks: [] }],
      ["<nbd port=''/><nbd port='7'/>", 'duplicate-element', { port: 0, disks: [] }],
      ["<nbd><disk target='vda' capacity='-1'/></nbd>", 'negative-disk-capacity', { port: 0, disks: [{ target: 'vda', capacity: '18446744073709551615' }] }],
      ["<teleport/><nbd port='1'/>", 'unknown-element', { port: 1, disks: [] }],
    ];
    for (const [body, code, nbd] of cases) {
      const xml = `${head}${body}</qemu-migration>`;
      const libvirt = parseCookie(xml, { phase: 'perform' });
      expect(libvirt.ok && cookieToJson(libvirt.cookie)).toMatchObject({ nbd });
      const strict = parseCookie(xml, { phase: 'perform', policy: 'strict' });
      expect(strict.ok ? 'accepted' : strict.errors[0]?.code).toBe(code);
    }
    const renamed = parseCookie(`${head.replace('<qemu-migration>', '<cookie>')}</cookie>`, { phase: 'perform' });
    expect(renamed.ok).toBe(true);
  });
});
