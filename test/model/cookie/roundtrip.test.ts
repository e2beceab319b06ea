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
