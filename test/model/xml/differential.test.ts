// Goal: our XML reader and query helpers see exactly what libvirt's libxml2 + XPath lookups
// see. Method: for generated, structure-mutated and byte-mutated cookies, parse with our reader
// and with libxml2 (libxml2-wasm, an independent implementation), compare the well-formedness
// verdict, and for documents both accept compare the values of libvirt's own XPath expressions
// from qemuMigrationCookieXMLParse, evaluated by libxml2 on one side and by src/model/xml/query.ts
// on the other.
//
// Known, deliberate differences, excluded from the comparison:
// - an undeclared namespace prefix or a malformed QName is a non-fatal libxml2 namespace error
//   (xmlNsErr) that libvirt ignores
//   (catchXMLError reports only XML_ERR_FATAL), but libxml2-wasm throws on it;
// - our reader refuses DOCTYPEs, non-UTF-8 encoding declarations, `__proto__`-style names and
//   nesting deeper than its limit, where libxml2 would go on.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { ParseOption, XmlDocument, type XmlElement as LibxmlElement } from 'libxml2-wasm';
import { describe, expect, it } from 'vitest';
import { versionedCookieArbitrary } from '../../../src/fuzz/arbitraries/cookie.js';
import { applyByteEdits, byteEditsArbitrary } from '../../../src/fuzz/mutators/bytes.js';
import { applyStructureEdits, mutableFromXml, structureEditsArbitrary } from '../../../src/fuzz/mutators/structure.js';
import { formatCookie } from '../../../src/model/cookie/index.js';
import { attribute, childElements, firstAttributeString, firstChild, stringValue } from '../../../src/model/xml/query.js';
import { readXml } from '../../../src/model/xml/reader.js';
import type { XmlElement } from '../../../src/model/xml/tree.js';
import { projectRoot, readProjectFile } from '../../support/corpus.js';

type View = Record<string, unknown>;

const singletons = ['name', 'uuid', 'hostname', 'hostuuid'];

/** libvirt's lookups, evaluated by libxml2's XPath engine on the root element. */
function libxmlView(root: LibxmlElement): View {
  const str = (xpath: string): string => String(root.eval(`string(${xpath})`));
  const each = (xpath: string, map: (node: LibxmlElement) => unknown): unknown[] =>
    (root.find(xpath) as LibxmlElement[]).map(map);
  const prop = (node: LibxmlElement, name: string): string | null => {
    const attr = node.attr(name);
    return attr ? attr.value : null;
  };
  return {
    root: root.name,
    ...Object.fromEntries(singletons.map((name) => [name, str(`./${name}[1]`)])),
    features: each('./feature', (n) => prop(n, 'name')),
    nbdCount: Number(root.eval('count(./nbd)')),
    nbdPort: str('./nbd/@port'),
    nbdDisks: each('./nbd/disk', (n) => [String(n.eval('string(./@target)')), String(n.eval('string(./@capacity)'))]),
    graphics: ['type', 'port', 'listen', 'tlsPort'].map((a) => str(`./graphics/@${a}`)),
    cert: str("./graphics/cert[@info='subject']/@value"),
    lock: [str('./lockstate[1]/@driver'), str('./lockstate[1]/leases[1]')],
    domains: Number(root.eval('count(./domain)')),
    interfaces: each('./network/interface', (n) => [prop(n, 'vporttype'), String(n.eval('string(./portdata[1])'))]),
    caps: each('./capabilities[1]/cap', (n) => [prop(n, 'name'), prop(n, 'auto')]),
    bitmaps: each('./blockDirtyBitmaps/disk', (n) => [prop(n, 'target'),
      (n.find('./bitmap') as LibxmlElement[]).map((b) => [prop(b, 'name'), prop(b, 'alias')])]),
    // qemuMigrationCookieStatisticsXMLParse moves the context to virXPathNode("./statistics").
    started: String(root.get('./statistics')?.eval('string(./started[1])') ?? ''),
  };
}

