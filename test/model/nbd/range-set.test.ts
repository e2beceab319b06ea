// Goal: the overlap check for READ chunks is exact. Method: compare RangeSet with a byte map
// over random sequences of ranges, in any order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RangeSet } from '../../../src/model/nbd/index.js';

describe('RangeSet', () => {
  it('accepts a range exactly when it overlaps nothing accepted before', () => {
    const range = fc.tuple(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 8 })).map(([start, length]) => [start, start + length] as const);
    fc.assert(fc.property(fc.array(range, { maxLength: 40 }), (ranges) => {
      const set = new RangeSet();
      const covered = new Array<boolean>(70).fill(false);
      for (const [start, end] of ranges) {
        const free = covered.slice(start, end).every((c) => !c);
        expect(set.add(start, end)).toBe(free);
        if (free) covered.fill(true, start, end);
        expect(set.coveredBytes).toBe(covered.filter(Boolean).length);
      }
    }), { numRuns: 500 });
  });

  it('merges adjacent ranges, so in-order chunks keep one range', () => {
    const set = new RangeSet();
    for (let i = 0; i < 100; i += 1) set.add(i * 10, i * 10 + 10);
    expect(set.rangeCount).toBe(1);
    const reverse = new RangeSet();
    for (let i = 99; i >= 0; i -= 1) reverse.add(i * 10, i * 10 + 10);
    expect(reverse.rangeCount).toBe(1);
  });
});
