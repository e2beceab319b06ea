// Goal: sizes, rates and durations parse the way people write them, and bad input comes back as
// a typed error (never a throw). Method: tables of accepted and refused spellings, plus a
// property: formatting a size with a binary unit and parsing it back gives the same bytes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatBytes, formatDurationNs, formatRate, parseDurationNs, parseRate, parseSize } from '../../src/model/units.js';

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;

describe('parseSize', () => {
  it.each([
    ['10GiB', 10 * GiB], ['64KiB', 64 * KiB], ['16M', 16 * MiB], ['64K', 64 * KiB], ['1.5 GiB', 1.5 * GiB], ['1e9', 1e9],
    ['4096', 4096], ['512B', 512], ['1KB', 1000], ['100MB', 100e6], ['1TiB', 1024 * GiB], ['2 GB', 2e9], ['1gIB', GiB],
  ])('reads %s as %d bytes', (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });

  it.each([
    ['', 'empty'], ['-1GiB', 'negative'], ['1gib', 'unknown-unit'], ['GiB', 'not-a-number'], ['10Mb', 'unknown-unit'], ['10 parsecs', 'unknown-unit'],
    ['1.1KiB', 'not-whole'], ['0.5', 'not-whole'], ['1e300', 'too-large'], ['1e400', 'too-large'],
  ])('refuses %j with %s', (text, code) => {
    const result = parseSize(text);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe(code);
      expect(result.error.input).toBe(text);
      expect(result.error.message.length).toBeGreaterThan(5);
    }
  });
});

describe('parseRate', () => {
  it.each([
    ['1GiB/s', GiB], ['100MiB/s', 100 * MiB], ['10Gbit/s', 1.25e9], ['800Mbit/s', 1e8], ['1Gbps', 1.25e8], ['10Gb/s', 1.25e9],
    ['125MB/s', 125e6], ['100M/s', 100 * MiB], ['1e9', 1e9], ['5 MiB/s', 5 * MiB], ['1Gibit/s', GiB / 8], ['64KiB/s', 64 * KiB],
  ])('reads %s as %d bytes per second', (text, rate) => {
    expect(parseRate(text)).toEqual({ ok: true, value: rate });
  });

  it.each([['1GiB', 'unknown-unit'], ['fast', 'not-a-number'], ['-5MiB/s', 'negative'], ['3 furlongs/s', 'unknown-unit']])(
    'refuses %j with %s', (text, code) => {
      const result = parseRate(text);
      expect(result.ok ? null : result.error.code).toBe(code);
    });
});

describe('parseDurationNs', () => {
  it.each([
    ['1ms', 1e6], ['10s', 10e9], ['5m', 300e9], ['1h', 3600e9], ['1h30m', 5400e9], ['250us', 250e3], ['250µs', 250e3],
    ['1.5h', 5400e9], ['2 min', 120e9], ['100ns', 100], ['1e-3s', 1e6], ['61us', 61e3],
  ])('reads %s as %d ns', (text, ns) => {
    expect(parseDurationNs(text)).toEqual({ ok: true, value: ns });
  });

  it.each([['1', 'missing-unit'], ['3x', 'unknown-unit'], ['', 'empty'], ['-1s', 'negative'], ['soon', 'not-a-number'], ['1s and', 'unknown-unit']])(
    'refuses %j with %s', (text, code) => {
      const result = parseDurationNs(text);
      expect(result.ok ? null : result.error.code).toBe(code);
    });

  it('never throws, whatever the input', () => {
    fc.assert(fc.property(fc.string(), (text) => {
      for (const parse of [parseSize, parseRate, parseDurationNs]) expect(typeof parse(text).ok).toBe('boolean');
    }));
  });
});

describe('formatting', () => {
  it('writes sizes, rates and durations with three significant digits', () => {
    expect(formatBytes(GiB)).toBe('1.00 GiB');
    expect(formatBytes(64 * KiB)).toBe('64.0 KiB');
    expect(formatBytes(100)).toBe('100 B');
    expect(formatRate(95.4 * MiB)).toBe('95.4 MiB/s');
    expect(formatDurationNs(16.2e9)).toBe('16.2 s');
    expect(formatDurationNs(61e3)).toBe('61.0 µs');
    expect(formatDurationNs(125e9)).toBe('2 min 05 s');
    expect(formatDurationNs(3725e9)).toBe('1 h 02 min');
  });

  it('parses back a whole number of KiB written in KiB', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 40 }), (kib) => {
      expect(parseSize(`${kib}KiB`)).toEqual({ ok: true, value: kib * KiB });
    }));
  });
});
