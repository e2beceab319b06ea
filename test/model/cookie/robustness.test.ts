// Goal: hostile input never makes parseCookie throw, hang or pollute an object prototype, and
// every refusal is a coded error with a path. Method: arbitrary strings, and byte- and
// structure-mutated corpus cookies, under both policies; plus the classic attacks (billion
// laughs, a 10 MB cookie, 100,000 nested elements) with their codes and how far the reader got
// before it stopped (work counted, not timed: the parse speed itself is `npm run bench -- cookie`).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cookieErrorCodes, parseCookie, type CookiePolicy, type ParseContext, type ParseResult } from '../../../src/model/cookie/index.js';
import { applyByteEdits, byteEditsArbitrary } from '../../../src/fuzz/mutators/bytes.js';
import { applyStructureEdits, mutableFromXml, structureEditsArbitrary } from '../../../src/fuzz/mutators/structure.js';
import { readXml } from '../../../src/model/xml/reader.js';
import { projectRoot, readLibvirtCorpus, readProjectFile } from '../../support/corpus.js';

const knownCodes = new Set<string>(cookieErrorCodes);
const encoder = new TextEncoder();

const seeds: readonly string[] = [
  ...readdirSync(join(projectRoot, 'corpus/cookies/valid')).map((f) => readProjectFile(`corpus/cookies/valid/${f}`)),
  readLibvirtCorpus('qemumigrationcookiexmldata/full-xml2xml-in.xml'),
  readLibvirtCorpus('qemumigrationcookiexmldata/nbd-bitmaps-xml2xml-in.xml'),
];
const seedTrees = seeds.map((xml) => {
  const tree = mutableFromXml(xml);
  if (!tree) throw new Error('corpus seed is not well-formed');
  return tree;
});

const contextArbitrary: fc.Arbitrary<ParseContext> = fc.record({
  phase: fc.constantFrom('begin', 'prepare', 'perform', 'finish', 'confirm', 'all' as const),
  policy: fc.constantFrom<CookiePolicy>('libvirt', 'strict'),
  libvirt: fc.constantFrom('0.9.2', '1.0.3', '1.2.11', '4.3.0', '9.0.0', '12.5.0'),
  domain: fc.constant({ name: 'migsim-demo', uuid: 'c7a5fdbd-edaf-9455-926a-d65c16db1809' }),
  localHostUuid: fc.constant('0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f60'),
});

/** Parses, checking the contract every result must keep whatever the input. */
function checkedParse(input: string | Uint8Array, context: ParseContext): ParseResult {
  const result = parseCookie(input, context);
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(knownCodes.has(error.code), error.code).toBe(true);
      expect(error.path.startsWith('/')).toBe(true);
      expect(typeof error.message).toBe('string');
    }
  } else {
    expect(() => JSON.stringify(result.cookie, (_k, val: unknown) => (typeof val === 'bigint' ? String(val) : val))).not.toThrow();
  }
  expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  return result;
}

const xmlishString = fc.string({
  unit: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom('<', '>', '/', '=', "'", '"', '&', ';', '!', '?', '-', '[', ']', ' ', '\n', 'a', 'nbd', 'qemu-migration', 'name', 'port', '#', 'x', '1') },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 1 }) },
  ),
  maxLength: 300,
});

describe('parseCookie on hostile input', () => {
  it('never throws on arbitrary strings', () => {
    fc.assert(fc.property(xmlishString, contextArbitrary, (text, context) => void checkedParse(text, context)), { numRuns: 3000, seed: 11 });
  });

  it('never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), contextArbitrary, (bytes, context) => void checkedParse(bytes, context)), { numRuns: 1000, seed: 12 });
  });

  it('never throws on byte-mutated corpus cookies', () => {
    fc.assert(fc.property(fc.nat({ max: seeds.length - 1 }), byteEditsArbitrary, contextArbitrary, (index, edits, context) => {
      void checkedParse(applyByteEdits(encoder.encode(seeds[index] ?? ''), edits), context);
    }), { numRuns: 3000, seed: 13 });
  });

  it('never throws on structure-mutated corpus cookies', () => {
    fc.assert(fc.property(fc.nat({ max: seedTrees.length - 1 }), structureEditsArbitrary, contextArbitrary, (index, edits, context) => {
      const tree = seedTrees[index];
      if (tree) void checkedParse(applyStructureEdits(tree, edits), context);
    }), { numRuns: 3000, seed: 14 });
  });

  it('refuses billion laughs, a 10 MB cookie and 100,000 nested elements with a code, reading no further than the problem', () => {
    const laughs = readProjectFile('corpus/cookies/bad/doctype-forbidden.xml');
    const huge = `<qemu-migration><name>${'x'.repeat(10 * 1024 * 1024)}</name></qemu-migration>`;
    const deep = `<qemu-migration>${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}</qemu-migration>`;
    const context: ParseContext = { phase: 'prepare' };
    for (const [input, code] of [[laughs, 'doctype-forbidden'], [huge, 'cookie-too-large'], [deep, 'too-deep']] as const) {
      for (const policy of ['libvirt', 'strict'] as const) {
        const result = checkedParse(input, { ...context, policy });
        expect(result.ok ? 'accepted' : result.errors[0]?.code).toBe(code);
      }
    }
    const hugeBytes = encoder.encode(huge);
    const result = checkedParse(hugeBytes, context);
    expect(result.ok ? 'accepted' : result.errors[0]?.code).toBe('cookie-too-large');
    // The reader stops at the DOCTYPE (before any entity is declared, let alone expanded) and at
    // the 33rd open element: a bounded amount of work whatever follows.
    const laughsRead = readXml(laughs);
    expect(laughsRead.ok ? null : laughsRead.error).toMatchObject({ kind: 'doctype', offset: laughs.indexOf('<!DOCTYPE') });
    const deepRead = readXml(deep);
    expect(deepRead.ok ? null : deepRead.error).toMatchObject({ kind: 'too-deep', offset: '<qemu-migration>'.length + 31 * '<a>'.length });
  });

  it('keeps parsed data off object prototypes', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const xml = `<qemu-migration><name>g</name><uuid>u</uuid><hostname>h</hostname><hostuuid>0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f61</hostuuid><${name} polluted='yes'/></qemu-migration>`;
      const result = checkedParse(xml, { phase: 'all' });
      expect(result.ok ? 'accepted' : result.errors[0]?.code).toBe('unsafe-name');
    }
  });
});
