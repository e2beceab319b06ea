// Goal: the bounded memo answers exactly what its function computes, never holds more than its
// bound, and keeps a key that is asked for again before half a table of new keys has come in.
// Method: random sequences of keys from a small alphabet against a pure function that counts its
// calls; then a key, fewer than entriesMax/2 other new keys, the key again.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/model/memo.js';

const valueOf = (key: string): string => `value of ${key}`;

describe('BoundedMemo', () => {
  it('answers what the function computes and stays within its bound', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 16 }), fc.array(fc.nat(40), { maxLength: 400 }), (entriesMax, keys) => {
      const memo = new BoundedMemo<string>(entriesMax);
      for (const n of keys) {
        const key = `k${n}`;
        expect(memo.get(key, () => valueOf(key))).toBe(valueOf(key));
        expect(memo.size).toBeLessThanOrEqual(Math.max(2, entriesMax)); // below 2 counts as 2
      }
    }));
  });

  it('keeps a key asked for again before half a table of other keys came in', () => {
    fc.assert(fc.property(fc.integer({ min: 2, max: 64 }), fc.array(fc.nat(1000), { maxLength: 200 }), fc.nat(100), (entriesMax, before, othersWanted) => {
      const memo = new BoundedMemo<string>(entriesMax);
      for (const n of before) memo.get(`b${n}`, () => valueOf(`b${n}`));
      memo.get('kept', () => valueOf('kept'));
      const others = othersWanted % Math.floor(entriesMax / 2);
      for (let i = 0; i < others; i += 1) memo.get(`other${i}`, () => valueOf(`other${i}`));
      let computed = 0;
      expect(memo.get('kept', () => { computed += 1; return valueOf('kept'); })).toBe(valueOf('kept'));
      expect(computed).toBe(0);
    }));
  });

  it('computes a key again once enough new keys have pushed it out', () => {
    const memo = new BoundedMemo<string>(4);
    memo.get('old', () => valueOf('old'));
    for (let i = 0; i < 4; i += 1) memo.get(`new${i}`, () => valueOf(`new${i}`));
    let computed = 0;
    memo.get('old', () => { computed += 1; return valueOf('old'); });
    expect(computed).toBe(1);
    expect(memo.size).toBeLessThanOrEqual(4);
  });
});