/** The same lookups through migsim's query helpers. */
function ourView(root: XmlElement): View {
  const str = (element: XmlElement | undefined): string => (element ? stringValue(element) : '');
  const attrs = (parent: XmlElement, child: string, name: string): string => firstAttributeString(parent, child, name) ?? '';
  const all = (parent: string, child: string): XmlElement[] => childElements(root, parent).flatMap((p) => childElements(p, child));
  const lock = firstChild(root, 'lockstate');
  const stats = firstChild(root, 'statistics');
  const capabilities = firstChild(root, 'capabilities');
  const cert = childElements(root, 'graphics').flatMap((g) => childElements(g, 'cert'))
    .find((c) => attribute(c, 'info') === 'subject' && attribute(c, 'value') !== undefined);
  return {
    root: root.name,
    ...Object.fromEntries(singletons.map((name) => [name, str(firstChild(root, name))])),
    features: childElements(root, 'feature').map((f) => attribute(f, 'name') ?? null),
    nbdCount: childElements(root, 'nbd').length,
    nbdPort: attrs(root, 'nbd', 'port'),
    nbdDisks: all('nbd', 'disk').map((d) => [attribute(d, 'target') ?? '', attribute(d, 'capacity') ?? '']),
    graphics: ['type', 'port', 'listen', 'tlsPort'].map((a) => attrs(root, 'graphics', a)),
    cert: cert ? attribute(cert, 'value') ?? '' : '',
    lock: [lock ? attribute(lock, 'driver') ?? '' : '', lock ? str(firstChild(lock, 'leases')) : ''],
    domains: childElements(root, 'domain').length,
    interfaces: all('network', 'interface').map((n) => [attribute(n, 'vporttype') ?? null, str(firstChild(n, 'portdata'))]),
    caps: (capabilities ? childElements(capabilities, 'cap') : []).map((c) => [attribute(c, 'name') ?? null, attribute(c, 'auto') ?? null]),
    bitmaps: all('blockDirtyBitmaps', 'disk').map((d) => [attribute(d, 'target') ?? null,
      childElements(d, 'bitmap').map((b) => [attribute(b, 'name') ?? null, attribute(b, 'alias') ?? null])]),
    started: str(stats ? firstChild(stats, 'started') : undefined),
  };
}

type Verdict = { ok: true; view: View } | { ok: false; message: string };

function libxml(text: string): Verdict | 'skip' {
  let doc: XmlDocument | undefined;
  try {
    doc = XmlDocument.fromString(text, { option: ParseOption.XML_PARSE_NONET });
    return { ok: true, view: libxmlView(doc.root) };
  } catch (error) {
    const message = String(error);
    return /Namespace prefix .* is not defined|Failed to parse QName|xmlns/.test(message) ? 'skip' : { ok: false, message };
  } finally {
    doc?.dispose();
  }
}

function ours(text: string): Verdict | 'skip' {
  const read = readXml(text);
  if (read.ok) return { ok: true, view: ourView(read.document.root) };
  if (read.error.kind !== 'malformed' || /Unsupported encoding/.test(read.error.message)) return 'skip';
  return { ok: false, message: read.error.message };
}

const stats = { compared: 0, bothAccepted: 0, skipped: 0 };

function compare(text: string): void {
  const a = libxml(text);
  const b = ours(text);
  if (a === 'skip' || b === 'skip') {
    stats.skipped += 1;
    return;
  }
  stats.compared += 1;
  expect(b.ok, `verdicts differ: libxml2 ${a.ok ? 'accepted' : `refused (${a.ok ? '' : a.message})`} for ${JSON.stringify(text.slice(0, 300))}`).toBe(a.ok);
  if (a.ok && b.ok) {
    stats.bothAccepted += 1;
    expect(b.view).toEqual(a.view);
  }
}

const seeds = readdirSync(join(projectRoot, 'corpus/cookies/valid')).map((f) => readProjectFile(`corpus/cookies/valid/${f}`));
const trees = seeds.map((xml) => mutableFromXml(xml)).filter((t) => t !== null);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: false });

describe('differential: migsim XML reader vs libxml2', () => {
  it('agrees on generated cookies', () => {
    fc.assert(fc.property(versionedCookieArbitrary, ({ version, cookie }) => compare(formatCookie(cookie, undefined, { libvirt: version }))),
      { numRuns: 300, seed: 21 });
  });

  it('agrees on structure-mutated cookies', () => {
    fc.assert(fc.property(fc.nat({ max: trees.length - 1 }), structureEditsArbitrary, (i, edits) => {
      const tree = trees[i];
      if (tree) compare(applyStructureEdits(tree, edits));
    }), { numRuns: 1500, seed: 22 });
  });

  it('agrees on byte-mutated cookies', () => {
    fc.assert(fc.property(fc.nat({ max: seeds.length - 1 }), byteEditsArbitrary, (i, edits) => {
      compare(decoder.decode(applyByteEdits(encoder.encode(seeds[i] ?? ''), edits)));
    }), { numRuns: 1500, seed: 23 });
  });

  it('agrees on hand-picked edge cases', () => {
    const cases = [
      '<r>a<![CDATA[<b>]]>c</r>', "<r x='a\tb\nc'/>", "<r x='&#9;&#10;'/>", '<r>&#x1F600;</r>', '<r>\r\nline</r>',
      '<r xmlns="urn:x"><name>n</name></r>', '<r><name xmlns="">n</name></r>', '<r><!-- c --><name>a<!-- x -->b</name></r>',
      '<r><?pi x?></r>', '<r>]]></r>', '<r a="<"/>', '<r a="1"b="2"/>', '<r>&unknown;</r>', '<?xml version="1.0"?><r/>',
      '<?xml version="1.0" standalone="yes"?><r/>', ' <r/> ', '<r/>\n<!-- after -->', '<r></R>', '<1r/>', '<r:/>',
    ];
    for (const text of cases) compare(text);
  });

  it('compared a meaningful number of documents', () => {
    expect(stats.compared).toBeGreaterThan(2000);
    expect(stats.bothAccepted).toBeGreaterThan(1000);
  });
});
