// Goal: every cookie of libvirt's own test data parses under the libvirt policy against its
// status XML's domain, and re-formats to the matching *-out.xml byte for byte, as libvirt's
// tests/qemumigrationcookiexmltest.c checks: parse with every flag, local hostname and host UUID
// from the test's mocks, mandatory features not kept by the parser.
import { describe, expect, it } from 'vitest';
import { formatCookie, parseCookie } from '../../../src/model/cookie/index.js';
import { firstChild, firstChildString } from '../../../src/model/xml/query.js';
import { readXml } from '../../../src/model/xml/reader.js';
import { readLibvirtCorpus } from '../../support/corpus.js';

// virGetHostname()/virGetHostUUID() as mocked by libvirt's test (tests/qemumigrationcookiexmltest.c).
const mockHostname = 'hostname';
const mockHostUuid = '4a802f00-4cba-5df6-9679-a08c4c5b577f';

function statusDomain(path: string): { name: string; uuid: string } {
  const read = readXml(readLibvirtCorpus(path));
  if (!read.ok) throw new Error(`status XML ${path}: ${read.error.message}`);
  const domain = firstChild(read.document.root, 'domain');
  const name = domain && firstChildString(domain, 'name');
  const uuid = domain && firstChildString(domain, 'uuid');
  if (!name || !uuid) throw new Error(`no domain name/uuid in ${path}`);
  return { name, uuid };
}

const modern = 'qemustatusxml2xmldata/modern-in.xml';
const bitmaps = 'qemustatusxml2xmldata/migration-out-nbd-bitmaps-in.xml';

describe("libvirt's cookie test data", () => {
  it.each([['basic', modern], ['full', modern], ['nbd-bitmaps', bitmaps]])('%s re-formats byte for byte', (name, status) => {
    const input = readLibvirtCorpus(`qemumigrationcookiexmldata/${name}-xml2xml-in.xml`);
    const result = parseCookie(input, { phase: 'all', policy: 'libvirt', domain: statusDomain(status), localHostUuid: mockHostUuid });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const out = formatCookie({ ...result.cookie, features: [], hostname: mockHostname, hostuuid: mockHostUuid }, result.mask);
    expect(out).toBe(readLibvirtCorpus(`qemumigrationcookiexmldata/${name}-xml2xml-out.xml`));
  });

  it.each(['modern-dom-out-source.xml', 'modern-dom-out-dest.xml'])('%s parses against its domain', (file) => {
    const result = parseCookie(readLibvirtCorpus(`qemumigrationcookiexmldata/${file}`),
      { phase: 'all', policy: 'libvirt', domain: statusDomain(modern), localHostUuid: mockHostUuid });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.cookie.graphics).toMatchObject({ type: 'spice', port: 5900, tlsPort: -1 });
  });

  it('reads the nbd-bitmaps Begin cookie in Prepare with its disks and bitmaps', () => {
    const result = parseCookie(readLibvirtCorpus('qemumigrationcookiexmldata/nbd-bitmaps-xml2xml-in.xml'),
      { phase: 'prepare', libvirt: '7.1.0', domain: statusDomain(bitmaps), localHostUuid: mockHostUuid });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.cookie.nbd).toEqual({ port: 0, disks: [{ target: 'hda', capacity: 708837376n }, { target: 'vda', capacity: 10485760n }] });
    expect(result.cookie.blockDirtyBitmaps?.[0]?.bitmaps.map((b) => b.name)).toEqual(['a', 'b', 'c']);
  });
});
