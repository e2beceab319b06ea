// Goal: the shared parse (a memo of results, one XML read per text) answers exactly as parseCookie
// does, for every context, NUL bytes and custom limits included, in whatever order the contexts
// come; and its context key tells every field of a ParseContext apart (a field it missed would
// hand one context's verdict to another).
// Method: the corpus cookies and mutated ones under a grid of contexts, compared with a fresh
// parseCookie; then one context per field changed against a base.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ParseContext } from '../../../src/model/cookie/context.js';
import { parseCookie } from '../../../src/model/cookie/parse.js';
import { contextKey, parseCookieShared } from '../../../src/model/cookie/parse-shared.js';

const dir = new URL('../../../corpus/cookies/valid/', import.meta.url);
const corpus = readdirSync(dir).map((name) => readFileSync(new URL(name, dir), 'utf8'));

const contexts: readonly ParseContext[] = [
  { phase: 'all' },
  { phase: 'prepare', policy: 'strict', duplicateNbd: 'reject', portRangeCheck: true },
  { phase: 'prepare', libvirt: '1.0.2' },
  { phase: 'perform', libvirt: '9.0.0', storageMigration: false },
  { phase: 'finish', libvirt: { major: 6, minor: 1, micro: 0 }, localHostname: 'source.example.org' },
  { phase: 'prepare', domain: { name: 'other' } },
  { phase: 'all', limits: { nodesMax: 8 } },
];

describe('parseCookieShared', () => {
  it('answers as parseCookie for every cookie, context and order', () => {
    const text = fc.oneof(fc.constantFrom(...corpus), fc.constantFrom(...corpus).chain((xml) => fc.tuple(fc.nat(xml.length), fc.nat(xml.length), fc.constantFrom('', '\u0000', '<nbd port=\'1\'/>', '<', 'x'))
      .map(([from, to, insert]) => xml.slice(0, Math.min(from, to)) + insert + xml.slice(Math.max(from, to)))));
    fc.assert(fc.property(fc.array(fc.tuple(text, fc.constantFrom(...contexts)), { minLength: 1, maxLength: 12 }), (reads) => {
      for (const [xml, context] of reads) expect(parseCookieShared(xml, context)).toEqual(parseCookie(xml, context));
    }), { numRuns: 300 });
  });

  it('keys every field of the context apart', () => {
    const base: ParseContext = { phase: 'prepare' };
    const changed: readonly ParseContext[] = [
      { phase: 'perform' }, { ...base, policy: 'libvirt' }, { ...base, libvirt: '9.0.0' }, { ...base, libvirt: { major: 9, minor: 0, micro: 0 } },
      { ...base, domain: {} }, { ...base, domain: { name: 'a' } }, { ...base, domain: { uuid: 'a' } }, { ...base, localHostUuid: 'a' },
      { ...base, localHostname: 'a' }, { ...base, storageMigration: true }, { ...base, mask: 0 }, { ...base, duplicateNbd: 'last-wins' },
      { ...base, portRangeCheck: false }, { ...base, limits: {} }, { ...base, limits: { depthMax: 3 } },
    ];
    const keys = [base, ...changed].map(contextKey);
    expect(new Set(keys).size).toBe(keys.length);
    // Every field ParseContext has is changed above (a new field fails the type check here, then
    // this line, until the key covers it).
    const everyField = {
      phase: true, policy: true, libvirt: true, domain: true, localHostUuid: true, localHostname: true, storageMigration: true,
      mask: true, duplicateNbd: true, portRangeCheck: true, limits: true,
    } satisfies Record<keyof ParseContext, true>;
    expect([...new Set(changed.flatMap((c) => Object.keys(c)))].sort()).toEqual(Object.keys(everyField).sort());
  });
});
